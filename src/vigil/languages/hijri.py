"""Hijri (Islamic lunar) dates as Gregorian days: "۱۵ رمضان المبارک ۱۴۴۵ھ" is 25 March 2024.

The conversion is hijridate's Umm al-Qura calendar (Saudi Arabia's, tabulated for 1343-1500 AH,
1924-2077).  Pakistan begins its months when its committee sights the new moon, often one or
two days after Umm al-Qura (Ramadan 1445 began on 12 March 2024 there, on the 11th by Umm
al-Qura; 12 Rabi al-Awwal 1446 was 17 September there, the 15th by Umm al-Qura), so the lexicon
of each language says by how many days its press may lag (``dates.hijri_lag_days``), and the
date is that range of days.
Month names per language are in the lexicons (``dates.hijri_months``).
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from hijridate import Gregorian, Hijri


def to_gregorian(year: int, month: int, day: int) -> Optional[date]:
    """The Gregorian day of a Hijri date; None outside the calendar's range or for a day the
    month does not have (a 30th of a 29-day month)."""
    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return date(g.year, g.month, g.day)


def month_span(year: int, month: int) -> Optional[tuple[date, date]]:
    """The first and last Gregorian days of a Hijri month."""
    first = to_gregorian(year, month, 1)
    if first is None:
        return None
    try:
        length = Hijri(year, month, 1).month_length()
    except (ValueError, OverflowError):
        return None
    last = to_gregorian(year, month, length)
    return (first, last) if last is not None else None


def hijri_year(day: date) -> Optional[int]:
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    except (ValueError, OverflowError):
        return None


def latest_not_after(base: date, month: int, day: int) -> Optional[date]:
    """A Hijri day and month written without a year: the latest such day on or before ``base``
    (the report's date), as for Gregorian days and months."""
    year = hijri_year(base)
    if year is None:
        return None
    for candidate_year in (year, year - 1):
        when = to_gregorian(candidate_year, month, day)
        if when is not None and when <= base:
            return when
    return None
