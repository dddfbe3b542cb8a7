"""Stated figures (claims) in a report in another language: "رواں سال کراچی میں 83 پولیس اہلکار
شہید ہوئے" is a claim of 83 police officers killed in Karachi this year, not an incident.

The incident reader leaves out a sentence that aggregates (the lexicon's ``non_event.aggregate``
cues: this year, statistics, during the month) unless it names one day; this reader takes the
same sentences and turns each toll they state into a claim, as the English claims reader does
(vigil.extract.claims): the value and its bounds from the toll, the period from the sentence's
date phrase, the place from the gazetteer, the source from "X کے مطابق" (according to X), and a
quantity in English words (the counted noun's and the fate's, from the lexicon's ``claims``
table), so figures stated in Urdu and in English about one quantity can be set side by side.
"""
from __future__ import annotations

from typing import Optional

from vigil.languages.counts import FIELDS, sentence_counts
from vigil.languages.dates import find_date
from vigil.languages.lexicon import Lexicon
from vigil.languages.places import find_places
from vigil.model import Claim, Document, Evidence, Period, stable_id


def _aggregates(lex: Lexicon, folded: str) -> bool:
    """The incident reader's own cue for a statistic, so a sentence is an incident or a claim,
    never both ("اب تک باون افراد ہلاک": so far, an incident's running toll, is no claim)."""
    pattern = lex.get("non_event", "aggregate")
    return bool(pattern) and bool(lex.regex("claims:aggregate", pattern).search(folded))


def _place_name(place_id: str) -> Optional[str]:
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    return gazetteer.get(place_id).name if place_id in gazetteer else None


def _noun(lex: Lexicon, folded: str, fate: tuple[int, int]) -> str:
    """The English words of the counted noun nearest the fate word on the side the language puts
    it (``claims.noun_side``: before in Urdu "83 پولیس اہلکار شہید", after in Arabic "مقتل 83 شرطيا")."""
    table = lex.get("claims", "nouns", default={}) or {}
    english = {lex.key(k): v for k, v in table.items()}
    default = lex.get("claims", "default_noun", default="people")
    matches = list(lex.words("claims:nouns", table).finditer(folded))
    if lex.get("claims", "noun_side", default="before") == "after":
        found = [m for m in matches if m.start() >= fate[1]][:1]
    else:
        found = [m for m in matches if m.end() <= fate[0]][-1:]
    return english.get(lex.key(found[0].group(0)), default) if found else default


def _source(lex: Lexicon, folded: str, sentence: str, origin) -> Optional[str]:
    pattern = lex.get("claims", "source")
    m = lex.regex("claims:source", pattern, bounded=False).search(folded) if pattern else None
    if m is None:
        return None
    return sentence[origin[m.start("source")]:origin[m.end("source") - 1] + 1]


def extract_claims(lex: Lexicon, document: Document, spans: list[tuple[int, int]]) -> list[Claim]:
    """The claims of a report whose sentences are ``spans``, in the order they are stated."""
    if not lex.get("claims"):
        return []
    fates = lex.get("claims", "fates", default={}) or {}
    claims = []
    for start, end in spans:
        sentence = document.text[start:end]
        folded = lex.fold(sentence)
        text = folded.text
        if not _aggregates(lex, text):
            continue
        when = find_date(lex, text, sentence, folded.origin, document.published)
        if when is not None and when.precision == "day":
            continue  # an incident of that day, told with its context: the incident reader's
        places = find_places(lex, text, sentence, folded.origin)
        counts = sentence_counts(lex, text, [(p.start, p.end) for p in places])
        place = next((name for name in (_place_name(p.place_id) for p in places) if name), None)
        source = _source(lex, text, sentence, folded.origin)
        for field in FIELDS:
            count = counts.counts.get(field)
            if count is None or field not in fates:
                continue
            fate = next(((s, e) for s, e, f in counts.fates if f == field), (len(text), len(text)))
            claims.append(Claim(
                id=stable_id(document.id, start, end, field),
                value=count.best, low=count.low, high=count.high,
                quantity=f"{_noun(lex, text, fate)} {fates[field]}",
                place=place,
                period=Period(when.start, when.end) if when is not None else None,
                attributed_to=source,
                kind="count",
                evidence=Evidence(document.id, sentence, start, end),
            ))
    return claims
