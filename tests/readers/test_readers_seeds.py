"""The five founding seeds (read from ../shared, never copied): clean text, cues and dates."""
import re
from pathlib import Path

import pytest

from vigil.readers import iter_documents

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "seeds"
pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not available"),
]

TIMESTAMP = re.compile(r"\d{1,2}:\d{2}:\d{2}\s*(>|-->)")
FURNITURE_LINE = re.compile(
    r"^(image (copyright|caption)\b.*|image:.*|getty images|advertisement|read more:?|subscribe to .*|newsletter"
    r"|ie \d+ is not supported.*|your browser .*|.*enable javascript.*|related topics|related articles"
    r"|more on this story|share this|share on .*|follow us.*|follow|skip to .*|sign up.*|\d+ mins?"
    r"|copyright ©.*|.*\bfollow)$",
    re.I,
)


@pytest.fixture(scope="module")
def seeds():
    docs = {}
    for path in sorted(SEEDS.glob("*.txt")):
        (doc,) = list(iter_documents([str(path)]))
        docs[path.name[:3]] = doc
    assert len(docs) == 5
    return docs


def test_no_timestamps_and_no_furniture_lines(seeds):
    for key, doc in seeds.items():
        assert not TIMESTAMP.search(doc.text), key
        for line in doc.text.split("\n"):
            assert not FURNITURE_LINE.match(line.strip()), (key, line)
        assert "<p>" not in doc.text and '\\"' not in doc.text, key


def test_transcript_seed_has_cues(seeds):
    doc = seeds["001"]
    assert doc.format == "transcript"
    assert len(doc.cues) > 100
    assert [c.start for c in doc.cues] == sorted(c.start for c in doc.cues)
    cue = doc.cues[len(doc.cues) // 2]
    assert doc.timestamp_at(cue.start) == cue.timestamp


def test_dateline_seed_infers_its_date(seeds):
    doc = seeds["002"]
    assert doc.published == "2014-08-11" and doc.published_inferred
    ev = doc.published_evidence
    assert re.fullmatch(r"August 11, 2014", doc.text[ev.start:ev.end])


def test_caption_and_weekday_seeds_infer_their_dates(seeds):
    assert seeds["004"].published == "2023-02-18"
    assert seeds["000"].published == "2014-11-20"  # weekday + day + month, year from the text's years
    assert seeds["003"].published is None  # only "Thursday": nothing to fix a date on


def test_prose_survives_cleaning(seeds):
    for key, doc in seeds.items():
        assert len(doc.text) > 3000, key
