"""Writes of comms, one module per concept: ``inbound`` (store and process
raw messages, a person's decisions on them), ``ingest`` (e-mail from any
source, in batches), ``imap`` (polling mailboxes), ``whatsapp`` (the webhook
and delivery statuses), ``outbox`` (queue and deliver) and ``notifications``
(the e-mail of notifications). Callers import the module they need."""
