"""Outgoing webhooks: subscriptions, signed deliveries, retries, the log."""
