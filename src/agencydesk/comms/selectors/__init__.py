"""Reads of comms: what earlier messages became (``refs``) and how a reply
to a WhatsApp number may go (``whatsapp``)."""
