"""Dates as a language writes them, resolved against the report's publication date.

Month and weekday names, "5 مارچ", "01 اکتوبر ، 2023", "ستمبر 2023", "2013 میں", a weekday said as a
day ("ہفتے کو", "le samedi"), relative days ("گزشتہ روز": the day before the report), "N days ago"
and last week / month / year; tables in the lexicon's ``dates``. Resolution follows the English
reader's conventions (vigil.extract.dates): a weekday is the latest such day on or before the
report, a day and month without a year is the latest one not after the report.
"""
from __future__ import annotations

import calendar
import functools
import re
from datetime import date, timedelta
from typing import Optional

from vigil.extract.dates import ReportDate, add_days, shift_months
from vigil.languages import hijri
from vigil.languages.lexicon import Lexicon
from vigil.languages.numbers import parse_number
from vigil.model import DateRange


@functools.lru_cache(maxsize=None)
def _tables(lex: Lexicon) -> dict:
    d = lex.get("dates", default={}) or {}
    fold = lex.key
    return {"months": {fold(k): v for k, v in d.get("months", {}).items()},
            "weekdays": {fold(k): v for k, v in d.get("weekdays", {}).items()},
            "hijri_months": {fold(k): v for k, v in d.get("hijri_months", {}).items()},
            "relative": {fold(k): v for k, v in d.get("relative_days", {}).items()}}


def _slots(lex: Lexicon) -> dict[str, str]:
    t = _tables(lex)
    n = lex.get("numbers", "words", default={}) or {}
    return {"MONTH": lex.phrase_body(t["months"]), "WEEKDAY": lex.phrase_body(t["weekdays"]),
            "HIJRI_MONTH": lex.phrase_body(t["hijri_months"]) if t["hijri_months"] else "(?!)",
            "NUMWORD": lex.phrase_body(n) if n else "(?!)"}


def _day(start: date, end: date, precision: str, text: str) -> DateRange:
    return DateRange(start.isoformat(), end.isoformat(), precision, text)


