"""From a cleaned report to its sentences, incidents and claims (the `extract` stage)."""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Callable, Iterable, Iterator, Optional

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
    return Extraction(
        document=document,
        sentences=[Sentence(s.start_char, s.end_char) for s in view.sents],
        incidents=extract_incidents(document, view, context_city_id=context_city_id),
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

    nlp = get_nlp()
    documents = iter(documents)
    while batch := list(islice(documents, batch_size)):
        parsed = _parse_together(nlp, batch, timeout) or [None] * len(batch)
        for document, spacy_doc in zip(batch, parsed):
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
