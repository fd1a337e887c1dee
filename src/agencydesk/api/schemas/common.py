"""Shapes shared by every resource: the error body, strict inputs, times."""

import re
from datetime import date, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?")


def _iso_text(value: Any) -> Any:
    # Pydantic alone reads "0.5" or 1700000000 as seconds since 1970: the
    # schema promises an ISO 8601 date-time, so nothing else is taken.
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO.match(value):
        raise PydanticCustomError(
            "datetime_format", "An ISO 8601 date-time, e.g. 2026-12-07T09:00:00Z."
        )
    return value


# A date-time given by a caller: ISO 8601 text only.
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_text)]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_text(value: Any) -> Any:
    # As for date-times: a number is not read as seconds since 1970.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_format", "An ISO 8601 date, e.g. 2026-12-07.")
    return value


# A date given by a caller: YYYY-MM-DD text only.
IsoDate = Annotated[date, BeforeValidator(_iso_date_text)]


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
