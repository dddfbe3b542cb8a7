"""The publication date of a report: validated when given, inferred when not.

Inference from the text, first rule that finds something wins; evidence points at the date text:
  (a) near the top (first 15 lines): a line that is a date ("August 11, 2014", "11 August 2014",
      "2014-08-11", optionally with "Published", "Updated", a weekday or a time), a byline with
      a date ("Dawn.com, October 7, 2024", "Our Correspondent February 25, 2022", "By Staff
      14 Apr 2023"), a dateline ("KARACHI, Pakistan, Aug. 11, 2014 —"), or, at the foot, a print
      credit ("Published in Dawn, June 3rd, 2016").  Page furniture is not the report's date: a
      site's "Today's Paper | ..." line, and an unlabelled date standing above the headline that
      is later than another date the page gives for the report (the day the page was viewed);
  (a') a dateline without a year ("KARACHI, Jan 11:", "SIBI, Feb 06 (APP):") whose lead names
      the weekday ("... on Wednesday") in a text that names some year: the year in which that day
      falls on that weekday, chosen as in (c);
  (b) in the first 30 lines (captions included): a full date with its weekday
      ("this Saturday, February 18, 2023");
  (b') in the first 30 lines: a photo caption with an agency's credit and a full date ("... in
      Quetta on March 9, 2011. - Photo by AFP"), not marked as a file picture: the latest such date;
  (c) anywhere: a weekday with day and month but no year ("Thursday 20 November") -> the year in
      which that day falls on that weekday.  Which year: the first matching year from the latest
      year the text names (a report rarely names a year after its own).  A text naming no year
      gives no ground to choose one: a Sunday 29 November falls in 2009, 2015, 2020 and 2026, and
      an archived report is as likely to be from any of them, so the report stays undated (the
      merge then dates its incidents from the reports it agrees with).

A report's address often holds its date (``/2019/06/17/``): ``published_for`` prefers a day read
from the url to the text's inference, and a month read from it unless the text dates the report
within that month (see ``url_date``).
"""
from __future__ import annotations

import calendar
import functools
import json
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Optional

from ..model import Evidence
from .failures import ReadError
from .url_date import date_from_url

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})

_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?,?"


def _month(n: int) -> str:
    return rf"(?P<month{n}>{_MONTH_NAMES})\.?"


def _day(n: int) -> str:
    return rf"(?P<day{n}>[0-3]?\d)(?:st|nd|rd|th)?"


_YEAR = r"(?P<year>(?:19|20)\d\d)"
_FULL_DATE = re.compile(
    rf"\b(?:{_WEEKDAY}\s+(?:the\s+)?)?(?:{_month(1)}\s+{_day(1)},?\s+{_YEAR}"
    rf"|{_day(2)}\s+(?:of\s+)?{_month(2)},?\s+(?P<year2>(?:19|20)\d\d))\b"
    rf"|\b(?P<iso_year>(?:19|20)\d\d)-(?P<iso_month>[01]\d)-(?P<iso_day>[0-3]\d)(?:\b|(?=T\d\d:))",
    re.I,
)
_WEEKDAY_DAY_MONTH = re.compile(
    rf"\b{_WEEKDAY}\s+(?:the\s+)?(?:{_day(2)}\s+(?:of\s+)?{_month(2)}|{_month(1)}\s+{_day(1)})\b"
    r"(?!,?\s+(?:19|20)\d\d)",
    re.I,
)
# Case-sensitive on purpose: ten times faster than an IGNORECASE scan, and weekdays are capitalised.
_WEEKDAY_START = re.compile(r"(?<![A-Za-z])(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|MON|TUE|WED|THU|FRI|SAT|SUN)")
_YEAR_MENTION = re.compile(r"(?<![\d,.])(?:19|20)\d\d(?![\d,])")
_DATE_LINE_EXTRAS = re.compile(
    r"^[\W_]*(?:(?:first\s+)?published|posted|updated|last\s+updated|dated?|on)?\s*:?\s*|"
    r"\s*(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:[A-Z]{2,4})?|\|.*)$",
    re.I,
)
_LABEL = re.compile(r"\b(?:published|posted|updated|modified|created|dated)\b", re.I)
# Digits glued to a word ("RazaUpdated") are split by the word test; these are the byline's words.
_WORD = re.compile(r"[^\W\d_][\w.'’@-]*")
# "KARACHI, Jan 11:", "SIBI, Feb 06 (APP):", "NEW DELHI: (May 9)", "Lahore, Oct 14 (PTI) Two ..."
_YEARLESS_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z .'’-]{{2,40}}?)\s*[,:]\s*\(?\s*(?i:{_month(1)}\s+{_day(1)}|{_day(2)}\s+{_month(2)})"
    r"\s*\)?\s*(?:\([A-Z]{2,8}\))?\s*(?:[:—–-]|(?=[A-Z]))",
)
# What may stand before the date of a dated dateline, and nothing else: "QUETTA, Pakistan, ",
# "LAHORE (AP) ", "ISLAMABAD: (", "PESHAWAR, (Agency / Network - ".  Prose between the place and
# a date makes it a date the story tells ("KARACHI (AFP) - The men accused of the March 4, 2019
# bombing ...").
_DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][A-Za-z.'’]*(?:[ -][A-Z][A-Za-z.'’]*){0,3})?\s*[,:—–-]?\s*"  # place, region
    r"(?:\(\s*(?:[A-Za-z][A-Za-z .'’/]{1,40}?\s*(?:\)|[,:—–-])\s*)?)?"  # "(AP) ", "(Agency - " or "("
    r"[,:—–-]?\s*")
