"""URL parameters of the finance pages, naming objects built for a side's
client (contractors are nobody's client: one for both sides)."""

from tests.factories.finance import make_contract, make_contractor, make_document, pdf


def _contract(side):
    return side.once(
        "finance_contract",
        lambda: make_contract(
            client=side.client, subject=f"{side.client.name} contract", upload=pdf()
        ),
    )


def _document(side):
    return side.once("finance_document", lambda: make_document(_contract(side)))


SAMPLES = {
    "contract_id": lambda side, cb: str(_contract(side).pk),
    "file_id": lambda side, cb: str(_contract(side).files.get().pk),
    "document_id": lambda side, cb: str(_document(side).pk),
    "contractor_id": lambda side, cb: str(
        side.once("finance_contractor", lambda: make_contractor()).pk
    ),
}
