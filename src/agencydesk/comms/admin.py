from django.contrib import admin

from .models import InboundMessage, Mailbox, OutboundMessage, WhatsAppTemplate


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = ["name", "host", "username", "folder", "is_active", "last_polled_at"]
    readonly_fields = ["last_polled_at", "last_error"]


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    """Read-only: raw messages are evidence; retry from the desk's intake page."""

    list_display = ["received_at", "source", "sender", "subject", "status", "ref"]
    list_filter = ["status", "source"]
    search_fields = ["sender", "subject", "message_id"]
    exclude = ["raw"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["subject", "message_id", "ref"]
    readonly_fields = [f.name for f in OutboundMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(WhatsAppTemplate)
class WhatsAppTemplateAdmin(admin.ModelAdmin):
    """Templates approved at Meta, one per language: replies more than 24 hours
    after the customer's last WhatsApp message go out as these."""

    list_display = ["name", "language", "template_name", "is_active"]
    list_filter = ["is_active", "language"]
