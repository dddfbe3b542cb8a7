"""Numbers as a language writes them: digits of any script (folded to ASCII), number words,
Indian scales (ہزار، لاکھ، کروڑ), fractions (ڈیڑھ سو = 150, ساڑھے 14 ہزار = 14,500), ranges
("تین سے چار"), qualifiers ("83 سے زائد" is at least 83) and vague words ("درجنوں": at least 12,
approximate), each with the low / best / high the counting rules of DESIGN.md give it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from vigil.extract.numbers import largest_figure
from vigil.languages.lexicon import LETTER, Lexicon

_DIGITS = r"(?<!\d)\d+(?:[,.٬]\d{3})*(?:[.٫]\d+)?(?!\d)"


@dataclass(frozen=True)
class Quantity:
    start: int  # offsets in the folded text
    end: int
    value: int
    low: Optional[int]
    best: Optional[int]
    high: Optional[int]
    approximate: bool


def _words_body(lex: Lexicon, phrases) -> str:
    return f"(?<!{LETTER})(?:{lex.phrase_body(phrases)})(?!{LETTER})"


@functools.lru_cache(maxsize=None)
def _tables(lex: Lexicon) -> dict:
    n = lex.get("numbers", default={}) or {}
    folded = lambda table: {lex.key(k): v for k, v in (table or {}).items()}
    return {
        "words": folded(n.get("words")), "scales": folded(n.get("scales")),
        "fractions": folded(n.get("fractions")), "vague": folded(n.get("vague")),
        "modifiers": {**{lex.key(w): 0.5 for w in n.get("plus_half", [])},
                      **{lex.key(w): 0.25 for w in n.get("plus_quarter", [])},
                      **{lex.key(w): -0.25 for w in n.get("less_quarter", [])}},
    }


@functools.lru_cache(maxsize=None)
def number_body(lex: Lexicon) -> str:
    """A pattern (no groups) for one written number: atoms with optional spaces between."""
    n = lex.get("numbers", default={}) or {}
    words = [*n.get("words", {}), *n.get("scales", {}), *n.get("fractions", {}),
             *n.get("plus_half", []), *n.get("plus_quarter", []), *n.get("less_quarter", [])]
    atom = f"(?:{_DIGITS}|{_words_body(lex, words)})"
    joiner = n.get("atom_joiner")  # "-" and "e" in "vingt-deux", "vinte e dois"
    sep = rf"(?:\s*(?:{lex.fold_pattern(joiner)})?\s*)" if joiner else r"\s*"
    return f"{atom}(?:{sep}{atom})*"


@functools.lru_cache(maxsize=None)
def quantity_regex(lex: Lexicon) -> re.Pattern:
    n = lex.get("numbers", default={}) or {}
    number = number_body(lex)

    def opt(key):
        return _words_body(lex, n.get(key, [])) if n.get(key) else "(?!)"

    pattern = (
        rf"(?:(?:(?P<least_b>{opt('at_least_before')})|(?P<about_b>{opt('about_before')})|(?P<most_b>{opt('at_most_before')}))\s*)?"
        rf"(?P<n1>{number})"
        rf"(?:\s*(?:{opt('range_joiners')})\s*(?P<n2>{number}))?"
        rf"(?:\s*(?:(?P<least_a>{opt('at_least_after')})|(?P<about_a>{opt('about_after')})|(?P<most_a>{opt('at_most_after')})))?"
        rf"|(?P<vague>{opt('vague')})"
    )
    return re.compile(pattern, re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def _atom_regex(lex: Lexicon) -> re.Pattern:
    tables = _tables(lex)
    words = [*tables["words"], *tables["scales"], *tables["fractions"], *tables["modifiers"]]
    return re.compile(f"{_DIGITS}|{_words_body(lex, words)}", re.IGNORECASE)


def parse_number(lex: Lexicon, text: str) -> Optional[int]:
    """The value of one written number (folded text), or None when it is none or too large."""
    tables = _tables(lex)
    atom = _atom_regex(lex)
    total, current, modifier, seen = 0.0, 0.0, 0.0, False
    for match in atom.finditer(text):
        piece = lex.key(match.group(0))
        if piece[:1].isdigit():
            digits = piece
            if re.fullmatch(r"\d+(?:[,.٬]\d{3})+", digits):
                digits = re.sub(r"[,.٬]", "", digits)
            try:
                value = float(digits.replace("٫", ".").replace(",", "."))
            except ValueError:
                return None
        elif piece in tables["modifiers"]:
            modifier = tables["modifiers"][piece]
            continue
        elif piece in tables["scales"]:
            scale = tables["scales"][piece]
            base = (current or 1) + modifier
            modifier = 0.0
            if scale == 100 or scale < 100:
                current = base * scale
            else:
                total += base * scale
                current = 0.0
            seen = True
            continue
        else:
            value = tables["words"].get(piece, tables["fractions"].get(piece))
            if value is None:
                return None
        current += value + modifier
        modifier = 0.0
        seen = True
    if not seen:
        return None
    result = total + current
    if result > largest_figure() or result < 0:
        return None
    return int(round(result))


def find_quantities(lex: Lexicon, folded: str) -> list[Quantity]:
    """Every quantity phrase in folded text with its range per the counting rules."""
    tables = _tables(lex)
    found = []
    for m in quantity_regex(lex).finditer(folded):
        if m.group("vague"):
            value = tables["vague"].get(lex.key(m.group("vague")))
            if value is not None:
                found.append(Quantity(m.start(), m.end(), value, value, value, None, True))
            continue
        value = parse_number(lex, m.group("n1"))
        if value is None:
            continue
        second = parse_number(lex, m.group("n2")) if m.group("n2") else None
        if second is not None and second > value:
            low, best, high = value, value, second
        elif m.group("least_b") or m.group("least_a"):
            low, best, high = value, value, None
        elif m.group("most_b") or m.group("most_a"):
            low, best, high = None, value, value
        else:
            low, best, high = value, value, value
        approximate = bool(m.group("about_b") or m.group("about_a"))
        found.append(Quantity(m.start(), m.end(), value, low, best, high, approximate))
    return found