_PARTIAL_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")
TOP_LINES_DATELINE = 15
TOP_LINES_WEEKDAY = 30
FOOTER_LINES = 5
YEARS_BACK = 10


def normalise_published(value: object) -> str:
    """ "YYYY", "YYYY-MM", "YYYY-MM-DD" (or an ISO datetime, cut to its date); ReadError if not."""
    text = str(value).strip()
    dt = _ISO_DATETIME.match(text)
    if dt:
        text = dt.group(1)
    m = _PARTIAL_ISO.match(text)
    problem = f"published: not a date: {str(value)!r} (use YYYY, YYYY-MM or YYYY-MM-DD)"
    if not m:
        raise ReadError(problem)
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        date(year, int(month or 1), int(day or 1))
    except ValueError:
        raise ReadError(problem) from None
    return text


@dataclass
class InferredDate:
    published: str
    evidence: Optional[Evidence]  # the line the date was read in; None when read from the url
    url: Optional[str] = None  # the address the date was read from


def _iso(m: re.Match) -> Optional[date]:
    try:
        if m.group("iso_year"):
            return date(int(m.group("iso_year")), int(m.group("iso_month")), int(m.group("iso_day")))
        return date(int(m.group("year") or m.group("year2")), _month_of(m), _day_of(m))
    except (ValueError, KeyError):
        return None


def _month_of(m: re.Match) -> int:
    return _MONTHS[(m.group("month1") or m.group("month2")).lower()]


def _day_of(m: re.Match) -> int:
    return int(m.group("day1") or m.group("day2"))


def _weekday_matches(m: re.Match, day: date) -> bool:
    wd = m.group("weekday")
    return wd is None or _WEEKDAYS[wd.lower()] == day.weekday()


def _top_lines(text: str, n: int):
    """(line, start offset) of the first n non-empty lines."""
    pos = 0
    count = 0
    for line in text.split("\n"):
        if line.strip():
            yield line, pos
            count += 1
            if count >= n:
                return
        pos += len(line) + 1


def _evidence(doc_id: str, line: str, line_start: int) -> Evidence:
    """Evidence, like all of Vigil's, is a whole line or sentence: text[start:end] == sentence."""
    start = line_start + len(line) - len(line.lstrip())
    sentence = line.strip()
    return Evidence(document=doc_id, sentence=sentence, start=start, end=start + len(sentence))


def year_for_weekday(day: int, month: int, weekday: int, today: date,
                     latest_year_named: Optional[int] = None) -> Optional[int]:
    """The year in which day/month falls on ``weekday`` (0 = Monday), see the module docstring."""
    def fits(year: int) -> bool:
        try:
            d = date(year, month, day)
        except ValueError:
            return False
        return d.weekday() == weekday and d <= today

    if latest_year_named is not None and latest_year_named <= today.year:
        for year in range(latest_year_named, min(today.year, latest_year_named + YEARS_BACK) + 1):
            if fits(year):
                return year
    for year in range(today.year, today.year - YEARS_BACK - 1, -1):
        if fits(year):
            return year
    return None


