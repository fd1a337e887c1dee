"""Staff's public replies were stored with the channel "internal" and shown
as such on the history; give them the channel they went out by."""

from django.db import migrations


def relabel(apps, schema_editor):
    message_model = apps.get_model("desk", "Message")
    replies = message_model.objects.filter(
        channel="internal", is_internal=False, author__is_staff=True
    )
    replies.filter(ticket__channel="whatsapp").update(channel="whatsapp")
    replies.update(channel="email")


class Migration(migrations.Migration):
    dependencies = [("desk", "0009_message_sender_authentication")]

    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
