"""Extraction throughput on Urdu beside English: the same run, the same machine.

    .venv/bin/python benchmarks/languages_throughput.py [REPEAT]

Urdu is read by Vigil's table-driven reader (vigil.languages: spaCy's blank tokenizer and
sentencizer, lexicon patterns), English by the spaCy pipeline with Vigil's rules, so the ratio
says what reading a report costs in each. The Urdu reports are the project's own test reports
(tests/languages/reports.py), the English ones its example reports (examples/reports/); each set
is extracted REPEAT times (default 20), language given, after one warm-up pass. Prints reports/s,
words/s and characters/s for each and the ratio. Not part of the test suite; asserts nothing.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def documents(language: str, repeat: int):
    from vigil.model import Document
    from vigil.readers import iter_documents

    if language == "ur":
        from tests.languages.reports import PUBLISHED, REPORTS

        base = [Document(id=f"ur-{kind}", text=text, published=PUBLISHED, language="ur")
                for lang, kind, text, _ in REPORTS if lang == "ur"]
    else:
        base = [d for d in iter_documents([str(ROOT / "examples" / "reports")]) if isinstance(d, Document)]
        for d in base:
            d.language = "en"
    return [Document.from_dict({**d.to_dict(), "id": f"{d.id}#{i}"}) for i in range(repeat) for d in base]


def measure(language: str, repeat: int) -> dict:
    from vigil.extract import extract_documents

    warm = documents(language, 1)
    list(extract_documents(warm))
    docs = documents(language, repeat)
    started = time.perf_counter()
    incidents = sum(len(e.incidents) for e in extract_documents(docs))
    seconds = time.perf_counter() - started
    words = sum(len(d.text.split()) for d in docs)
    chars = sum(len(d.text) for d in docs)
    return {"reports": len(docs), "incidents": incidents, "seconds": seconds,
            "reports/s": len(docs) / seconds, "words/s": words / seconds, "chars/s": chars / seconds}


def main(argv: list[str]) -> None:
    repeat = int(argv[0]) if argv else 20
    results = {language: measure(language, repeat) for language in ("ur", "en")}
    for language, r in results.items():
        print(f"{language}: {r['reports']} reports, {r['incidents']} incidents in {r['seconds']:.2f} s: "
              f"{r['reports/s']:.1f} reports/s, {r['words/s']:.0f} words/s, {r['chars/s']:.0f} chars/s")
    ratio = results["ur"]["words/s"] / results["en"]["words/s"]
    print(f"Urdu reads {ratio:.2f}x as many words a second as English")


if __name__ == "__main__":
    main(sys.argv[1:])
