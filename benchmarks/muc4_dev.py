"""Vigil on MUC-4 dev: predict templates for the 200 dev documents and score them with the GTT
role-filler entity match (vigil/evaluation/muc4.py), printing per-role and micro P/R/F1 and the
words/s of the prediction run.

    .venv/bin/python benchmarks/muc4_dev.py [PATH] [--people-targets-as-victims] [--json FILE]

PATH defaults to ../shared/data/muc4/muc4_dev.jsonl. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "muc4" / "muc4_dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEV), help="a GTT-processed MUC-4 JSONL file")
    parser.add_argument("--people-targets-as-victims", action="store_true",
                        help="also map targets that are people to Victim (off: MUC's Victim is names)")
    parser.add_argument("--json", metavar="FILE", help="also write the predictions and scores here")
    args = parser.parse_args()

    from vigil.evaluation.muc4 import Muc4FormatError, load_muc4, predict_muc4_documents, score_muc4
    from vigil.nlp import get_nlp

    try:
        gold = load_muc4(args.path)
    except Muc4FormatError as exc:
        print(f"muc4_dev: {exc}", file=sys.stderr)
        raise SystemExit(1)
    words = sum(len(d.text.split()) for d in gold)
    get_nlp()("warm up")  # the pipeline loads outside the timing

    start = time.perf_counter()
    predictions = predict_muc4_documents(((d.docid, d.text) for d in gold),
                                         people_targets_as_victims=args.people_targets_as_victims)
    seconds = time.perf_counter() - start

    scores = score_muc4(gold, predictions)
    typed = score_muc4(gold, predictions, count_incident_type=True)
    templates = sum(len(t) for t in predictions.values())
    gold_templates = sum(len(d.templates) for d in gold)
    print(f"MUC-4 {Path(args.path).name}: {len(gold)} documents, {words} words, "
          f"{gold_templates} gold templates, {templates} predicted")
    print(scores.table())
    print(f"with incident type as a slot (GTT eval.py's micro): P {100 * typed.micro.precision:.2f} "
          f"R {100 * typed.micro.recall:.2f} F1 {100 * typed.micro.f1:.2f}")
    print(f"prediction run: {seconds:.1f} s, {words / seconds:.0f} words/s (read, parse, extract, map)")
    if args.json:
        Path(args.json).write_text(json.dumps({"scores": scores.to_dict(), "with_incident_type": typed.to_dict(),
                                               "predictions": predictions}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
