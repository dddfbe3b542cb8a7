"""Which files a batch reads, in which order, and the document ids they get."""
import io
import sys

from vigil.readers import iter_documents

STORY = "Rangers said a suspect was arrested in Sohrab Goth after a raid on Sunday night.\n"


def test_folder_recursive_sorted_hidden_skipped(tmp_path, read_all):
    (tmp_path / "b.txt").write_text(STORY)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / ".hidden.txt").write_text(STORY)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(STORY)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(STORY)
    docs, failures = read_all([tmp_path])
    assert failures == []
    assert [d.id for d in docs] == ["a.txt", "b.txt", "c.txt"]


def test_same_name_in_two_folders_uses_relative_paths(tmp_path, read_all):
    for folder in ("june", "july"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(STORY)
    (tmp_path / "other.txt").write_text(STORY)
    docs, _ = read_all([tmp_path])
    assert [d.id for d in docs] == ["july/report.txt", "june/report.txt", "other.txt"]


def test_id_flag_for_one_file(tmp_path, read_all):
    (tmp_path / "a.txt").write_text(STORY)
    (doc,), _ = read_all([tmp_path / "a.txt"], metadata={"id": "dawn-2014-001", "outlet": "Dawn", "language": "en"})
    assert (doc.id, doc.outlet, doc.language) == ("dawn-2014-001", "Dawn", "en")


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode())))
    (doc,) = list(iter_documents(["-"]))
    assert doc.id == "stdin" and doc.source == "-" and doc.text == STORY.strip()


def test_failures_do_not_stop_the_batch(tmp_path, read_all):
    (tmp_path / "good.txt").write_text(STORY)
    docs, failures = read_all([tmp_path / "missing.txt", tmp_path / "good.txt"])
    assert [d.id for d in docs] == ["good.txt"]
    assert [f.problem for f in failures] == ["no such file or directory"]


def test_empty_folder_is_reported(tmp_path, read_all):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".DS_Store").write_text("x")
    docs, failures = read_all([tmp_path])
    assert docs == [] and [f.problem for f in failures] == ["no files in folder (hidden files are skipped)"]


def test_text_with_nothing_but_furniture_fails_clearly(tmp_path, read_all):
    (tmp_path / "chrome.txt").write_text("Advertisement\n\nRead more\n\nShare this\n")
    docs, failures = read_all([tmp_path / "chrome.txt"])
    assert docs == [] and failures[0].problem.startswith("no readable text left after cleaning")
