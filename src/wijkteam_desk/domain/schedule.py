"""Calendar arithmetic for monitoring and closing dates (DOMAIN.md rules 3 and 4)."""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache


@lru_cache(maxsize=8192)  # pure; the caseload asks the same few dates thousands of times
def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end: 30 November + 3 months is
    28 (or 29) February, 31 August + 1 month is 30 September."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def planned_moments(anchor: date | None, offsets_months: tuple[int, ...]) -> list[date]:
    """The regular monitoring moments after a VT handover or a closing date (002:509)."""
    if anchor is None:
        return []
    return [add_months(anchor, m) for m in sorted(set(offsets_months))]
