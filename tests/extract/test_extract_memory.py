"""Extracting many reports does not grow spaCy's vocabulary: the new words a batch meets (names,
case numbers) are dropped after it, so one process's memory stays flat over any corpus."""
from __future__ import annotations

from vigil.extract import extract_documents
from vigil.nlp import get_nlp
from vigil.readers import read_text


def _reports(count: int):
    for n in range(count):
        yield read_text(f"Gunmen killed two guards of warehouse Qorvatnik{n} in Korangi on Monday, police said. "
                        f"Inspector Zelmirov{n} registered case Vx{n}q{n * 7}.", id=f"memory-{n}")


def test_new_words_do_not_stay_in_the_vocabulary():
    nlp = get_nlp()
    list(extract_documents(_reports(2)))  # what loads on first use, outside the count
    before = len(nlp.vocab.strings)
    extractions = list(extract_documents(_reports(40)))
    assert len(extractions) == 40
    assert len(nlp.vocab.strings) == before
    assert "Qorvatnik39" not in nlp.vocab.strings and "Zelmirov39" not in nlp.vocab.strings
    # What was extracted is plain data, whole after the batch's strings are gone.
    [incident] = extractions[-1].incidents
    assert incident.fatalities.best == 2 and incident.location.name == "Korangi"
    assert "Qorvatnik39" in extractions[-1].document.text