def _latest_not_after(base: date, month: int, day: int) -> Optional[date]:
    for year in (base.year, base.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= base:
            return candidate
    return None


def _number(lex: Lexicon, text: str) -> Optional[int]:
    text = text.strip()
    return int(text) if text.isdigit() else parse_number(lex, text)


def find_date(lex: Lexicon, folded: str, original: str, origin, published: Optional[str]) -> Optional[DateRange]:
    """The most precise date a folded sentence states (``original``/``origin``: the report's text
    and the fold's offset map, for the date's text as written)."""
    d = lex.get("dates", default={}) or {}
    if not d:
        return None
    base = ReportDate.parse(published)
    slots = _slots(lex)
    t = _tables(lex)
    found: list[tuple[int, DateRange]] = []  # (precision rank, date)

    def written(m) -> str:
        return original[origin[m.start()]:origin[m.end() - 1] + 1]

    for m in lex.regex("day_month_year", d.get("day_month_year"), **slots).finditer(folded):
        day = _number(lex, m.group("day"))
        month = t["months"].get(lex.key(m.group("month")))
        if not day or not month or not 1 <= day <= 31:
            continue
        if m.group("year"):
            try:
                when = date(int(m.group("year")), month, day)
            except ValueError:
                continue
        elif base is not None:
            when = _latest_not_after(base.day, month, day)
            if when is None:
                continue
        else:
            continue
        found.append((0, _day(when, when, "day", written(m))))
    found.extend(_hijri_dates(lex, folded, base, slots, written))
    weekday_after = lex.regex("weekday_after", d.get("weekday_after"), bounded=False)
    weekday_before = lex.regex("weekday_before", d.get("weekday_before"), bounded=False) if d.get("weekday_before") else None
    if base is not None and base.precision == "day":
        for m in lex.words("weekdays", t["weekdays"]).finditer(folded):
            said_as_day = weekday_after.match(folded[m.end():m.end() + 40]) or (
                weekday_before is not None and weekday_before.search(folded[max(0, m.start() - 20):m.start()]))
            if not said_as_day:
                continue
            weekday = t["weekdays"][lex.key(m.group(0))]
            when = base.day - timedelta(days=(base.day.weekday() - weekday) % 7)
            found.append((0, _day(when, when, "day", written(m))))
        for m in lex.words("relative_days", t["relative"]).finditer(folded):
            when = add_days(base.day, t["relative"][lex.key(m.group(0))])
            if when is not None:
                found.append((0, _day(when, when, "day", written(m))))
        for m in lex.regex("days_ago", d.get("days_ago"), **slots).finditer(folded):
            n = _number(lex, m.group("n"))
            when = add_days(base.day, -n) if n is not None and n < 400 else None
            if when is not None:
                found.append((0, _day(when, when, "day", written(m))))
        for m in lex.regex("previous_week", d.get("previous_week")).finditer(folded):
            start = base.day - timedelta(days=base.day.weekday() + 7)
            found.append((1, _day(start, start + timedelta(days=6), "week", written(m))))
    if base is not None:
        for key, months in (("previous_month", -1), ("this_month", 0)):
            for m in lex.regex(key, d.get(key)).finditer(folded):
                first = shift_months(base.day.replace(day=1), months)
                if first is not None:
                    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
                    found.append((2, _day(first, min(last, base.day), "month", written(m))))
        for key, years in (("previous_year", -1), ("this_year", 0)):
            for m in lex.regex(key, d.get(key)).finditer(folded):
                year = base.day.year + years
                found.append((4, _day(date(year, 1, 1), min(date(year, 12, 31), base.day), "year", written(m))))
    for m in lex.regex("month_year", d.get("month_year"), **slots).finditer(folded):
        month = t["months"].get(lex.key(m.group("month")))
        year = int(m.group("year"))
        if month:
            last = calendar.monthrange(year, month)[1]
            found.append((2, _day(date(year, month, 1), date(year, month, last), "month", written(m))))
    if base is not None:
        for m in lex.regex("month_alone", d.get("month_alone"), **slots).finditer(folded):
            month = t["months"].get(lex.key(m.group("month")))
            if not month:
                continue
            year = base.day.year if month <= base.day.month else base.day.year - 1
            last = calendar.monthrange(year, month)[1]
            found.append((2, _day(date(year, month, 1), date(year, month, last), "month", written(m))))
    for m in lex.regex("year_alone", d.get("year_alone"), **slots).finditer(folded):
        year = int(m.group("year"))
        if base is None or year <= base.day.year:
            found.append((4, _day(date(year, 1, 1), date(year, 12, 31), "year", written(m))))
    if not found:
        return None
    return min(found, key=lambda f: f[0])[1]


def _hijri_dates(lex: Lexicon, folded: str, base: Optional[ReportDate], slots: dict[str, str],
                 written) -> list[tuple[int, DateRange]]:
    """Hijri dates ("15 رمضان المبارک 1445ھ", "ربیع الاول 1446"), as Gregorian ranges widened by
    the days the language's press may lag the Umm al-Qura calendar (vigil.languages.hijri)."""
    d = lex.get("dates", default={}) or {}
    if not d.get("hijri_months"):
        return []
    months = _tables(lex)["hijri_months"]
    lag = timedelta(days=int(d.get("hijri_lag_days", 0)))
    found = []
    day_spans = []
    for m in lex.regex("hijri_day_month_year", d.get("hijri_day_month_year"), **slots).finditer(folded):
        day = _number(lex, m.group("day"))
        month = months.get(lex.key(m.group("month")))
        if not day or not month or not 1 <= day <= 30:
            continue
        if m.group("year"):
            when = hijri.to_gregorian(int(m.group("year")), month, day)
        elif base is not None:
            when = hijri.latest_not_after(base.day, month, day)
        else:
            continue
        if when is not None:
            found.append((0, _day(when, when + lag, "day", written(m))))
            day_spans.append((m.start(), m.end()))
    for m in lex.regex("hijri_month_year", d.get("hijri_month_year"), **slots).finditer(folded):
        month = months.get(lex.key(m.group("month")))
        span = hijri.month_span(int(m.group("year")), month) if month else None
        if span is not None and not any(s <= m.start() < e for s, e in day_spans):
            found.append((2, _day(span[0], span[1] + lag, "month", written(m))))
    return found


def published_in_text(lex: Lexicon, text: str, *, first_chars: int = 600) -> Optional[tuple[str, int, int]]:
    """A report's own date on a line of its own near the top ("01 اکتوبر ، 2023"), as
    (ISO date, start, end) in ``text``; None when no such line."""
    d = lex.get("dates", default={}) or {}
    pattern = lex.regex("day_month_year", d.get("day_month_year"), **_slots(lex))
    t = _tables(lex)
    offset = 0
    for line in text[:first_chars].splitlines(keepends=True):
        stripped = line.strip()
        if stripped and len(stripped) <= 40:
            folded = lex.fold(stripped)
            m = pattern.search(folded.text)
            if m and m.group("year") and len(folded.text.strip(" ،,|")) - (m.end() - m.start()) <= 3:
                day, month = _number(lex, m.group("day")), t["months"].get(lex.key(m.group("month")))
                try:
                    when = date(int(m.group("year")), month, day) if day and month else None
                except ValueError:
                    when = None
                if when is not None:
                    start = offset + line.index(stripped)
                    return when.isoformat(), start, start + len(stripped)
        offset += len(line)
    return None
