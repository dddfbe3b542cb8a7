"""Claim and conflict filters on SQLite and PostgreSQL: quantity by its words, place with the
places inside it, kind, the claim's period, the report."""
from __future__ import annotations

import pytest

from vigil.model import Claim, Document, Evidence, Period, Sentence
from vigil.store import Store, StoreError

# The project's own sentences: two reports disagree on one figure, a third gives others.
TEXTS = {
    "ledger": "Karachi has 15,000 active police officers, a senior officer said on 20 November 2014.",
    "wire": "The force in Karachi numbers 27,000 police officers including clerical staff, officials said.",
    "orangi": "In Orangi Town 40 police officers guard 1.2 million people; 12 percent of posts are empty.",
}


def claim(doc_id, id, value, quantity, place, *, kind="count", period=None):
    text = TEXTS[doc_id]
    return Claim(id=id, value=value, low=value, high=value, quantity=quantity, place=place, kind=kind,
                 period=period, evidence=Evidence(doc_id, text, 0, len(text)))


@pytest.fixture
def filled(store: Store) -> Store:
    claims = {
        "ledger": [claim("ledger", "c-active", 15000, "police officers", "Karachi", period=Period(None, "2014-11-20"))],
        "wire": [claim("wire", "c-all", 27000, "police officers", "Karachi", period=Period(None, "2014-11-20"))],
        "orangi": [claim("orangi", "c-orangi", 40, "police officers", "Orangi Town", period=Period("2013", "2013")),
                   claim("orangi", "c-people", 1200000, "people", "Orangi Town"),
                   claim("orangi", "c-empty", 12, "posts", "Orangi Town", kind="percentage")],
    }
    for doc_id, text in TEXTS.items():
        store.add_report(Document(id=doc_id, text=text), [Sentence(0, len(text))], [], claims[doc_id])
    return store


def ids(claims):
    return [c.id for c in claims]


def test_claim_filters(filled: Store):
    assert ids(filled.claims(quantity="police officer")) == ["c-active", "c-orangi", "c-all"]  # plural or not
    assert ids(filled.claims(quantity="officers police")) == ["c-active", "c-orangi", "c-all"]
    assert ids(filled.claims(place="Orangi Town")) == ["c-empty", "c-orangi", "c-people"]
    assert ids(filled.claims(place="Karachi")) == ["c-active", "c-empty", "c-orangi", "c-people", "c-all"]
    assert ids(filled.claims(kind="percentage")) == ["c-empty"]
    assert ids(filled.claims(document="wire")) == ["c-all"]
    assert ids(filled.claims(since="2014")) == ["c-active", "c-all"]  # period overlaps; no period: left out
    assert ids(filled.claims(until="2013-12")) == ["c-orangi"]
    assert ids(filled.claims(quantity="police officers", place="Orangi Town")) == ["c-orangi"]
    with pytest.raises(StoreError, match="unknown filter 'colour'"):
        filled.claims(colour="red")


def test_conflict_filters(filled: Store):
    [conflict] = filled.conflicts()
    assert sorted(v["value"] for v in conflict["values"]) == [15000, 27000]
    assert len(filled.conflicts(quantity="police officers", place="Karachi", since="2014")) == 1
    assert len(filled.conflicts(document="wire")) == 1
    assert filled.conflicts(document="orangi") == []
    assert filled.conflicts(kind="percentage") == []
    assert filled.conflicts(until="2013") == []
