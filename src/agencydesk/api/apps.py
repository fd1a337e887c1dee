from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "agencydesk.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from agencydesk.core.kept import forget_on_change
        from agencydesk.core.leases import register_resume
        from agencydesk.core.secrets import register_secret_field
        from agencydesk.core.timeline import register_listener

        from . import metrics, models, selectors, tasks
        from .integrations import verbs  # noqa: F401  (registers the verbs)
        from .webhooks import emit, services

        register_secret_field("api.WebhookSubscription", "secret")
        # Deliveries are the worker's; the services hand them over through this
        # hook (tasks imports the services: no import circle).
        services.register_delivery_job(lambda ids: tasks.webhook_deliver(ids))
        # A restarted worker takes back the deliveries its killed process held.
        register_resume("webhooks", services.webhook_resume)
        register_listener(emit.on_timeline_event)
        forget_on_change(services.SUBSCRIPTIONS, models.WebhookSubscription)
        forget_on_change(selectors.TOKENS, models.ApiToken, get_user_model())
        metrics.register_gauges()
