"""Proper names around an incident's evidence: the cheapest strong sign of which incident it is.

Reports of one shooting name the same victim ("Naveed Akhtar", "Naveed Akhter"); reports of
two shootings on one street that evening name different people.  Names are read without NLP
(the merge runs in the store, after extraction) as runs of two or more capitalised words in the
paragraphs holding the evidence, less places the gazetteer knows and generic words (titles,
institutions, calendar words: ``data/name_stoplist.txt``).
"""
from __future__ import annotations

import functools
import re
from typing import Iterable

from rapidfuzz import fuzz

from vigil.languages.transliterate import is_uncased, name_candidates
from vigil.model import Evidence
from vigil.resolve.features import normalise_name, word_list

_RUN = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|e|ul|ud|al|bin|ibn))+")
_PARAGRAPH = re.compile(r"\n\s*\n")
# One capitalised word inside a sentence ("the policeman, Sheraz, was going"): a name when it is
# neither a title, a calendar word nor a known place (a capital after a full stop proves nothing).
_SINGLE = re.compile(r"(?<=[\w,;:’'\"(] )[A-Z][a-z]{2,}(?:[’']s)?(?=[\s,.;:)!?])(?!\s+[A-Z])")
TOKEN_MATCH = 80  # rapidfuzz ratio at which two spellings are one name ("Akhtar", "Akhter")


@functools.lru_cache(maxsize=1)
def _stoplist() -> frozenset[str]:
    return word_list("name_stoplist.txt")


@functools.lru_cache(maxsize=65536)
def _is_place(name: str) -> bool:
    try:
        from vigil.knowledge.gazetteer import load_gazetteer

        return bool(load_gazetteer().lookup(name, fuzzy=False))
    except Exception:  # without a gazetteer, places stay among the names
        return False


def _paragraphs(text: str, evidence: Iterable[Evidence]) -> list[str]:
    """The paragraphs holding evidence and the one after each (a lead's victim is often named
    in the next paragraph)."""
    spans = [(e.start, e.end) for e in evidence]
    bounds, start = [], 0
    for match in [*_PARAGRAPH.finditer(text), None]:
        end = match.start() if match else len(text)
        bounds.append((start, end))
        start = match.end() if match else len(text)
    keep = set()
    for i, (start, end) in enumerate(bounds):
        if any(s < end and e > start for s, e in spans):
            keep.update((i, i + 1))
    return [text[s:e] for i, (s, e) in enumerate(bounds) if i in keep]


def context_names(text: str, evidence: Iterable[Evidence]) -> list[str]:
    """Name words (lower case, sorted) of the proper names in the paragraphs holding the evidence;
    in a script without capitals (Urdu, Arabic, Hindi), candidate names instead: word pairs
    that may be names (vigil.languages.transliterate)."""
    evidence = list(evidence)
    if is_uncased(" ".join(e.sentence for e in evidence)):
        return name_candidates("\n".join(_paragraphs(text, evidence)))
    stop = _stoplist()
    words: set[str] = set()
    for paragraph in _paragraphs(text, evidence):
        for run in _RUN.findall(paragraph):
            if run.isupper() or _is_place(run):
                continue
            kept = [w for w in normalise_name(run).split() if w not in stop and len(w) > 2 and not w.isdigit()]
            if len(kept) >= 1 and not all(_is_place(w) for w in kept):
                words.update(w for w in kept if not _is_place(w))
        for match in _SINGLE.finditer(paragraph):
            word = normalise_name(re.sub(r"[’']s?$", "", match.group()))
            if word not in stop and len(word) > 2 and not _is_place(match.group()):
                words.add(word)
    return sorted(words)


@functools.lru_cache(maxsize=65536)
def shared_names(a: frozenset[str], b: frozenset[str]) -> int:
    """How many name words of ``a`` have a close spelling in ``b``: two spellings of one name are
    close ("Akhtar", "Akhter"; "Hyder", "Haider") and open alike, on one letter or on vowels
    ("Usman", "Osman"); "Abidi" and "Zaidi" are two families.  Cached: merging compares the same
    few name sets (one per stored mention) again for every report about a period."""
    exact = a & b
    rest = a - exact
    if not rest:
        return len(exact)
    by_opening, joined, text = _by_opening(b), _joined(b), _as_text(b)
    close = 0
    for x in rest:
        # One name written as one word in one report, as two in the other: x is two of b's words
        # joined, or x and another word of a are the two parts of one of b's.
        if x in joined or (x in text and _joins_with(x, a, b)):
            close += 1
            continue
        # The same opening, then rapidfuzz's ratio, which returns 0 below the cutoff and is
        # quicker than any test of lengths written here to avoid it.
        for y in by_opening.get(_opening(x), ()):
            if fuzz.ratio(x, y, score_cutoff=TOKEN_MATCH):
                close += 1
                break
    return len(exact) + close


JOINED_PART = 3  # the shortest part of a name written joined ("Daud" + "Pota" = "Daudpota")


@functools.lru_cache(maxsize=65536)
def _joined(words: frozenset[str]) -> frozenset[str]:
    """Every two of these words written as one ("daud", "pota": "daudpota", "potadaud")."""
    parts = [w for w in words if len(w) >= JOINED_PART]
    return frozenset(x + y for x in parts for y in parts if x != y)


@functools.lru_cache(maxsize=65536)
def _as_text(words: frozenset[str]) -> str:
    """These words in one string: a word that is no part of any of them is no substring of it,
    which rules out most words at C speed before _joins_with looks."""
    return " ".join(words)


def _joins_with(x: str, a: frozenset[str], b: frozenset[str]) -> bool:
    """x and a word of ``a`` are the two parts, JOINED_PART letters or more each, of one of b's
    words ("daud" and "pota" of "daudpota")."""
    if len(x) < JOINED_PART:
        return False
    return any(x + part in b or part + x in b for part in a if len(part) >= JOINED_PART)


_VOWELS = frozenset("aeiou")


def _opening(word: str) -> str:
    """What two spellings of one name open alike on: the first letter, or any vowel."""
    return "aeiou" if word[:1] in _VOWELS else word[:1]


@functools.lru_cache(maxsize=65536)
def _by_opening(words: frozenset[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for word in sorted(words):
        out.setdefault(_opening(word), []).append(word)
    return {opening: tuple(group) for opening, group in out.items()}


@functools.lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return word_list("common_name_words.txt")


def telling_shared_names(a: frozenset[str], b: frozenset[str]) -> int:
    """shared_names in both directions, counting only words that are not among the commonest
    ("Syed", "Hussain"): two reports naming a Syed Hussain need not name one man."""
    return both_ways(_telling_words(a), _telling_words(b))


@functools.lru_cache(maxsize=65536)
def _telling_words(words: frozenset[str]) -> frozenset[str]:
    return words - _common_words()


def both_ways(a: frozenset[str], b: frozenset[str]) -> int:
    """shared_names in both directions (the smaller count); the second is not needed when the
    first finds none, as for most pairs of different incidents."""
    first = shared_names(a, b)
    return min(first, shared_names(b, a)) if first else 0
