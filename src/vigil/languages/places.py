"""Places named in a language's own script, resolved to the gazetteer's ids.

Names come from two tables, both folded like the text: the gazetteer's own names and aliases
(it carries Urdu names for Pakistan's provinces, districts, cities and Karachi's neighbourhoods),
and the language's place table ``data/places_<code>.tsv`` (spellings the gazetteer lacks, made by
scripts/build_places_ur.py for Urdu). A sentence's words are read left to right and the longest
name starting at each word wins. In scripts without capitals a few names are also common words
("صدر": Saddar, and a president): those count only beside a place word ("علاقے صدر میں").
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Optional

from vigil.languages.lexicon import LETTER, Lexicon

LONGEST_NAME_WORDS = 6
_WORD = re.compile(f"{LETTER}+|\\d+")


@dataclass(frozen=True)
class PlaceHit:
    place_id: str
    start: int  # folded offsets in the sentence
    end: int


def _script_of(lex: Lexicon) -> Optional[str]:
    return lex.get("script")


def _in_script(name: str, lex: Lexicon) -> bool:
    """Whether a gazetteer name is written in the language's script (Latin names are read by
    every Latin-script language; Arabic-script names by Urdu and Arabic)."""
    script = lex.get("script", default="arabic")
    if script == "latin":
        return all(ord(c) < 0x250 for c in name)
    if script == "devanagari":
        return any(0x0900 <= ord(c) <= 0x097F for c in name)
    return any(0x0600 <= ord(c) <= 0x06FF or 0xFB50 <= ord(c) <= 0xFEFF for c in name)


def _name_key(lex: Lexicon, name: str) -> str:
    words = _WORD.findall(lex.fold(name).text)
    return ("" if not lex.spaced else " ").join(words)


WORLD_TOWN_POPULATION = 100_000


@functools.lru_cache(maxsize=None)
def place_index(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    """Folded name -> gazetteer ids, the language's table first."""
    from vigil.knowledge.gazetteer import LEVEL_ORDER, WORLD_CITY_SOURCE, load_gazetteer

    gazetteer = load_gazetteer()
    index: dict[str, list[str]] = {}
    table = resources.files("vigil.languages").joinpath(f"data/places_{lex.code}.tsv")
    if table.is_file():
        with table.open(encoding="utf-8") as handle:
            for row in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"):
                if row.get("gazetteer_id") in gazetteer:
                    index.setdefault(_name_key(lex, row["name"]), []).append(row["gazetteer_id"])
    # The world's small towns are left out: matched word by word they turn common words into places
    # (French "Un" is a town in India); the curated places and cities of some size are kept.
    places = {p.id: p for p in (*gazetteer.places(towns=False), *gazetteer.towns(min_population=WORLD_TOWN_POPULATION))}
    # Broader places first when names tie ("Peshawar": the city before the district).
    for place in sorted(places.values(), key=lambda p: LEVEL_ORDER.index(p.level) if p.level in LEVEL_ORDER else 99):
        # A world town by its own name only: GeoNames' alternate names include short forms that
        # are common words elsewhere (Umeå's "Uma" is Portuguese for "a").
        names = [place.name] if WORLD_CITY_SOURCE in place.sources else place.names
        for name in names:
            if _in_script(name, lex):
                key = _name_key(lex, name)
                if key and place.id not in index.get(key, []):
                    index.setdefault(key, []).append(place.id)
    return {k: tuple(v) for k, v in index.items() if k}


@functools.lru_cache(maxsize=None)
def _ambiguous(lex: Lexicon) -> frozenset[str]:
    return frozenset(_name_key(lex, n) for n in lex.get("places", "ambiguous", default=[]) or [])


def find_places(lex: Lexicon, folded: str, original: Optional[str] = None, origin=None) -> list[PlaceHit]:
    """Place names in a folded sentence, longest first at each word, in text order. For Latin
    scripts a name must start with a capital in ``original`` (the sentence as written)."""
    index = place_index(lex)
    words = list(_WORD.finditer(folded))
    hits: list[PlaceHit] = []
    joiner = " " if lex.spaced else ""
    i = 0
    while i < len(words):
        matched = None
        for length in range(min(LONGEST_NAME_WORDS, len(words) - i), 0, -1):
            key = joiner.join(w.group(0) for w in words[i:i + length])
            if key in index:
                matched = (length, key)
                break
        if matched is None:
            i += 1
            continue
        length, key = matched
        start, end = words[i].start(), words[i + length - 1].end()
        if _accepted(lex, folded, key, start, end, original, origin):
            hits.append(PlaceHit(index[key][0], start, end))
            i += length
        else:
            i += 1
    return hits


def _accepted(lex: Lexicon, folded: str, key: str, start: int, end: int, original, origin) -> bool:
    if lex.get("script") == "latin" and original is not None and origin is not None:
        if not original[origin[start]].isupper():
            return False
    if key in _ambiguous(lex):
        before = lex.regex("place_before", lex.get("places", "place_before"), bounded=False)
        after = lex.regex("place_after", lex.get("places", "place_after"), bounded=False)
        return bool(before.search(folded[max(0, start - 30):start]) or after.match(folded[end:end + 30]))
    return True
