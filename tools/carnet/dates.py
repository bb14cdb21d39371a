"""Dates: parsing the content's date strings and measuring how fresh a sheet is."""

from __future__ import annotations

import os
from datetime import date

REVIEW_MONTHS = 6
EXPIRY_MONTHS = 24


def parse_date(value: object) -> date | None:
    """AAAA-MM-JJ (or AAAA-MM, read as its first day) → date; anything else → None."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value if len(value) == 10 else f"{value}-01")
    except ValueError:
        return None


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (clamped to the month's end)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def needs_review(verified: date, today: date) -> bool:
    """Older than 6 months: someone should check it again against the live site."""
    return verified < months_before(today, REVIEW_MONTHS)


def freshness(verified: date, today: date) -> float:
    """1 within 6 months, then falling linearly to 0 at 2 years (as data·inclusion scores
    services)."""
    start, end = months_before(today, REVIEW_MONTHS), months_before(today, EXPIRY_MONTHS)
    if verified >= start:
        return 1.0
    if verified <= end:
        return 0.0
    return (verified - end).days / (start - end).days


class TodayError(ValueError):
    """CARNET_AUJOURDHUI holds something that is not a date: the message is in French."""


def today() -> date:
    """Today, or the date in CARNET_AUJOURDHUI (reproducible runs and tests)."""
    forced = os.environ.get("CARNET_AUJOURDHUI")
    if not forced:
        return date.today()
    try:
        return date.fromisoformat(forced)
    except ValueError:
        raise TodayError(f"CARNET_AUJOURDHUI « {forced} » n'est pas une date AAAA-MM-JJ") from None
