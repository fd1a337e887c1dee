"""URL parameters of the finance pages, naming objects built for a side's
client (contractors are nobody's client: one for both sides)."""

from agencydesk.finance.services import document_receive_signed_scan
from tests.factories.finance import (
    make_act,
    make_bill,
    make_contract,
    make_contractor,
    make_document,
    make_invoice,
    make_planned,
    pay,
    pdf,
)


def _contract(side):
    return side.once(
        "finance_contract",
        lambda: make_contract(
            client=side.client, subject=f"{side.client.name} contract", upload=pdf()
        ),
    )


def _document(side):
    return side.once("finance_document", lambda: make_document(_contract(side)))


def _invoice(side):
    # Issued, so its page shows the payment and credit-note forms.
    return side.once(
        "finance_invoice", lambda: make_invoice(_contract(side), issue=True)
    )


def _payment(side):
    return side.once("finance_payment", lambda: pay(_invoice(side), "10"))


def _bill(side):
    def make():
        vendor = make_contract(contractor=make_contractor(), currency="IDR")
        return make_bill(vendor)

    return side.once("finance_bill", make)


SAMPLES = {
    "contract_id": lambda side, cb: str(_contract(side).pk),
    "file_id": lambda side, cb: str(_contract(side).files.get().pk),
    "document_id": lambda side, cb: str(_document(side).pk),
    "contractor_id": lambda side, cb: str(
        side.once("finance_contractor", lambda: make_contractor()).pk
    ),
    "invoice_id": lambda side, cb: str(_invoice(side).pk),
    "payment_id": lambda side, cb: str(_payment(side).pk),
    "planned_id": lambda side, cb: str(
        side.once("finance_planned", lambda: make_planned(_contract(side))).pk
    ),
    "act_id": lambda side, cb: str(
        side.once("finance_act", lambda: make_act(_contract(side))).pk
    ),
    "bill_id": lambda side, cb: str(_bill(side).pk),
    "scan_id": lambda side, cb: str(
        side.once(
            "finance_scan",
            lambda: document_receive_signed_scan(
                actor=None,
                document=make_document(_contract(side), title="Scanned"),
                upload=pdf("signed.pdf"),
            ),
        ).pk
    ),
}
