"""Event dates: resolve what a report says ("on Thursday", "in June", "five months ago",
"February 17") against the report's own date, keeping the precision the text supports.

Conventions (DESIGN): a weekday is the latest such day on or before the report's date; a month
or season without a year is the latest one not in the future; a month or season is a range.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from typing import Optional

import dateparser

from vigil.model import DateRange

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(WEEKDAYS)
_DAY_MONTH = re.compile(
    rf"\b(?:(?:{_WEEKDAY_RE}),?\s+)?(?:(?:the\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH_RE})\.?|(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)\b(?:,?\s+(?P<y>\d{{4}}))?",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MONTH_RE})\.?(?:\s+(?:of\s+)?(?P<y>\d{{4}}))?\b", re.IGNORECASE)
_LAST_BEFORE = re.compile(r"\blast\s+$", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)\s+$")


def _inside_a_name(text: str, m: re.Match) -> bool:
    """A month's name without a year running on into a capitalised word, after another one or
    shortened ("Mannu Jan Road", "Jan Muhammad"), is part of a person's or a street's name."""
    following = _NEXT_WORD.match(text, m.end())
    if following is None or not following.group(1)[0].isupper():
        return False
    preceding = _PREVIOUS_WORD.search(text, 0, m.start())
    shortened = len(m.group("m")) <= 4 and m.group("m").lower() not in ("may", "june", "july")
    return shortened or (preceding is not None and preceding.group(1)[0].isupper()
                         and preceding.group(1).lower() not in _WORDS_BEFORE_A_MONTH)


# Capitalised at a sentence's start, these introduce a month rather than a name: "In March Karachi ..."
_WORDS_BEFORE_A_MONTH = {"in", "on", "since", "by", "last", "this", "early", "late", "mid", "until", "till",
                         "from", "during", "through", "before", "after", "next"}
_WEEKDAY = re.compile(rf"\b(?P<w>{_WEEKDAY_RE})\b", re.IGNORECASE)
# "May" alone is usually the verb; capitalised after these words it is the month ("in May",
# "the May murder", "since May").
_MAY_MONTH = re.compile(r"\b(?:in|the|since|of|until|by|from|during|last|this|early|late|mid-?)\s*$", re.IGNORECASE)
# "in 2013", "the 2013 attack", "a 2019 raid": a year that dates an incident of its own.
_YEAR = re.compile(r"\b(?:in|during|since|of|the|a)\s+(?P<y>(?:19|20)\d{2})\b(?![,.]?\d)", re.IGNORECASE)
_SEASON = re.compile(r"\b(?P<rel>last|this|past)\s+(?P<s>spring|summer|autumn|fall|winter)\b", re.IGNORECASE)
_AGO = re.compile(r"\b(?:\w+|\d+)\s+(?:days?|weeks?|months?|years?)\s+ago\b", re.IGNORECASE)
# "recently", "in recent days": the week before the report, not a date of its own told earlier.
_RECENTLY = re.compile(r"\b(?:recently|in recent days|(?:over|in) the (?:past|last) (?:few|several) days)\b", re.IGNORECASE)
def is_recency(date_range: DateRange) -> bool:
    """The range stands for "recently": a span of days before the report, not one day of its own."""
    return bool(date_range.text) and _RECENTLY.fullmatch(date_range.text) is not None


_NEAR = re.compile(r"\b(?:yesterday|today|last night|this morning|this afternoon|this evening|earlier today|tonight|earlier this week|last week|last month|last year)\b", re.IGNORECASE)


# A day named in so many words, whether or not the report's date lets it be placed: "on Friday
# evening", "March 30th", "14 April" ("every Friday" is a habit, not a day).
_A_DAY = re.compile(rf"(?<!every )(?<!each )\b(?:{_WEEKDAY_RE})\b(?!s)|{_DAY_MONTH.pattern}", re.IGNORECASE)


# A month or more before the report, in words that need its date to be placed: "just last month",
# "two years ago", "earlier this year". The report's own incident is told as news, not this way.
_ANOTHER_TIME = re.compile(r"\b(?:(?:last|past|previous) (?:month|year)|(?:\w+|\d+) (?:months?|years?) ago|"
                           r"earlier this (?:month|year))\b", re.IGNORECASE)


def names_another_time(text: str) -> bool:
    return _ANOTHER_TIME.search(text) is not None


def names_a_day(text: str) -> bool:
    return _A_DAY.search(text) is not None


def without_day_dates(text: str) -> str:
    """The text with its day-and-month dates blanked, so that "March 30th" is not read as an
    ordinal ("the 30th officer killed this year")."""
    return _DAY_MONTH.sub(lambda m: " " * len(m.group(0)), text)


_DATE_LINE = re.compile(rf"(?:(?:date|dated|published|posted|updated)\s*:?\s*)?"
                        rf"(?:(?:19|20)\d\d-[01]\d-[0-3]\d(?:[T ]\S+)?|{_DAY_MONTH.pattern})\W*", re.IGNORECASE)


def is_date_line(line: str) -> bool:
    """A line that only dates the page: "date 2019-05-07", "Published: March 3, 2021"."""
    return _DATE_LINE.fullmatch(line.strip()) is not None


@dataclass(frozen=True)
class ReportDate:
    """The date a report was published, as precise as it is known."""

    day: date
    precision: str  # day | month | year

    @classmethod
    def parse(cls, published: Optional[str]) -> Optional["ReportDate"]:
        if not published:
            return None
        parts = published.split("-")
        try:
            if len(parts) == 1:
                found = cls(date(int(parts[0]), 12, 31), "year")
            elif len(parts) == 2:
                y, m = int(parts[0]), int(parts[1])
                found = cls(date(y, m, calendar.monthrange(y, m)[1]), "month")
            else:
                found = cls(date.fromisoformat(published[:10]), "day")
        except ValueError:
            return None
        # Relative dates reach a year back ("last summer", "on Thursday" in early January): a report
        # dated in the calendar's first or last year (0001, 9999) gives them nothing to resolve against.
        return found if MINYEAR < found.day.year < MAXYEAR else None


def add_days(day: date, days: int) -> Optional[date]:
    """``day`` moved by ``days``, or None past the calendar's ends ("a million days later")."""
    ordinal = day.toordinal() + days
    return date.fromordinal(ordinal) if 1 <= ordinal <= date.max.toordinal() else None


