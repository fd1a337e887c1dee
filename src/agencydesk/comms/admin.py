"""Admin of comms. Raw inbound messages and the outbox are governed by the
services (store, process, deliver, retry): read-only here. Mailboxes and
WhatsApp templates are configuration the services read, with no rule a save
could break: editable."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agencydesk.core.admin import ReadOnlyAdmin

from .models import InboundMessage, Mailbox, OutboundMessage, WhatsAppTemplate


class MailboxForm(forms.ModelForm):
    """The password is typed here and stored encrypted; it is never shown."""

    new_password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted. Leave empty to keep the current password."),
    )

    class Meta:
        model = Mailbox
        fields = [
            "name",
            "host",
            "port",
            "security",
            "username",
            "new_password",
            "folder",
            "processed_folder",
            "failed_folder",
            "reply_address",
            "is_active",
        ]

    def save(self, commit: bool = True) -> Mailbox:
        mailbox = super().save(commit=False)
        if self.cleaned_data.get("new_password"):
            mailbox.set_password(self.cleaned_data["new_password"])
        if commit:
            mailbox.save()
        return mailbox


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    list_display = ["name", "host", "username", "folder", "is_active", "last_polled_at"]
    readonly_fields = ["last_polled_at", "last_error"]


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    """Read-only: raw messages are evidence; retry from the desk's intake page."""

    list_display = ["received_at", "source", "sender", "subject", "status", "ref"]
    list_filter = ["status", "source"]
    search_fields = ["sender", "subject", "message_id"]
    exclude = ["raw"]


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    """Read-only: the outbox sends and retries; a failed message is queued
    again from the product, not by editing its row."""

    list_display = ["created_at", "channel", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["subject", "message_id", "ref"]


@admin.register(WhatsAppTemplate)
class WhatsAppTemplateAdmin(admin.ModelAdmin):
    """Templates approved at Meta, one per language: replies more than 24 hours
    after the customer's last WhatsApp message go out as these."""

    list_display = ["name", "language", "template_name", "is_active"]
    list_filter = ["is_active", "language"]
