"""Sentences of a report in another language: spaCy's blank pipeline for the language (its
tokenizer and the rule-based sentencizer, which knows ۔ ؟ । as well as . ? !), plus two rules news
text needs: a full stop glued between two words ("ہو گئے۔پولیس") still ends the sentence, and a
line break always does (headlines, captions and datelines have no full stop).
"""
from __future__ import annotations

import functools

from vigil.languages.lexicon import Lexicon

# Sentence-final marks a writer may glue to the next word.
GLUED_ENDS = "۔؟।!?"


@functools.lru_cache(maxsize=None)
def pipeline(lex: Lexicon):
    import spacy
    from spacy.util import compile_infix_regex

    import vigil.nlp  # noqa: F401 - registers the "paragraph_boundaries" component

    nlp = spacy.blank(lex.get("spacy", default=lex.code))
    infixes = list(nlp.Defaults.infixes or []) + [f"[{GLUED_ENDS}]"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("paragraph_boundaries")
    nlp.max_length = 2_000_000
    return nlp


def sentence_spans(lex: Lexicon, text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, without the whitespace around it, so that
    ``text[start:end]`` is the sentence exactly."""
    doc = pipeline(lex)(text)
    spans = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans
