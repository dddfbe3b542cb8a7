"""Helpers the benchmarks share to generate synthetic incidents from the project's own ones."""
from __future__ import annotations

import datetime as dt


def date_range_at(day: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """The range a date of ``precision`` covers around ``day``: its month, its year, or the day."""
    if precision == "month":
        start = day.replace(day=1)
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return start, end
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return day, day
