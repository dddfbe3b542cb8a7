"""Bad input: each case gives one clear ReadFailure (or UsageError) and the batch goes on."""
import os
import socket
import struct
import zlib

import pytest

from vigil.readers import ReadError, UsageError, iter_documents

STORY = "Police said gunmen shot dead a shopkeeper in Saddar on Tuesday.\n\nNo one has been arrested.\n"


def _png_bytes() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
            + chunk(b"IEND", b""))


def _only_failure(read_all, path):
    docs, failures = read_all([path])
    assert docs == [] and len(failures) == 1
    return failures[0]


def test_empty_file(tmp_path, read_all):
    (tmp_path / "empty.txt").write_bytes(b"")
    failure = _only_failure(read_all, tmp_path / "empty.txt")
    assert failure.problem == "empty file"
    assert str(failure) == f"{tmp_path / 'empty.txt'}: empty file"


def test_whitespace_only_file(tmp_path, read_all):
    (tmp_path / "blank.txt").write_text(" \n\n\t \n")
    assert _only_failure(read_all, tmp_path / "blank.txt").problem.startswith("empty file")


def test_png_renamed_txt(tmp_path, read_all):
    (tmp_path / "photo.txt").write_bytes(_png_bytes())
    assert _only_failure(read_all, tmp_path / "photo.txt").problem == "not text: binary content (looks like PNG image)"


def test_other_binary_content(tmp_path, read_all):
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 4)
    assert _only_failure(read_all, tmp_path / "blob.txt").problem.startswith("not text: binary content")


def test_invalid_utf8_that_is_not_plausible_cp1252(tmp_path, read_all):
    # 0x81 and 0x8d are undefined in Windows-1252: no honest reading exists
    (tmp_path / "bad.txt").write_bytes(b"Police said \x81\x8d the toll rose.\n")
    problem = _only_failure(read_all, tmp_path / "bad.txt").problem
    assert problem == "not text: invalid UTF-8 at byte 12 and not plausible as Windows-1252"


def test_cp1252_text_is_decoded(tmp_path, read_all):
    (tmp_path / "legacy.txt").write_bytes("The caf\xe9 owner said \u201cnobody came\u201d.\n".encode("cp1252"))
    (doc,), failures = read_all([tmp_path / "legacy.txt"])
    assert failures == [] and doc.text == "The caf\xe9 owner said \u201cnobody came\u201d."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_bom_encodings_are_read(tmp_path, read_all, encoding):
    raw = STORY.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    (tmp_path / "bom.txt").write_bytes(raw)
    (doc,), failures = read_all([tmp_path / "bom.txt"])
    assert failures == []
    assert doc.text == "Police said gunmen shot dead a shopkeeper in Saddar on Tuesday.\n\nNo one has been arrested."


def test_utf16_subtitles_are_still_a_transcript(tmp_path, read_all):
    (tmp_path / "clip.txt").write_bytes("0:00:01 > 0:00:03Shots were fired\n0:00:03 > 0:00:05near the port.\n".encode("utf-16"))
    (doc,), _ = read_all([tmp_path / "clip.txt"])
    assert doc.format == "transcript" and doc.text == "Shots were fired near the port."


def test_malformed_html_is_read(fixtures, read_all):
    (doc,), failures = read_all([fixtures / "malformed.html"])
    assert failures == [] and doc.format == "html"
    assert "arrested four suspects" in doc.text and "recovered from the house" in doc.text
    assert "<" not in doc.text


def test_html_without_text(fixtures, read_all):
    assert _only_failure(read_all, fixtures / "no_text.html").problem == "no readable text in the HTML"


def test_jsonl_with_one_broken_line(tmp_path, read_all):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "text": "First report."}\n{"id": "b", "text": oops}\n{"id": "c", "text": "Third report."}\n')
    docs, failures = read_all([path])
    assert [d.id for d in docs] == ["a", "c"]
    assert [str(f) for f in failures] == [f"{path}:2: invalid JSON: Expecting value at column 21"]


def test_csv_missing_text_column(fixtures, read_all):
    failure = _only_failure(read_all, fixtures / "no_text_column.csv")
    assert failure.source.endswith("no_text_column.csv")
    assert failure.problem == "missing column text (or html); the header has: id, title, body"


def test_jsonl_extension_without_json(tmp_path, read_all):
    (tmp_path / "notes.jsonl").write_text("just some words\n")
    assert _only_failure(read_all, tmp_path / "notes.jsonl").problem == "not JSONL: the first line is not a JSON object"


def test_nonexistent_path(tmp_path, read_all):
    missing = tmp_path / "nowhere" / "report.txt"
    failure = _only_failure(read_all, missing)
    assert str(failure) == f"{missing}: no such file or directory"


def test_folder_with_unreadable_entries_reads_the_rest(tmp_path, read_all):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a_good.txt").write_text(STORY)
    (folder / "b_dangling.txt").symlink_to(folder / "gone.txt")
    os.mkfifo(folder / "c_pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "d_socket"))
    (folder / "e_good.txt").write_text(STORY)
    locked = folder / "f_locked.txt"
    locked.write_text(STORY)
    locked.chmod(0)
    try:
        docs, failures = read_all([folder])
    finally:
        sock.close()
    problems = {os.path.basename(f.source): f.problem for f in failures}
    assert problems["b_dangling.txt"] == "broken symbolic link"
    assert problems["c_pipe.txt"] == "not a regular file (a named pipe)"
    assert problems["d_socket"] == "not a regular file (a socket)"
    ids = [d.id for d in docs]
    assert ids[:2] == ["a_good.txt", "e_good.txt"]
    if os.geteuid() != 0:  # root reads a chmod 000 file anyway
        assert problems["f_locked.txt"] == "permission denied"


def test_id_with_several_files_is_a_usage_error(fixtures):
    with pytest.raises(UsageError, match="--id needs exactly one input file"):
        iter_documents([str(fixtures / "corpus.csv"), str(fixtures / "police_bus.srt")], metadata={"id": "x"})
    with pytest.raises(UsageError):
        iter_documents([str(fixtures)], metadata={"id": "x"})


def test_bad_published_flag_is_a_usage_error(fixtures):
    with pytest.raises(UsageError, match="^--published: not a date: '2014-13'"):
        iter_documents([str(fixtures / "police_bus.srt")], metadata={"published": "2014-13"})
    assert issubclass(UsageError, ReadError)


def test_unknown_metadata_is_a_usage_error(fixtures):
    with pytest.raises(UsageError, match="unknown metadata: colour"):
        iter_documents([str(fixtures / "police_bus.srt")], metadata={"colour": "red"})
