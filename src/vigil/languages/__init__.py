"""Reports in languages other than English: Urdu first, then Arabic, Hindi, French, Portuguese.

No machine translation: each language has a lexicon (``data/<code>.json``: trigger words, fates,
numbers, dates, cue words), a place table and a group alias table, and one table-driven reader
(vigil.languages.incidents) turns a report into the same Incident records, with the same
evidence offsets, as the English reader, so storing, merging and exporting work unchanged.
"""
from __future__ import annotations

from typing import Optional

from vigil.languages.identify import identify_language, normalise_language
from vigil.languages.lexicon import load_lexicon, readable_languages
from vigil.model import Claim, Document, Incident, Sentence

ENGLISH = "en"


def report_language(document: Document) -> str:
    """The report's language, identified when its record gives none (and then recorded on it);
    English when it cannot be told."""
    given = normalise_language(document.language)
    if given is None:
        given = identify_language(document.text)
    if given is not None:
        document.language = given
    return given or ENGLISH


def reads(language: str) -> bool:
    """Vigil has a reader for this language (English, or one with a lexicon)."""
    return language == ENGLISH or language in readable_languages()


def extract_in_language(document: Document, language: str) -> tuple[list[Sentence], list[Incident], list[Claim]]:
    """Sentences, incidents and claims of a report in a language with a lexicon."""
    from vigil.languages.claims import extract_claims
    from vigil.languages.incidents import extract_incidents

    lexicon = load_lexicon(language)
    _infer_published(lexicon, document)
    sentences, incidents = extract_incidents(lexicon, document)
    return sentences, incidents, extract_claims(lexicon, document, [(s.start, s.end) for s in sentences])


def _infer_published(lexicon, document: Document) -> None:
    """A report with no date of its own takes the date written on a line of its own near its
    top ("01 اکتوبر ، 2023"), recorded as inferred with the line as evidence (DESIGN: inputs)."""
    if document.published:
        return
    from vigil.languages.dates import published_in_text
    from vigil.model import Evidence

    found = published_in_text(lexicon, document.text)
    if found is None:
        return
    day, start, end = found
    document.published = day
    document.published_inferred = True
    document.published_evidence = Evidence(document.id, document.text[start:end], start, end)


def unreadable_notice(language: str) -> str:
    return f"written in {language!r}, a language Vigil cannot read yet: stored without incidents"


__all__ = ["report_language", "reads", "extract_in_language", "unreadable_notice", "identify_language",
           "normalise_language", "readable_languages"]
