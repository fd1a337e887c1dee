/* Agency Desk's own behaviour. The Content-Security-Policy runs scripts only
   from static files, so what templates once wrote inline (onchange=, hx-on,
   style="width: …") is done here, for the page and for what htmx swaps in. */
(function () {
  "use strict";

  // <select data-submit-on-change>: sends its form when changed (language).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-submit-on-change]") && field.form) {
      field.form.submit();
    }
  });

  // <form data-reset-after="ID">: empties itself once htmx answered with
  // success into the element ID (the communication log above the timeline).
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var target = event.detail.target;
    if (
      form.matches &&
      form.matches("form[data-reset-after]") &&
      event.detail.successful &&
      target &&
      target.id === form.dataset.resetAfter
    ) {
      form.reset();
    }
  });

  // data-width-percent="42": a width the server computed (progress bars),
  // set through the CSSOM, which the policy allows.
  function setWidths(root) {
    var bars = Array.prototype.slice.call(
      root.querySelectorAll ? root.querySelectorAll("[data-width-percent]") : []
    );
    if (root.matches && root.matches("[data-width-percent]")) {
      bars.push(root);
    }
    bars.forEach(function (bar) {
      var percent = Number(bar.getAttribute("data-width-percent")) || 0;
      bar.style.width = Math.max(0, Math.min(100, percent)) + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    setWidths(document);
  });
  document.addEventListener("htmx:load", function (event) {
    setWidths(event.detail.elt);
  });
})();
