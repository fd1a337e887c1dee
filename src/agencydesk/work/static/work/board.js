/* The board's drag and drop: dropping a card on another column sends the
   card's own move form (status and the version the board showed) through
   htmx, which swaps the board; a refusal comes back as the board with its
   message on top. Without JavaScript, or from the keyboard, the same form
   works with its list and its Move button. */
(function () {
  "use strict";

  var dragged = null;

  function column(target) {
    return target && target.closest ? target.closest("[data-drop-status]") : null;
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".board-card[data-task]");
    if (!card) {
      return;
    }
    dragged = card;
    card.classList.add("opacity-50");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-task"));
  });

  document.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("opacity-50");
    }
    dragged = null;
    document.querySelectorAll(".board-column.border-primary").forEach(function (el) {
      el.classList.remove("border-primary");
    });
  });

  document.addEventListener("dragover", function (event) {
    var target = column(event.target);
    if (dragged && target) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      target.classList.add("border-primary");
    }
  });

  document.addEventListener("dragleave", function (event) {
    var target = column(event.target);
    if (target && !target.contains(event.relatedTarget)) {
      target.classList.remove("border-primary");
    }
  });

  document.addEventListener("drop", function (event) {
    var target = column(event.target);
    if (!dragged || !target) {
      return;
    }
    event.preventDefault();
    var form = dragged.querySelector("form.board-move");
    var status = target.getAttribute("data-drop-status");
    if (!form || form.elements.status.value === status) {
      return;
    }
    form.elements.status.value = status;
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  });

  // A refusal htmx does not swap (no permission, a task gone): say so.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("board-message");
    var form = event.detail.elt;
    if (!box || !form.matches || !form.matches("form.board-move")) {
      return;
    }
    var alert = document.createElement("div");
    alert.className = "alert alert-danger";
    alert.textContent = box.getAttribute("data-refused");
    box.replaceChildren(alert);
  });
})();
