"""Writing reports: round trips, idempotence, replacement, near-duplicates, atomicity."""
from __future__ import annotations

import pytest

from vigil.model import Count, Document, Evidence, TimeCue
from vigil.store import Store, StoreError

TRANSCRIPT = "Presenter: Good evening. Reporter: Gunmen attacked a checkpoint in Korangi tonight."


def _transcript(reports) -> Document:
    evening = TRANSCRIPT.index("Good evening.")
    return reports.document(
        "bulletin.srt",
        TRANSCRIPT,
        title="Evening bulletin",
        outlet="City TV",
        published="2014-06-03",
        published_inferred=True,
        published_evidence=Evidence("bulletin.srt", "Good evening.", evening, evening + len("Good evening.")),
        language="en",
        format="srt",
        source="bulletin.srt",
        cues=[
            TimeCue(0, 24, "0:00:01", "0:00:04"),
            TimeCue(25, len(TRANSCRIPT), "0:00:05", "0:00:09"),
        ],
    )


def test_document_with_cues_round_trips(store: Store, reports):
    document = _transcript(reports)
    result = store.add_report(document, reports.sentences(document), [], [])
    assert result.status == "added" and result.document_id == "bulletin.srt"
    assert store.document("bulletin.srt") == document
    row = store.document_row("bulletin.srt")
    assert row["content_hash"] == document.content_hash
    assert row["word_count"] == 11
    assert row["duplicate_of"] is None and row["ingested_at"]
    assert store.document("missing") is None and store.document_row("missing") is None
    listed = store.documents()
    assert [d["id"] for d in listed] == ["bulletin.srt"] and "text" not in listed[0]


def test_incidents_and_claims_round_trip_with_evidence(store: Store, reports):
    document = reports.document("van", reports.POLICE_VAN_REPORT, outlet="Daily A", published="2014-03-04")
    incident = reports.incident(
        document,
        "Two police constables were shot dead and a third was wounded on Tuesday morning",
        start="2014-03-04",
        fatalities=Count(2, 2, 2),
        injured=Count(1, 1, 1),
    )
    claim = reports.claim(document, "The inspector general ordered an inquiry", 1, "inquiries")
    result = store.add_report(document, reports.sentences(document), [incident], [claim])
    assert (result.status, result.incidents_added, result.claims_added) == ("added", 1, 1)
    assert store.incidents() == [incident]
    assert store.claims() == [claim] and store.claims(document="other") == []
    assert store.counts() == {"documents": 1, "incidents": 1, "claims": 1,
                              "sentences": len(reports.sentences(document)), "near_duplicates": 0}


def test_transcript_evidence_gets_its_cue_timestamp(store: Store, reports):
    document = _transcript(reports)
    incident = reports.incident(document, "Gunmen attacked a checkpoint in Korangi tonight.")
    store.add_report(document, [], [incident], [])
    evidence_rows = store.snapshot()["incident_evidence"]
    assert [row["timestamp"] for row in evidence_rows] == ["0:00:05"]


def test_same_content_twice_changes_nothing(store: Store, reports):
    document = reports.document("first.txt", reports.SCHOOL_REPORT)
    incident = reports.incident(document, "Nobody was hurt in that attack because the building was empty.")
    assert not store.has_content(document.content_hash)
    store.add_report(document, reports.sentences(document), [incident], [])
    assert store.has_content(document.content_hash)
    before = store.snapshot()

    again = store.add_report(document, reports.sentences(document), [incident], [])
    copy = reports.document("copy-under-another-name.txt", reports.SCHOOL_REPORT, outlet="Other")
    elsewhere = store.add_report(copy, reports.sentences(copy), [], [])

    assert (again.status, again.document_id) == ("unchanged", "first.txt")
    assert (elsewhere.status, elsewhere.document_id) == ("unchanged", "first.txt")
    assert elsewhere.incidents_added == 0
    assert store.snapshot() == before


def test_changed_content_under_same_id_replaces_the_report(store: Store, reports):
    original = reports.document("school.txt", reports.SCHOOL_REPORT)
    old_incident = reports.incident(original, "Nobody was hurt in that attack because the building was empty.")
    store.add_report(original, reports.sentences(original), [old_incident], [])

    edited = reports.document("school.txt", reports.SCHOOL_REPORT + " Police later arrested a watchman.")
    new_incident = reports.incident(edited, "Police later arrested a watchman.",
                                    event_type="Strategic developments", sub_event_type="Arrests")
    result = store.add_report(edited, reports.sentences(edited), [new_incident], [])

    assert result.status == "replaced" and result.incidents_added == 1
    assert store.document("school.txt") == edited
    assert store.incidents() == [new_incident]
    assert store.counts()["documents"] == 1
    assert store.counts()["sentences"] == len(reports.sentences(edited))
    assert store.has_content(edited.content_hash) and not store.has_content(original.content_hash)
    assert [doc for doc, _ in store.search_documents("watchman")] == ["school.txt"]