def _find_weekday_day_month(text: str) -> Optional[re.Match]:
    # The full pattern is tried only where a weekday name starts: one cheap scan of the text.
    for hit in _WEEKDAY_START.finditer(text):
        m = _WEEKDAY_DAY_MONTH.match(text, hit.start())
        if m:
            return m
    return None


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, frozenset]:
    data = json.loads(resources.files("vigil.readers").joinpath("byline_words.json").read_text("utf-8"))
    return {k: frozenset(v) for k, v in data.items() if isinstance(v, list)}


@dataclass
class _Candidate:
    day: date
    line: str
    start: int  # the line's offset
    labelled: bool  # "Published", "Updated", a byline or a dateline says whose date it is
    above_headline: bool  # stands before the first line of prose (headline or lead)


def _is_byline(rest: str) -> bool:
    """What is left of a line beside its date is a byline: a few names ("Dawn.com", "Our
    Correspondent", "By Staff"), not a sentence ("He died on")."""
    words = _WORD.findall(rest)
    if not words or len(words) > 6 or rest.rstrip().endswith((".", "?", "!")) and len(words) > 2:
        return False
    allowed = _words()["byline_words"]
    return all(w[0].isupper() or w.lower() in allowed for w in words)


def _line_candidate(line: str, start: int, above: bool, today: date,
                    footer: bool = False) -> Optional[_Candidate]:
    lowered = line.lower()
    if any(w in _words()["furniture_words"] for w in re.findall(r"[\w'’]+", lowered)):
        return None  # "Today's Paper | <date>": the day the page was printed or viewed
    if footer and not any(lowered.lstrip(" (").startswith(w) for w in _words()["footer_labels"]):
        return None
    for m in _FULL_DATE.finditer(line):
        d = _iso(m)
        if d is None or d > today or not _weekday_matches(m, d):
            continue
        rest = _DATE_LINE_EXTRAS.sub("", (line[: m.start()] + " " + line[m.end():]).strip())
        is_date_line = not rest.strip(" ,.-–—|•·")
        is_dateline = bool(_DATELINE.fullmatch(line[: m.start()].lstrip())) and m.start() < 60
        if is_date_line or is_dateline or _is_byline(rest):
            labelled = bool(_LABEL.search(line)) or not is_date_line
            return _Candidate(d, line, start, labelled, above)
    return None


def _top_candidates(text: str, today: date) -> list[_Candidate]:
    found = []
    above = True
    story_paragraphs = 0
    for line, start in _top_lines(text, TOP_LINES_DATELINE):
        candidate = _line_candidate(line, start, above, today)
        if candidate:
            found.append(candidate)
        elif _is_story_paragraph(line):
            story_paragraphs += 1
            if story_paragraphs >= STORY_PARAGRAPHS_ABOVE:
                break  # below the story a date heads another story in a list of links
        elif len(_WORD.findall(line)) >= 5:
            above = False  # the headline or the lead: what follows is the story's own
    return found


# Paragraphs of the story itself: the report's own date stands above them (in the header, or in
# a byline under a standfirst that sums the story up) or in a print credit at the foot; a date
# line further down heads another story in a list of links ("Editorial / Updated 15 Mar, 2026").
STORY_PARAGRAPH_WORDS = 25
STORY_PARAGRAPHS_ABOVE = 2


def _is_story_paragraph(line: str) -> bool:
    return len(_WORD.findall(line)) >= STORY_PARAGRAPH_WORDS and line.rstrip().endswith((".", "”", "\"", "’"))


def _footer_candidates(text: str, today: date) -> list[_Candidate]:
    """"Published in Dawn, June 3rd, 2016": a newspaper's print credit below the story."""
    lines = text.rstrip().split("\n")
    found = []
    pos = len(text.rstrip())
    for line in reversed(lines[-FOOTER_LINES:]):
        pos -= len(line)
        candidate = _line_candidate(line, pos, False, today, footer=True) if line.strip() else None
        if candidate:
            found.append(candidate)
        pos -= 1
    return found


