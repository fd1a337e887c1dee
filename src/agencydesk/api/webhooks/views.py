"""Staff pages of the webhooks: list, create, edit, the delivery log, buttons."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, perform, posted, reads, submit, writes
from agencydesk.core.pagination import paginate

from ..models import WebhookDelivery, WebhookSubscription
from . import services
from .forms import SubscriptionForm
from .selectors import deliveries_of, subscriptions_for_list

PERM = services.PERMISSION


def _subscription(request: HttpRequest, subscription_id: int) -> WebhookSubscription:
    return access_object(
        request.viewer,
        WebhookSubscription.objects.select_related("client"),
        subscription_id,
        action="change",
    )


@staff_required(PERM)
@reads
def subscription_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, subscriptions_for_list())
    return render(request, "api/webhooks/list.html", {"page": page})


@staff_required(PERM)
@writes
def subscription_create(request: HttpRequest) -> HttpResponse:
    return submit(
        request,
        SubscriptionForm(**posted(request), viewer=request.viewer),
        lambda data: services.subscription_create(actor=request.user, **data),
        template="api/webhooks/form.html",
        answer=lambda created: render(
            request, "api/webhooks/created.html", {"created": created}
        ),
    )


@staff_required(PERM)
@writes
def subscription_edit(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(request, subscription_id)
    initial = {
        "url": subscription.url,
        "event_types": subscription.event_types,
        "client": subscription.client,
    }
    return submit(
        request,
        SubscriptionForm(**posted(request), initial=initial, viewer=request.viewer),
        lambda data: services.subscription_update(
            actor=request.user, subscription=subscription, **data
        ),
        template="api/webhooks/form.html",
        context={"subscription": subscription},
        success=_("The webhook was saved."),
        redirect_to=lambda _s: subscription_url(subscription),
    )


def subscription_url(subscription: WebhookSubscription) -> str:
    return reverse("webhooks:detail", args=[subscription.pk])


@staff_required(PERM)
@reads
def subscription_detail(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(request, subscription_id)
    page = paginate(request, deliveries_of(subscription))
    return render(
        request,
        "api/webhooks/detail.html",
        {"subscription": subscription, "page": page},
    )


@staff_required(PERM)
@button
def subscription_test(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(request, subscription_id)
    return perform(
        request,
        lambda: services.webhook_send_test(
            actor=request.user, subscription=subscription
        ),
        redirect_to=subscription_url(subscription),
        success=_("A test event was sent. Its delivery is in the log below."),
    )


@staff_required(PERM)
@button
def subscription_enable(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(request, subscription_id)
    return perform(
        request,
        lambda: services.subscription_enable(
            actor=request.user, subscription=subscription
        ),
        redirect_to=subscription_url(subscription),
        success=_("The webhook is on again."),
    )


@staff_required(PERM)
@button
def subscription_delete(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(request, subscription_id)
    return perform(
        request,
        lambda: services.subscription_delete(
            actor=request.user, subscription=subscription
        ),
        redirect_to="webhooks:list",
        success=_("The webhook was deleted."),
    )


@staff_required(PERM)
@button
def delivery_redeliver(
    request: HttpRequest, subscription_id: int, delivery_id: int
) -> HttpResponse:
    subscription = _subscription(request, subscription_id)
    delivery = access_object(
        request.viewer,
        WebhookDelivery.objects.filter(subscription=subscription).select_related(
            "event", "subscription"
        ),
        delivery_id,
        action="view",
    )
    return perform(
        request,
        lambda: services.webhook_redeliver(actor=request.user, delivery=delivery),
        redirect_to=subscription_url(subscription),
        success=_("The event was sent again. Its delivery is in the log below."),
    )