def shift_months(day: date, months: int) -> Optional[date]:
    """``day`` moved by whole months (the day kept, or the month's last), or None past the
    calendar's ends ("the past 99999 years")."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    if not MINYEAR <= year <= MAXYEAR:
        return None
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _range(start: date, end: date, precision: str, text: str) -> DateRange:
    return DateRange(start=start.isoformat(), end=end.isoformat(), precision=precision, text=text)


def _season_range(year: int, season: str) -> tuple[date, date]:
    first, last = SEASONS[season]
    start = date(year if first <= last else year - 1, first, 1)
    return start, _month_range(year, last)[1]


def _latest_not_after(base: date, month: int, day: int) -> Optional[date]:
    for year in (base.year, base.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= base:
            return candidate
    return None


_STAMPED = re.compile(r"\b(?:posted|published|updated|dated|date|today|as of|as at)\b(?:\s+on)?\s*[:,]?\s*$", re.IGNORECASE)


def yearless_day(text: str) -> Optional[tuple[int, int]]:
    """The month and day of the first "January 15" written without a year, if the text has one
    and no year-dated day before it: in an undated report, all that is known of when."""
    for m in _DAY_MONTH.finditer(text):
        if m.group("y"):
            return None
        if _STAMPED.search(text[max(0, m.start() - 30):m.start()]):
            continue  # "Posted on March 30": when the report was written, not the incident
        month = MONTHS[(m.group("m1") or m.group("m2")).lower()]
        day = int(m.group("d1") or m.group("d2"))
        if 1 <= day <= calendar.monthrange(2024, month)[1]:  # a leap year: "February 29" exists
            return month, day
    return None


def resolve_date(text: str, published: Optional[str]) -> Optional[tuple[DateRange, int, int]]:
    """The first date expression in ``text`` resolved against ``published``.

    Returns the range with the expression's offsets in ``text``, or None when the text
    names no date Vigil can place.
    """
    base = ReportDate.parse(published)
    candidates = []
    for m in _DAY_MONTH.finditer(text):
        day = int(m.group("d1") or m.group("d2"))
        month = MONTHS[(m.group("m1") or m.group("m2")).lower()]
        if m.group("y"):
            try:
                d = date(int(m.group("y")), month, day)
            except ValueError:
                continue
        elif base:
            d = _latest_not_after(base.day, month, day)
            if d is None:
                continue
        else:
            continue
        candidates.append((m.start(), m.end(), _range(d, d, "day", m.group(0))))
    for m in _WEEKDAY.finditer(text):
        if base is None or any(s <= m.start() < e for s, e, _ in candidates):
            continue
        if base.precision == "day":
            delta = (base.day.weekday() - WEEKDAYS[m.group("w").lower()]) % 7
            d = base.day - timedelta(days=delta)
            candidates.append((m.start(), m.end(), _range(d, d, "day", m.group(0))))
        else:  # the report's own date is only known to the month: so is the weekday's
            start = base.day.replace(day=1) if base.precision == "month" else date(base.day.year, 1, 1)
            candidates.append((m.start(), m.end(), _range(start, base.day, base.precision, m.group(0))))
    for m in _SEASON.finditer(text):
        if base is None:
            continue
        season = m.group("s").lower()
        year = base.day.year
        start, end = _season_range(year, season)
        # "last summer" is the latest one already over; "this summer" the latest one begun.
        if (m.group("rel").lower() == "this" and start > base.day) or (
            m.group("rel").lower() != "this" and end >= base.day
        ):
            start, end = _season_range(year - 1, season)
        candidates.append((m.start(), m.end(), _range(start, end, "season", m.group(0))))
    for m in _MONTH_YEAR.finditer(text):
        if any(s <= m.start() < e for s, e, _ in candidates):
            continue
        if m.group("m").lower() == "may" and not m.group("y") and not (
                m.group("m") == "May" and _MAY_MONTH.search(text, 0, m.start())):
            continue  # "may" is usually the verb
        if not m.group("y") and _inside_a_name(text, m):
            continue  # "Mannu Jan Road", "Jan Muhammad": a name, not January
        month = MONTHS[m.group("m").lower()]
        if m.group("y"):
            year = int(m.group("y"))
            if year < MINYEAR:
                continue  # "January 0000": no such year
        elif base:
            year = base.day.year if date(base.day.year, month, 1) <= base.day else base.day.year - 1
            # "last August" in a report of August (or earlier) is the August of the year before.
            if _LAST_BEFORE.search(text, 0, m.start()) and month >= base.day.month and base.precision != "year":
                year = base.day.year - 1
        else:
            continue
        start, end = _month_range(year, month)
        candidates.append((m.start(), m.end(), _range(start, end, "month", m.group(0))))
    for pattern in (_AGO, _NEAR):
        for m in pattern.finditer(text):
            if base is None:
                continue
            if base.precision != "day":
                coarse = _relative_to_coarse_base(m.group(0), base)
                if coarse is not None:
                    candidates.append((m.start(), m.end(), _range(*coarse, m.group(0))))
                continue
            if m.group(0).lower() == "earlier this week":
                # the days of the report's week before its own day (dateparser reads no such phrase)
                monday = base.day - timedelta(days=base.day.weekday())
                start = monday if monday < base.day else base.day - timedelta(days=6)
                candidates.append((m.start(), m.end(), _range(start, base.day - timedelta(days=1), "week", m.group(0))))
                continue
            parsed = dateparser.parse(
                m.group(0), settings={"RELATIVE_BASE": _as_datetime(base.day), "PREFER_DATES_FROM": "past"}
            )
            if parsed is None:
                continue
            unit = re.search(r"day|week|month|year|night|morning|afternoon|evening|tonight", m.group(0).lower()).group(0)
            precision = {"week": "week", "month": "month", "year": "year"}.get(unit, "day")
            d = parsed.date()
            if precision == "month":
                start, end = _month_range(d.year, d.month)
            elif precision == "year":
                start, end = date(d.year, 1, 1), date(d.year, 12, 31)
            elif precision == "week":
                start, end = d - timedelta(days=d.weekday()), d - timedelta(days=d.weekday()) + timedelta(days=6)
            else:
                start = end = d
            candidates.append((m.start(), m.end(), _range(start, end, precision, m.group(0))))
    for m in _RECENTLY.finditer(text):
        if base is None:
            continue
        start = base.day - timedelta(days=RECENT_DAYS) if base.precision == "day" else (
            base.day.replace(day=1) if base.precision == "month" else date(base.day.year, 1, 1))
        precision = "week" if base.precision == "day" else base.precision
        candidates.append((m.start(), m.end(), _range(start, base.day, precision, m.group(0))))
    for m in _YEAR.finditer(text):
        if any(s <= m.start("y") < e for s, e, _ in candidates):
            continue
        y = int(m.group("y"))
        candidates.append((m.start("y"), m.end("y"), _range(date(y, 1, 1), date(y, 12, 31), "year", m.group("y"))))
    # "the first attack since the war ended 10 years ago": a date after "since" is where a period
    # starts, not when the incident told happened.
    candidates = _without_period_starts(text, candidates)
    if not candidates:
        return None
    start, end, found = min(candidates, key=lambda c: c[0])
    return found, start, end


_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:.!?()]")
SINCE_REACH = 60  # characters after "since" in which the first date is the one it governs


_INCIDENT_YEAR = re.compile(r"\b(?:the|a)\s+$", re.IGNORECASE)


def _without_period_starts(text: str, candidates: list) -> list:
    """The candidates but the first date after each "since" in its clause; a year that names an
    incident ("since the 2013 attack") still dates that incident."""
    governed = set()
    for m in _SINCE.finditer(text):
        after = [c for c in candidates if m.end() <= c[0] <= m.end() + SINCE_REACH
                 and not _CLAUSE_BREAK.search(text, m.end(), c[0])]
        if after:
            first = min(after, key=lambda c: c[0])
            if not (first[2].precision == "year" and _INCIDENT_YEAR.search(text, max(0, first[0] - 5), first[0])):
                governed.add(first[0])
    return [c for c in candidates if c[0] not in governed]


def _relative_to_coarse_base(phrase: str, base: ReportDate) -> Optional[tuple[date, date, str]]:
    """"today" or "last month" in a report dated only to a month or year: as precise as the report."""
    phrase = phrase.lower()
    first = base.day.replace(day=1) if base.precision == "month" else date(base.day.year, 1, 1)
    if phrase in ("last month",) and base.precision == "month":
        previous = first - timedelta(days=1)
        start, end = _month_range(previous.year, previous.month)
        return start, end, "month"
    if phrase == "last year":
        return date(base.day.year - 1, 1, 1), date(base.day.year - 1, 12, 31), "year"
    if phrase in ("today", "tonight", "this morning", "this afternoon", "this evening", "earlier today", "yesterday",
                  "last night", "earlier this week", "last week"):
        return first, base.day, base.precision
    return None


# A report that says the incident was recent but not when: the week before it, not the day before.
_RECENT = re.compile(r"\b(?:recently|in recent days|(?:over|in) the (?:past|last) (?:few|several) days|this week|days ago)\b",
                     re.IGNORECASE)
RECENT_DAYS = 7


def report_dated(published: Optional[str], texts: list[str]) -> Optional[DateRange]:
    """An incident's date when its sentences give none: a range ending on the report's date.

    News reports what happened on the day of the report or the day before ("gunmen killed a
    constable", no day named); a report dated only to a month or year dates it to that month or
    year. ``approximate`` marks the date as the report's, not the text's.
    """
    base = ReportDate.parse(published)
    if base is None:
        return None
    if base.precision == "day":
        days = RECENT_DAYS if any(_RECENT.search(t) for t in texts) else 1
        start = base.day - timedelta(days=days)
        return DateRange(start.isoformat(), base.day.isoformat(), "week", None, approximate=True)
    if base.precision == "month":
        return DateRange(base.day.replace(day=1).isoformat(), base.day.isoformat(), "month", None, approximate=True)
    return DateRange(date(base.day.year, 1, 1).isoformat(), base.day.isoformat(), "year", None, approximate=True)


_LATER = re.compile(r"\b(?P<n>\w+(?:[- ]\w+)?) (?P<unit>days?|weeks?) (?:later|afterwards|after that)\b", re.IGNORECASE)


def resolve_later(text: str, anchor: Optional[DateRange]) -> Optional[DateRange]:
    """"Nine days later": a date counted from the incident the sentence follows (DESIGN)."""
    if anchor is None or anchor.precision != "day" or not anchor.start:
        return None
    m = _LATER.search(text)
    if not m:
        return None
    from vigil.extract.numbers import parse_number

    n = parse_number(m.group("n"))
    if n is None:
        return None
    days = n * (7 if m.group("unit").lower().startswith("week") else 1)
    day = add_days(date.fromisoformat(anchor.start), days)
    if day is None:
        return None
    precision = "week" if m.group("unit").lower().startswith("week") else "day"
    return DateRange(start=day.isoformat(), end=day.isoformat(), precision=precision, text=m.group(0))


# "The ambush came three days after the Lyari bombing", "a week after a constable was shot",
# and the Pakistani English "just after three days of the market bombing": what follows is an
# earlier incident, counted back from the one the report is telling.
_EARLIER_BY = re.compile(r"\b(?:(?:just |only |exactly |barely )?(?:(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+) |"
                         r"(?:a few |several |mere )?(?=days))(?P<unit>days?|weeks?) after|after (?:just |only )?"
                         r"(?P<n2>a|one|two|three|four|five|six|seven|\d+) (?P<unit2>days?|weeks?) of)\s+", re.IGNORECASE)
# "days after the attack": the incident being told, not an earlier one (unlike "the Saddar blast")
_THE_SAME = re.compile(r"(?:the|this|that|its|their|his|her)\s+(?:[a-z-]+\s+){0,2}?"
                       r"(?:attack|attacks|blast|bombing|explosion|incident|killing|murder|shooting|strike|ambush|raid)\b")


FEW_DAYS = 4  # "days after": counted as the week around four days before


def earlier_by(text: str) -> Optional[tuple[int, bool, int]]:
    """Days back to an earlier incident the sentence names after "N days after", whether they
    were counted in weeks, and where its words start; None without such a phrase."""
    m = _EARLIER_BY.search(text)
    if not m:
        return None
    from vigil.extract.numbers import parse_number

    if _THE_SAME.match(text, m.end()):
        return None
    weeks = (m.group("unit") or m.group("unit2")).lower().startswith("week")
    word = (m.group("n") or m.group("n2") or "").lower()
    if not word:  # "days after": a few days, said no more precisely
        return FEW_DAYS, True, m.end()
    n = 1 if word in ("a", "an") else parse_number(word)
    if n is None or n > 366:
        return None
    return n * (7 if weeks else 1), weeks, m.end()


def resolve_earlier(days: int, weeks: bool, anchor: Optional[DateRange]) -> Optional[DateRange]:
    """The earlier incident's date: ``days`` before the incident the sentence follows; counted in
    weeks, the week around that day."""
    if anchor is None or anchor.precision != "day" or not anchor.start:
        return None
    day = add_days(date.fromisoformat(anchor.start), -days)
    if day is None:
        return None
    if weeks:
        start, end = add_days(day, -3), add_days(day, 3)
        return DateRange(start=start.isoformat(), end=end.isoformat(), precision="week", text=None, approximate=True)
    return DateRange(start=day.isoformat(), end=day.isoformat(), precision="day", text=None)


def _as_datetime(d: date):
    from datetime import datetime

    return datetime(d.year, d.month, d.day, 12, 0)
