"""Shapes shared by every resource: the error body."""

from ninja import Schema
from pydantic import ConfigDict


class ErrorOut(Schema):
    """Every 4xx answer: a stable code, a sentence in the caller's language and
    the messages of each field at fault."""

    code: str
    message: str
    fields: dict[str, list[str]]


class StrictIn(Schema):
    """An input that refuses fields it does not know (a typo is not ignored)."""

    model_config = ConfigDict(extra="forbid")


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
          409: ErrorOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut}  # fmt: skip
