"""What finance tells the apps above it, without knowing them.

``invoice_paid`` is sent when a payment brings an invoice to its total;
``invoice_payment_reversed`` when a payment is reversed (with ``reopened``
true if the invoice was paid before). Both are sent inside the writing
transaction, so a receiver's own writes (the onboarding deposit gate) commit
or roll back with the payment. Keyword arguments: ``invoice``, ``payment``,
``actor`` (and ``reopened``)."""

from django.dispatch import Signal

invoice_paid = Signal()
invoice_payment_reversed = Signal()
