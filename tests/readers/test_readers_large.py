"""A 50 MB text file is streamed in parts with bounded memory."""
import tracemalloc

PARAGRAPH = ("Officials said the convoy came under fire on the northern bypass, and two guards were hurt "
             "before the attackers escaped on foot. ") * 4


def _write_big(path, size):
    written = 0
    with open(path, "w") as f:
        while written < size:
            f.write(PARAGRAPH + "\n\n")
            written += len(PARAGRAPH) + 2


def test_fifty_megabytes_streamed_in_parts(tmp_path, read_all):
    from vigil.readers import iter_documents

    path = tmp_path / "archive.txt"
    _write_big(path, 50_000_000)
    max_chars = 1_000_000
    tracemalloc.start()
    try:
        count = total = 0
        for doc in iter_documents([str(path)], max_report_chars=max_chars):
            count += 1
            assert doc.id == f"archive.txt#part{count}"
            assert len(doc.text) <= max_chars
            assert doc.text.startswith("Officials said") and doc.text.endswith("on foot.")
            total += len(doc.text)
            del doc  # the caller holds one part at a time
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count >= 50
    assert total > 49_000_000
    assert peak < 20_000_000, f"peak {peak / 1e6:.1f} MB"


def test_a_file_without_newlines_is_cut_at_sentences(tmp_path):
    from vigil.readers import iter_documents

    path = tmp_path / "oneline.txt"
    path.write_text(PARAGRAPH * 400)  # ~80 000 characters, no newline at all
    docs = list(iter_documents([str(path)], max_report_chars=10_000))
    assert len(docs) >= 8
    assert all(len(d.text) <= 10_000 for d in docs)
    assert all(d.text.endswith("on foot.") for d in docs[:-1])


def test_invalid_bytes_deep_in_a_big_file_fail_after_the_good_parts(tmp_path):
    from vigil.readers import ReadFailure, iter_documents

    path = tmp_path / "damaged.txt"
    _write_big(path, 300_000)
    with open(path, "ab") as f:
        f.write(b"\n\nbroken \xff\xfe bytes\n")
    items = list(iter_documents([str(path)], max_report_chars=50_000))
    assert isinstance(items[-1], ReadFailure)
    assert items[-1].problem.startswith("not text: invalid utf-8 further into the file")
    assert len(items) > 2 and not any(isinstance(i, ReadFailure) for i in items[:-1])


def test_inferred_date_carries_over_to_later_parts(tmp_path):
    from vigil.readers import iter_documents

    path = tmp_path / "dated.txt"
    path.write_text("Headline\n\nMarch 3, 2021\n\n" + (PARAGRAPH + "\n\n") * 200)
    docs = list(iter_documents([str(path)], max_report_chars=20_000))
    assert len(docs) > 2
    assert {d.published for d in docs} == {"2021-03-03"}
    assert all(d.published_evidence.document == "dated.txt#part1" for d in docs)
