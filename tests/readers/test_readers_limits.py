"""Readers keep every step bounded: lines cut at a sane length, over-long corpus values refused by
record, over-long JSONL lines skipped without being held."""
from __future__ import annotations

import json

from vigil.readers import ReadFailure, iter_documents
from vigil.readers.corpus import MAX_FIELD_CHARS, MAX_LINE_BYTES
from vigil.readers.text import MAX_LINE_CHARS

SENTENCE = "The night bus to the coast left on time and the drivers changed at the toll plaza. "


def _split(items):
    items = list(items)
    docs = [i for i in items if not isinstance(i, ReadFailure)]
    return docs, [i for i in items if isinstance(i, ReadFailure)]


def test_megabytes_on_one_line_become_bounded_lines_losing_nothing(tmp_path):
    path = tmp_path / "one_line.txt"
    path.write_text(SENTENCE * 36_000)  # about 3 MB, no newline
    docs, failures = _split(iter_documents([str(path)]))
    assert not failures
    assert len(docs) >= 3 and docs[0].id == "one_line.txt#part1"
    lines = [line for d in docs for line in d.text.split("\n")]
    assert max(len(line) for line in lines) <= MAX_LINE_CHARS
    assert all(line.endswith("plaza.") for line in lines)
    assert sum(line.count("night bus") for line in lines) == 36_000


def test_cr_only_line_endings_are_read_as_lines(tmp_path):
    path = tmp_path / "old_mac.txt"
    path.write_bytes((SENTENCE.strip() + "\r").encode() * 24_000)  # about 2 MB
    docs, failures = _split(iter_documents([str(path)]))
    assert not failures
    lines = [line for d in docs for line in d.text.split("\n")]
    assert len(lines) == 24_000 and "\r" not in "".join(lines)


def test_a_jsonl_line_over_the_limit_is_skipped_and_named(tmp_path):
    path = tmp_path / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "first", "text": SENTENCE}) + "\n")
        f.write(json.dumps({"id": "huge", "text": "y" * (MAX_LINE_BYTES + 10)}) + "\n")
        f.write(json.dumps({"id": "last", "text": SENTENCE + "It rained."}) + "\n")
    docs, failures = _split(iter_documents([str(path)]))
    assert [d.id for d in docs] == ["first", "last"]
    assert [str(f) for f in failures] == [f"{path}:2: line longer than {MAX_LINE_BYTES:,} bytes; record skipped"]


def test_a_long_value_in_any_field_is_refused_by_record(tmp_path):
    path = tmp_path / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "long-outlet", "text": SENTENCE, "outlet": "z" * (MAX_FIELD_CHARS + 1)}) + "\n")
        f.write(json.dumps({"id": "fine", "text": SENTENCE}) + "\n")
    docs, failures = _split(iter_documents([str(path)]))
    assert [d.id for d in docs] == ["fine"]
    assert str(failures[0]) == (f"{path}:1: field 'outlet' is {MAX_FIELD_CHARS + 1:,} characters long, "
                                f"over the limit of {MAX_FIELD_CHARS:,}; record skipped")


def test_a_csv_cell_over_the_limit_is_refused_and_the_rows_after_it_read(tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_text(f'id,text\nfirst,"{SENTENCE}"\nhuge,"{"w" * (MAX_FIELD_CHARS + 5)}"\nlast,"{SENTENCE}Dawn."\n')
    docs, failures = _split(iter_documents([str(path)]))
    assert [d.id for d in docs] == ["first", "last"]
    assert [str(f) for f in failures] == [
        f"{path}:3: a field is over the limit of {MAX_FIELD_CHARS:,} characters; record skipped"]
