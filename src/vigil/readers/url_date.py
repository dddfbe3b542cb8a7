"""A report's date read from its address: news sites file stories under the day they ran.

Shapes found on news sites: ``/2019/06/17/slug``, ``/2024/2/5/slug``, ``news/2019-06-17-slug``,
``/02-Mar-2025/slug``; a year and month alone (``/2022/05/slug``, ``/2022/Aug/1234``) give the
month.  Only the path is read (a query string holds tracking values, not dates), and a date in the
future or before 1990 is no publication date.
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Optional
from urllib.parse import urlsplit

_MONTH_WORDS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTH_WORDS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
_MONTH_WORD = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# Most specific first; each one is anchored on path separators so an article number is not read.
_PATTERNS = (
    re.compile(rf"/{_YEAR}/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?=/|$|\.)"),
    re.compile(rf"[/_-]{_YEAR}-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?=[/_.-]|$)"),
    re.compile(rf"/(?P<day>[0-3]?\d)-(?P<month_word>{_MONTH_WORD})-{_YEAR}(?=[/_.-]|$)", re.I),
    re.compile(rf"/{_YEAR}/(?P<month>[01]?\d)(?=/)"),
    re.compile(rf"/{_YEAR}/(?P<month_word>{_MONTH_WORD})(?=/)", re.I),
)
EARLIEST_YEAR = 1990


def date_from_url(url: Optional[str], today: Optional[date] = None) -> Optional[str]:
    """"YYYY-MM-DD" or "YYYY-MM" read from the url's path, or None."""
    if not url:
        return None
    today = today or date.today()
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    for pattern in _PATTERNS:
        for m in pattern.finditer(path):
            found = _checked(m, today)
            if found:
                return found
    return None


def _checked(m: re.Match, today: date) -> Optional[str]:
    groups = m.groupdict()
    year = int(groups["year"])
    month = _MONTH_WORDS[groups["month_word"].lower()] if groups.get("month_word") else int(groups["month"])
    if year < EARLIEST_YEAR or not 1 <= month <= 12:
        return None
    if groups.get("day") is None:
        return f"{year:04d}-{month:02d}" if date(year, month, 1) <= today else None
    try:
        day = date(year, month, int(groups["day"]))
    except ValueError:
        return None
    return day.isoformat() if day <= today else None
