"""Each input format read from the project's own fixtures."""
from vigil.readers import read_text


def test_plain_text_keeps_paragraphs_and_unescapes(fixtures, read_all):
    docs, failures = read_all([fixtures / "furniture_page.txt"])
    assert failures == []
    (doc,) = docs
    assert doc.id == "furniture_page.txt" and doc.format == "text"
    assert doc.source.endswith("furniture_page.txt")
    assert '"planned the attack carefully" & escaped' in doc.text  # \" and &amp; unescaped
    assert "<p>" not in doc.text and "</p>" not in doc.text
    assert "\n\n\n" not in doc.text
    assert doc.title == "Gunmen attack bus carrying Ismaili commuters in Karachi"
    assert doc.author == "Amna Qureshi"


def test_html_main_text_and_metadata(fixtures, read_all):
    docs, failures = read_all([fixtures / "safoora_article.html"])
    assert failures == []
    (doc,) = docs
    assert doc.format == "html"
    assert doc.title == "Bus attack kills dozens of Ismailis in Karachi"
    assert doc.published == "2015-05-13" and doc.published_inferred is False
    assert doc.author == "Farah Siddiqui"
    assert "At least 43 people died" in doc.text
    for furniture in ("Advertisement", "cookies", "Copyright", "window.analytics", "Related stories"):
        assert furniture not in doc.text
    assert "\n\n" in doc.text  # paragraphs stay apart


def test_flags_override_page_metadata(fixtures, read_all):
    docs, _ = read_all([fixtures / "safoora_article.html"],
                       metadata={"outlet": "Vigil Test", "published": "2015-05", "id": "safoora"})
    (doc,) = docs
    assert (doc.id, doc.outlet, doc.published, doc.published_inferred) == ("safoora", "Vigil Test", "2015-05", False)


def test_arrow_subtitles_are_a_transcript_whatever_the_extension(fixtures, read_all):
    (doc,), _ = read_all([fixtures / "airport_subtitles.txt"])
    assert doc.format == "transcript"
    assert "0:00" not in doc.text and ">" not in doc.text
    assert doc.text.startswith("Late on a Sunday night in June, ten gunmen forced their way")
    assert len(doc.cues) == 7


def test_srt(fixtures, read_all):
    (doc,), _ = read_all([fixtures / "police_bus.srt"])
    assert doc.format == "srt"
    assert doc.text.startswith("A bomb hidden in a car tore through a police bus in Karachi, killing thirteen commandos.")
    assert "-->" not in doc.text and "{\\an8}" not in doc.text and "<i>" not in doc.text
    assert [c.timestamp for c in doc.cues] == ["00:00:01,000", "00:00:04,400", "00:00:15,000"]


def test_webvtt_drops_header_notes_ids_and_settings_keeps_speakers(fixtures, read_all):
    (doc,), _ = read_all([fixtures / "police_bus.vtt"])
    assert doc.format == "vtt"
    for junk in ("WEBVTT", "Kind:", "NOTE", "intro", "align:", "position:", "<v"):
        assert junk not in doc.text
    assert doc.text.startswith("Reporter: The bus was hit as it left the police training centre.")
    assert "Police spokesman: We will not be intimidated" in doc.text
    assert doc.text.count("Reporter:") == 1  # a speaker is named when the voice changes


def test_jsonl_records(fixtures, read_all):
    docs, failures = read_all([fixtures / "corpus.jsonl"])
    by_id = {d.id: d for d in docs}
    assert set(by_id) == {"kpk-1", "kpk-2", "corpus.jsonl:7"}
    assert by_id["kpk-1"].outlet == "Example Wire" and by_id["kpk-1"].published == "2023-01"
    assert by_id["kpk-1"].format == "jsonl" and by_id["kpk-1"].source.endswith("corpus.jsonl:1")
    assert "checkpoint near Bannu" in by_id["kpk-2"].text and "<p>" not in by_id["kpk-2"].text
    assert by_id["kpk-2"].title == "Checkpoint attack near Bannu"
    assert by_id["corpus.jsonl:7"].published == "2023-02-03"
    problems = {f.source.rsplit(":", 1)[1]: f.problem for f in failures}
    assert problems["3"].startswith("invalid JSON")
    assert problems["4"] == "record has neither 'text' nor 'html'"
    assert problems["6"].startswith("published: not a date")
    assert problems["8"].startswith("not a JSON object")


def test_csv_records_with_multiline_cells(fixtures, read_all):
    docs, failures = read_all([fixtures / "corpus.csv"])
    assert failures == []
    assert [d.id for d in docs] == ["khi-1", "khi-2"]
    assert docs[0].text.endswith("He had been returning home after his shift.")
    assert docs[0].published == "2014-06" and docs[0].format == "csv"
    assert docs[1].source.endswith("corpus.csv:5")  # the line where the record starts
    assert '"third such raid"' in docs[1].text


def test_read_text_sniffs_each_format():
    plain = read_text("KARACHI, Nov. 3, 2016 — Two men were shot dead in Lyari.\n\n\nPolice said   the\tmotive was unclear.")
    assert plain.format == "text" and plain.text.endswith("Police said the motive was unclear.")
    assert "\n\n\n" not in plain.text
    assert plain.published == "2016-11-03" and plain.published_inferred
    subtitles = read_text("0:00:01 > 0:00:03Two men were shot\n0:00:03 > 0:00:05in Lyari on Sunday.", id="clip")
    assert subtitles.format == "transcript" and subtitles.text == "Two men were shot in Lyari on Sunday."
    assert subtitles.id == "clip"
    page = read_text("<html><body><article><p>" + "Gunmen killed a shopkeeper in Karachi, police said. " * 6
                     + "</p></article></body></html>", outlet="Example")
    assert page.format == "html" and page.outlet == "Example" and "<p>" not in page.text


def test_txt_with_stray_tags_is_text_not_html():
    doc = read_text("<p>The police said two men were arrested.</p>\n<p>Weapons were found.</p><br>\nNo one was hurt.")
    assert doc.format == "text"
    assert doc.text == "The police said two men were arrested.\n\nWeapons were found.\n\nNo one was hurt."


def test_a_records_publication_date_is_its_published_date(tmp_path, read_all):
    corpus = tmp_path / "scraped.jsonl"
    corpus.write_text('{"id": "a", "text": "Two guards were hurt in a blast at a depot.", "publication_date": "2021-06-04"}\n'
                      '{"id": "b", "text": "A trader was shot at a market.", "published": "2021-06",'
                      ' "publication_date": "2021-06-09"}\n', encoding="utf-8")
    docs, failures = read_all([corpus])
    assert not failures
    assert {d.id: (d.published, d.published_inferred) for d in docs} == {"a": ("2021-06-04", False),
                                                                        "b": ("2021-06", False)}