def test_near_duplicate_is_linked_and_its_incidents_not_counted_twice(store: Store, reports):
    sentence = "Two police constables were shot dead and a third was wounded on Tuesday"
    first = reports.document("daily-a", reports.POLICE_VAN_REPORT)
    rerun = reports.document("daily-b", reports.POLICE_VAN_RERUN)
    unrelated = reports.document("school", reports.SCHOOL_REPORT)
    store.add_report(first, reports.sentences(first), [reports.incident(first, sentence)], [])

    result = store.add_report(rerun, reports.sentences(rerun), [reports.incident(rerun, sentence)], [])
    assert result.status == "near_duplicate"
    assert result.duplicate_of == "daily-a"
    assert 0.8 <= result.similarity < 1.0
    assert result.incidents_added == 0
    row = store.document_row("daily-b")
    assert (row["duplicate_of"], row["duplicate_similarity"]) == ("daily-a", result.similarity)
    assert [i.evidence[0].document for i in store.incidents()] == ["daily-a"]
    assert store.document("daily-b") == rerun  # the text itself is kept

    other = store.add_report(unrelated, reports.sentences(unrelated), [], [])
    assert (other.status, other.duplicate_of) == ("added", None)
    assert store.counts()["near_duplicates"] == 1


def test_report_failing_mid_transaction_leaves_nothing(store: Store, reports):
    first = reports.document("first", reports.SCHOOL_REPORT)
    store.add_report(first, reports.sentences(first), [reports.incident(first, "Nobody was hurt", id="shared-id")], [])
    before = store.snapshot()

    # The document and sentences are written before the incident's primary key collides.
    second = reports.document("second", reports.POLICE_VAN_REPORT)
    clash = reports.incident(second, "The van had stopped at a tea stall", id="shared-id")
    with pytest.raises(StoreError, match="cannot store report 'second'"):
        store.add_report(second, reports.sentences(second), [clash], [])

    assert store.document_row("second") is None
    assert store.snapshot() == before
    assert store.search_documents("tea stall") == []


def test_failed_replacement_keeps_the_previous_version(store: Store, reports):
    other = reports.document("other", reports.SCHOOL_REPORT)
    store.add_report(other, [], [reports.incident(other, "Nobody was hurt", id="taken")], [])
    original = reports.document("van", reports.POLICE_VAN_REPORT)
    store.add_report(original, reports.sentences(original),
                     [reports.incident(original, "The van had stopped at a tea stall")], [])
    before = store.snapshot()

    edited = reports.document("van", "A different text about a tea stall entirely.")
    with pytest.raises(StoreError):
        store.add_report(edited, [], [reports.incident(edited, "a tea stall", id="taken")], [])
    assert store.snapshot() == before


@pytest.mark.parametrize(
    "start, end, sentence, problem",
    [
        (10, 10_000, None, "outside the text"),
        (-1, 5, None, "outside the text"),
        (5, 5, None, "outside the text"),
        (0, 9, "Something else", "does not match"),
    ],
)
def test_evidence_not_in_the_text_is_refused(store: Store, reports, start, end, sentence, problem):
    document = reports.document("bad", reports.SCHOOL_REPORT)
    incident = reports.incident(document, "Nobody was hurt")
    incident.evidence[0].start, incident.evidence[0].end = start, end
    if sentence is not None:
        incident.evidence[0].sentence = sentence
    with pytest.raises(StoreError, match=rf"report 'bad'.*\[{start}:{end}\].*{problem}"):
        store.add_report(document, reports.sentences(document), [incident], [])
    assert store.counts() == {"documents": 0, "incidents": 0, "claims": 0, "sentences": 0, "near_duplicates": 0}


def test_claim_evidence_from_another_document_is_refused(store: Store, reports):
    document = reports.document("mine", reports.SCHOOL_REPORT)
    claim = reports.claim(document, "Nobody was hurt", 0, "injured")
    claim.evidence.document = "someone-else"
    with pytest.raises(StoreError, match="names document 'someone-else'"):
        store.add_report(document, [], [], [claim])
    assert store.document_row("mine") is None
