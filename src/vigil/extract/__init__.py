"""From a cleaned report to its sentences, incidents and claims (the `extract` stage)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from vigil.batching import batches
from vigil.extract.claims import extract_claims
from vigil.extract.incidents import extract_incidents
from vigil.extract.parsing import parse_texts
from vigil.extract.places import document_context
from vigil.faults import ReportFault, ReportTimeout, inject_fault, is_bad_input, stage
from vigil.model import Claim, Document, Incident, Sentence
from vigil.timelimit import time_limit


@dataclass
class Extraction:
    """What one report yields: the records the store keeps for it."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # said once about the report, not a failure


def sentence_spans(spacy_doc):
    """spaCy's sentences without leading or trailing whitespace tokens, so that each span's
    text is exactly the cleaned text between its offsets."""
    for sent in spacy_doc.sents:
        start, end = sent.start, sent.end
        while start < end and spacy_doc[start].is_space:
            start += 1
        while end > start and spacy_doc[end - 1].is_space:
            end -= 1
        if end > start:
            yield spacy_doc[start:end]


class _Sentences:
    """A spaCy doc seen through its trimmed sentences (what the incident extractor reads)."""

    def __init__(self, spacy_doc):
        self.sents = list(sentence_spans(spacy_doc))


def extract_parsed(document: Document, spacy_doc) -> Extraction:
    view = _Sentences(spacy_doc)
    context_city_id = document_context(document.text)
    incidents = extract_incidents(document, view, context_city_id=context_city_id)
    for incident in incidents:
        for source in incident.sources:
            source.language = document.language
    return Extraction(
        document=document,
        sentences=[Sentence(s.start_char, s.end_char) for s in view.sents],
        incidents=incidents,
        claims=extract_claims(document, view.sents, context_place=context_city_id),
    )


def extract_documents(documents: Iterable[Document], batch_size: int = 8, *, timeout: Optional[float] = None,
                      on_fault: Optional[Callable[[ReportFault], None]] = None) -> Iterator[Extraction]:
    """Extract many reports, running spaCy over them in batches of bounded pieces (vigil.extract.parsing).

    Each report fails alone: a bug while it goes through the NLP or the extraction, or (with
    ``timeout`` seconds, vigil.timelimit) taking longer than that, becomes a ReportFault passed
    to ``on_fault``, and the other reports go on.  A batch whose shared NLP pass fails or runs
    out of time is parsed again one report at a time, so only the report at fault is lost; the
    limit then covers each report's own NLP and extraction.  Without ``on_fault`` the error
    is raised.  Errors about the input itself (vigil.faults.is_bad_input) are always raised.
    """
    from vigil.nlp import get_nlp

    for batch in batches(documents, batch_size, BATCH_CHARS):
        # Every new word spaCy meets (a name, a case number) stays in its vocabulary for good, so
        # memory would grow with the corpus: the strings a batch adds are dropped after it.  Its
        # extractions are plain data, finished before the zone closes.
        with get_nlp().memory_zone():
            done = list(_extract_batch(batch, timeout, on_fault))
        yield from done


def _extract_batch(batch: list[Document], timeout: Optional[float],
                   on_fault: Optional[Callable[[ReportFault], None]]) -> Iterator[Extraction]:
    from vigil.nlp import get_nlp

    # A report's language decides its reader (vigil.languages): English goes through spaCy here.
    languages = [_language_of(document) for document in batch]
    english = [d for d, language in zip(batch, languages) if language == "en"]
    parsed = iter((_parse_together(get_nlp(), english, timeout) or [None] * len(english)) if english else ())
    for document, language in zip(batch, languages):
        if language != "en":
            extraction = _extract_other(document, language, timeout, on_fault)
            if extraction is not None:
                yield extraction
            continue
        spacy_doc = next(parsed)
        nlp = get_nlp()
        try:
            with time_limit(timeout):
                if spacy_doc is None:
                    with stage("nlp"):
                        inject_fault("nlp", document.text)
                        spacy_doc = next(parse_texts(nlp, [document.text]))
                with stage("extraction"):
                    inject_fault("extraction", document.text)
                    extraction = extract_parsed(document, spacy_doc)
        except (Exception, ReportTimeout) as error:
            if on_fault is None or is_bad_input(error):
                raise
            on_fault(ReportFault.from_error(document, error, "extraction"))
            continue
        yield extraction


# The parsed Docs of a batch are held together; a batch is closed at this many characters as
# well as at ``batch_size`` reports, so eight parts of a huge file are never in memory at once.
BATCH_CHARS = 400_000


def _language_of(document: Document) -> str:
    from vigil.languages import report_language

    return report_language(document)


def _extract_other(document: Document, language: str, timeout: Optional[float],
                   on_fault: Optional[Callable[[ReportFault], None]]) -> Optional[Extraction]:
    """A report in another language, read through its lexicon; one in a language Vigil cannot read
    yet is kept with no incidents and a notice saying so."""
    from vigil.languages import extract_in_language, reads, unreadable_notice

    if not reads(language):
        return Extraction(document=document, notices=[unreadable_notice(language)])
    try:
        with time_limit(timeout):
            with stage("extraction"):
                inject_fault("extraction", document.text)
                sentences, incidents, claims = extract_in_language(document, language)
    except (Exception, ReportTimeout) as error:
        if on_fault is None or is_bad_input(error):
            raise
        on_fault(ReportFault.from_error(document, error, "extraction"))
        return None
    for incident in incidents:
        for source in incident.sources:
            source.language = language
    return Extraction(document=document, sentences=sentences, incidents=incidents, claims=claims)


def _parse_together(nlp, batch: list[Document], timeout: Optional[float]) -> Optional[list]:
    """The batch's spaCy docs from one nlp.pipe pass, or None when that pass failed (a bug or
    the time limit, here for the whole batch): the caller then parses the reports one by one."""
    try:
        with time_limit(timeout):
            for document in batch:
                inject_fault("nlp", document.text)
            return list(parse_texts(nlp, [d.text for d in batch], batch_size=len(batch)))
    except (Exception, ReportTimeout) as error:
        if is_bad_input(error):
            raise
        return None


def extract_document(document: Document) -> Extraction:
    return next(extract_documents([document]))
