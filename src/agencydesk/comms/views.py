"""Endpoints of outside channels."""

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from agencydesk.core.actions import endpoint

from .services import whatsapp


@csrf_exempt
@endpoint(
    "signed webhook: Meta's verification handshake and deliveries signed with "
    "the app secret, answered in plain text as Meta expects"
)
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request: HttpRequest) -> HttpResponse:
    """Meta's verification handshake (GET) and signed deliveries (POST)."""
    if request.method == "GET":
        challenge = whatsapp.verification_answer(request.GET)
        if challenge is None:
            return HttpResponseForbidden("Verification failed.")
        return HttpResponse(challenge, content_type="text/plain")
    body = request.body
    if not whatsapp.signature_valid(body, request.headers.get("X-Hub-Signature-256")):
        return HttpResponseForbidden("Bad signature.")
    try:
        whatsapp.webhook_receive(body)
    except whatsapp.PayloadInvalidError:
        return HttpResponseBadRequest("Malformed payload.", content_type="text/plain")
    return HttpResponse("OK", content_type="text/plain")
