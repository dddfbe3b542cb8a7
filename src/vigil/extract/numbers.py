"""Reading quantities written as numerals or words ("13", "1,524", "thirteen", "two dozen", "dozens").

Vague quantities follow DESIGN's counting rules: "dozens" is at least 12, marked approximate.
The tables live in ``data/numbers.json``.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Optional


@dataclass(frozen=True)
class Quantity:
    value: int
    start: int  # offsets of the whole phrase (qualifier included) in the searched text
    end: int
    low: Optional[int]
    best: Optional[int]
    high: Optional[int]
    approximate: bool
    text: str


@functools.lru_cache(maxsize=1)
def number_tables() -> dict:
    return json.loads(resources.files("vigil.extract").joinpath("data/numbers.json").read_text("utf-8"))


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def quantity_regex() -> re.Pattern:
    t = number_tables()
    units = _alternation(w for w in t["units"] if w not in ("a", "an"))
    tens = _alternation(t["tens"])
    scales = _alternation(t["scales"])
    # "a"/"an" only count when a scale follows ("a hundred", "a dozen"). After a scale, news goes on
    # with more words, with or without "and" ("three hundred and twelve", "two thousand five hundred").
    piece = rf"(?:(?:{tens})(?:[- ](?:{units}))?|(?:{units}))"
    scaled = rf"(?:{piece}|a|an)(?:[\s-]+(?:{scales}))+"
    more = rf"(?:[\s-]+and)?[\s-]+"
    word_number = rf"(?:{scaled}(?:{more}{piece}(?:[\s-]+(?:{scales}))+)*(?:{more}{piece})?|{piece})"
    numeral = NUMERAL_PATTERN
    vague = _alternation(t["vague"])
    qualifiers = _alternation(
        t["lower_bound_qualifiers"] + t["approximate_qualifiers"] + t["upper_bound_qualifiers"]
    )
    single = rf"(?:{numeral}|{word_number})"
    return re.compile(
        rf"(?<![\w.,$-])(?:(?P<qual>{qualifiers})\s+)?"
        rf"(?:(?P<num>{single})(?:\s*(?:-|to|or|or maybe|or perhaps)\s*(?P<num2>{single}))?|(?P<vague>{vague}))"
        r"(?![\w-]*\d)(?!\w)",
        re.IGNORECASE,
    )


def largest_figure() -> int:
    return number_tables()["largest_figure"]


# Digits grouped in thousands ("1,000,000"), in lakhs and crores ("10,00,000": groups of two
# before the last three, as South Asian papers print them), or not grouped.
NUMERAL_PATTERN = r"\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d+"
_NUMERAL = re.compile(r"(?P<whole>\d[\d,]*)(?:\.(?P<fraction>\d+))?")


def numeral_value(raw: str) -> Optional[float]:
    """A numeral's value ('1,524', '1,00,000', '3.5', Urdu '۱۲۳'; commas are grouping, wherever the
    caller's pattern allowed them), or None for no numeral or one beyond the largest figure a
    report can mean (so a run of 5,000 digits is never turned into a number)."""
    m = _NUMERAL.fullmatch(raw.strip())
    if m is None:
        return None
    whole = m.group("whole").replace(",", "").lstrip("0") or "0"
    if len(whole) > len(str(largest_figure())):
        return None
    value = float(int(whole)) + (float("0." + m.group("fraction")[:12]) if m.group("fraction") else 0.0)
    return value if value <= largest_figure() else None


def parse_number(text: str) -> Optional[int]:
    """The value of one number phrase: '1,524' → 1524, 'two dozen' → 24, 'a hundred' → 100;
    None for a phrase beyond the largest figure ('a million million million')."""
    text = text.strip().lower()
    if re.fullmatch(NUMERAL_PATTERN, text):
        value = numeral_value(text)
        return None if value is None else int(value)
    t = number_tables()
    total, current = 0, 0
    words = re.split(r"[\s-]+", text)
    if words[0] == "and" or words[-1] == "and":
        return None
    for word in words:
        if word == "and":  # "two hundred and fifty"
            continue
        if word in ("a", "an"):
            current = max(current, 1)
        elif word in t["units"]:
            current += t["units"][word]
        elif word in t["tens"]:
            current += t["tens"][word]
        elif word in t["scales"]:
            scale = t["scales"][word]
            current = max(current, 1) * scale
            if scale >= 1000:
                total, current = total + current, 0
        else:
            return None
    value = total + current
    return value if 0 < value <= largest_figure() else None


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity phrase in ``text`` with its range per the counting rules."""
    t = number_tables()
    lower = {q.lower() for q in t["lower_bound_qualifiers"]}
    upper = {q.lower() for q in t["upper_bound_qualifiers"]}
    found = []
    for m in quantity_regex().finditer(text):
        qual = (m.group("qual") or "").lower()
        approximate = bool(qual) and qual not in lower and qual not in upper
        if m.group("vague"):
            value = t["vague"][m.group("vague").lower()]
            found.append(Quantity(value, m.start(), m.end(), value, value, None, True, m.group(0)))
            continue
        value = parse_number(m.group("num"))
        if value is None:
            continue
        second = parse_number(m.group("num2")) if m.group("num2") else None
        if second is not None and second > value:
            low, best, high = value, value, second
        elif qual in lower:
            low, best, high = value, value, None
        elif qual in upper:
            low, best, high = None, value, value
        else:
            low, best, high = value, value, value
        found.append(Quantity(value, m.start(), m.end(), low, best, high, approximate, m.group(0)))
    return found
