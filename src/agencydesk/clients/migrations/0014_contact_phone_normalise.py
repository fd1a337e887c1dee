"""Contacts' phone numbers as typed become E.164, read in their client's
country ("0812-3456-7890" of an Indonesian client: "+6281234567890").

Idempotent (an E.164 number reads back as itself); a number that cannot be
read stays as it was typed. Not undone: E.164 is a valid way to type one.
The reading is written out here, not imported, so that this migration keeps
doing what it did whatever ``core.phones`` becomes.
"""

import re

import phonenumbers
from django.db import migrations

SEPARATORS = re.compile(r"[\s().\-/]")


def _valid(raw, region):
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _e164(raw, region):
    text = (raw or "").strip()
    if not text or len(text) > 40:
        return None
    found = _valid(text, region or None)
    if found is None:
        digits = SEPARATORS.sub("", text)
        if digits.isdigit() and not digits.startswith("0"):
            found = _valid(f"+{digits}", None)
    return found


def forward(apps, schema_editor):
    Contact = apps.get_model("clients", "Contact")
    rows = Contact.objects.exclude(phone="").values_list(
        "pk", "phone", "client__country"
    )
    changed = []
    for pk, phone, country in rows.iterator(chunk_size=1000):
        e164 = _e164(phone, (country or "").upper())
        if e164 is not None and e164 != phone:
            changed.append(Contact(pk=pk, phone=e164))
    Contact.objects.bulk_update(changed, ["phone"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0013_contact_phone_e164"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop, elidable=True),
    ]
