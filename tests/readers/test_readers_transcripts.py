"""Transcripts: no timestamps in the text, and every offset maps back to its cue's time."""
from vigil.readers import read_text


def test_offsets_map_to_cue_timestamps(fixtures, read_all):
    (doc,), _ = read_all([fixtures / "airport_subtitles.txt"])
    at = doc.text.index("Security forces fought them")
    assert doc.timestamp_at(at) == "0:00:20"
    assert doc.timestamp_at(doc.text.index("at Karachi's main airport")) == "0:00:10"
    assert doc.timestamp_at(doc.text.index("in revenge")) == "0:00:39"
    assert doc.timestamp_at(0) == "0:00:02"
    for cue in doc.cues:  # each cue covers exactly its own words in the cleaned text
        assert doc.text[cue.start:cue.end].strip() == doc.text[cue.start:cue.end]
        assert cue.timestamp_end is not None
    assert doc.text[doc.cues[2].start:doc.cues[2].end] == "at Karachi's main airport."


def test_cue_continuing_a_sentence_joins_with_a_space_and_pause_makes_paragraph():
    doc = read_text("0:01:00 > 0:01:03The men were taken\n"
                    "0:01:03 > 0:01:05to a police station.\n"
                    "0:01:30 > 0:01:33Their families waited outside.")
    assert doc.text == "The men were taken to a police station.\n\nTheir families waited outside."
    assert [c.timestamp for c in doc.cues] == ["0:01:00", "0:01:03", "0:01:30"]


def test_srt_timestamps(fixtures, read_all):
    (doc,), _ = read_all([fixtures / "police_bus.srt"])
    assert doc.timestamp_at(doc.text.index("killing thirteen")) == "00:00:04,400"
    assert doc.timestamp_at(doc.text.index("Razzakabad")) == "00:00:15,000"


def test_vtt_timestamps_and_cue_end(fixtures, read_all):
    (doc,), _ = read_all([fixtures / "police_bus.vtt"])
    spokesman = doc.text.index("We will not be intimidated")
    assert doc.timestamp_at(spokesman) == "00:09.000"
    assert doc.cues[-1].timestamp_end == "00:12.000"


def test_plain_text_has_no_cues():
    doc = read_text("Police said two men were arrested in Korangi on Friday.")
    assert doc.cues == [] and doc.timestamp_at(5) is None