def _yearless_dateline(text: str, today: date) -> Optional[tuple[int, int, Optional[int], str, int]]:
    """(month, day, year or None, line, offset) of a dateline without a year near the top."""
    for line, start in _top_lines(text, TOP_LINES_DATELINE):
        m = _YEARLESS_DATELINE.match(line.strip())
        if not m:
            continue
        month, day = _month_of(m), _day_of(m)
        weekday = re.search(r"\b(" + "|".join(calendar.day_name) + r")\b", line)
        years = [int(y) for y in _YEAR_MENTION.findall(text) if int(y) <= today.year]
        year = None
        if weekday and years:  # a text naming no year at all gives no ground to choose one
            year = year_for_weekday(day, month, list(calendar.day_name).index(weekday.group(1)), today,
                                    max(years))
        return month, day, year, line, start
    return None


def _furniture(candidates: list[_Candidate], dateline) -> list[_Candidate]:
    """The dates among the top of the page's that are the page's, not the report's (see the
    module docstring)."""
    def furniture(c: _Candidate) -> bool:
        if c.labelled or not c.above_headline:
            return False
        if dateline and (dateline[0], dateline[1]) != (c.day.month, c.day.day):
            return True  # the dateline says which day the report is from
        return any(other.day < c.day for other in candidates if other is not c)
    return [c for c in candidates if furniture(c)]


def infer_published(text: str, doc_id: str, today: Optional[date] = None) -> Optional[InferredDate]:
    """The report's date read from its cleaned text, with the evidence, or None."""
    today = today or date.today()
    dateline = _yearless_dateline(text, today)
    candidates = _top_candidates(text, today) + _footer_candidates(text, today)  # (a)
    furniture = _furniture(candidates, dateline)
    chosen = next((c for c in candidates if c not in furniture), None)
    if chosen:
        return InferredDate(chosen.day.isoformat(), _evidence(doc_id, chosen.line, chosen.start))
    if dateline and dateline[2]:  # (a')
        month, day, year, line, start = dateline
        return InferredDate(date(year, month, day).isoformat(), _evidence(doc_id, line, start))
    furniture_lines = {c.start for c in furniture}
    for line, start in _top_lines(text, TOP_LINES_WEEKDAY):  # (b)
        if start in furniture_lines:
            continue
        for m in _FULL_DATE.finditer(line):
            d = _iso(m)
            if d and d <= today and m.group("weekday") and _weekday_matches(m, d):
                return InferredDate(d.isoformat(), _evidence(doc_id, line, start))
    caption = _caption_date(text, today, furniture_lines)  # (b')
    if caption is not None:
        return InferredDate(caption[0].isoformat(), _evidence(doc_id, caption[1], caption[2]))
    m = _find_weekday_day_month(text)  # (c)
    if m:
        years = [int(y) for y in _YEAR_MENTION.findall(text) if int(y) <= today.year]
        year = year_for_weekday(_day_of(m), _month_of(m), _WEEKDAYS[m.group("weekday").lower()], today,
                                max(years)) if years else None
        if year:
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line = text[line_start: line_end if line_end >= 0 else len(text)]
            d = date(year, _month_of(m), _day_of(m))
            return InferredDate(d.isoformat(), _evidence(doc_id, line, line_start))
    return None


def _caption_date(text: str, today: date, skip: set[int]) -> Optional[tuple[date, str, int]]:
    """(day, line, offset) of the latest full date in a photo caption near the top, or None."""
    words = _words()
    found = []
    for line, start in _top_lines(text, TOP_LINES_WEEKDAY):
        lowered = line.lower()
        if start in skip or not any(credit in lowered for credit in words["photo_credits"]):
            continue
        if any(w in words["archive_photo_words"] for w in re.findall(r"[\w'’]+", lowered)):
            continue
        found += [(d, line, start) for m in _FULL_DATE.finditer(line)
                  if (d := _iso(m)) is not None and d <= today and _weekday_matches(m, d)]
    return max(found, key=lambda f: f[0]) if found else None


def published_for(text: str, doc_id: str, url: Optional[str] = None,
                  today: Optional[date] = None) -> Optional[InferredDate]:
    """The report's date when none was given: from its url or its text (see the module docstring).
    A date read from the url has no evidence in the text; its ``url`` says where it was read."""
    from_text = infer_published(text, doc_id, today)
    from_url = date_from_url(url, today)
    if from_url is None:
        return from_text
    if len(from_url) == 7 and from_text is not None and from_text.published.startswith(from_url):
        return from_text  # the text names the day within the month the address gives
    return InferredDate(from_url, None, url)
