"""`vigil evaluate GOLD_FILE`: read the gold's reports, extract them, score, print."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from typing_extensions import Annotated

if TYPE_CHECKING:  # gold and scorer load when a command runs, not when `vigil --help` does
    from vigil.evaluation.gold import GoldDocument
    from vigil.evaluation.score import Scores

PROJECT_ROOT = Path(__file__).resolve().parents[3]  # src/vigil/evaluation/commands.py
FORMATS = ("table", "json")


class EvaluationError(Exception):
    """Bad input to an evaluation run; the message is one line for the user."""


def corpus_folder(corpus_name: str, corpus: Optional[Path], shared: Optional[Path]) -> Path:
    """Where a gold document's file lives: --corpus wins, then the project's own folders."""
    if corpus is not None:
        return corpus
    if corpus_name == "seeds":
        return (shared or PROJECT_ROOT.parent / "shared") / "corpus" / "seeds"
    if corpus_name == "examples":
        return PROJECT_ROOT / "examples" / "reports"
    raise EvaluationError(f"gold names an unknown corpus {corpus_name!r}; give --corpus DIR")


def read_gold_documents(gold_docs: list[GoldDocument], corpus: Optional[Path] = None,
                        shared: Optional[Path] = None, warn=None) -> list:
    """The cleaned Documents the gold was written against, read with Vigil's readers."""
    from vigil.readers import ReadFailure, iter_documents

    documents = []
    for gold in gold_docs:
        folder = corpus_folder(gold.corpus, corpus, shared)
        path = folder / gold.file
        if not path.exists():
            raise EvaluationError(f"{path}: report for gold document {gold.document!r} not found "
                                  f"(use --corpus DIR or --shared DIR)")
        metadata = {"published": gold.published} if gold.published_given and gold.published else None
        found = None
        for doc in iter_documents([str(path)], metadata=metadata):
            if isinstance(doc, ReadFailure):
                raise EvaluationError(f"{path}: {doc}")
            if doc.id == gold.document:
                found = doc
                break
        if found is None:
            raise EvaluationError(f"{path}: no report with id {gold.document!r}")
        digest = hashlib.sha256(found.text.encode("utf-8")).hexdigest()
        if digest != gold.cleaned_sha256 and warn is not None:
            warn(f"{gold.document}: cleaned text differs from the one the gold was written against; "
                 f"evidence offsets may be stale")
        documents.append(found)
    return documents


def evaluate(gold_file: Path, corpus: Optional[Path] = None, shared: Optional[Path] = None,
             warn=None) -> Scores:
    """Load gold, read and extract its reports, score. Raises GoldError / EvaluationError."""
    from vigil.evaluation.gold import load_gold
    from vigil.evaluation.score import score_documents
    from vigil.extract import extract_documents

    gold_docs = load_gold(gold_file)
    documents = read_gold_documents(gold_docs, corpus, shared, warn)
    extractions = {e.document.id: e for e in extract_documents(documents)}
    return score_documents(gold_docs, extractions)


# --------------------------------------------------------------------------- output


def _pct(value: Optional[float]) -> str:
    return "–" if value is None else f"{value:.2f}"


def render_table(scores: Scores, console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    from vigil.evaluation.score import FIELDS

    # Off a terminal rich assumes 80 columns, too narrow for report ids.
    console = console or Console(width=None if sys.stdout.isatty() else 132)
    table = Table(title="Incidents (gold, predicted, matched, P/R/F1) and claims (gold, predicted, matched, R/P)")
    table.add_column("report", no_wrap=True)
    for column in ("inc", "pred", "ok", "P", "R", "F1", "claims", "pred", "ok", "R", "P"):
        table.add_column(column, justify="right")
    for d in [*scores.documents, scores.overall]:
        table.add_row(d.document, str(d.gold_incidents), str(d.predicted_incidents), str(d.matched_incidents),
                      _pct(d.precision), _pct(d.recall), _pct(d.f1),
                      str(d.gold_claims), str(d.predicted_claims), str(d.matched_claims),
                      _pct(d.claim_recall), _pct(d.claim_precision),
                      style="bold" if d is scores.overall else None)
    console.print(table)
    fields = Table(title="Field accuracy on matched incidents (all reports)")
    fields.add_column("field")
    fields.add_column("correct", justify="right")
    fields.add_column("scored", justify="right")
    fields.add_column("accuracy", justify="right")
    for name in FIELDS:
        tally = scores.overall.fields[name]
        fields.add_row(name, str(tally.correct), str(tally.scored), _pct(tally.accuracy))
    console.print(fields)


def evaluate_command(
    gold_file: Annotated[Path, typer.Argument(metavar="GOLD_FILE", help="Gold annotations (JSONL), e.g. tests/gold/seeds.jsonl")],
    corpus: Annotated[Optional[Path], typer.Option("--corpus", help="Folder holding the gold's reports")] = None,
    shared: Annotated[Optional[Path], typer.Option("--shared", help="The shared folder (default: ../shared)")] = None,
    format: Annotated[str, typer.Option("--format", help="table | json")] = "table",  # noqa: A002 - CLI flag name
) -> None:
    """Score Vigil's incidents and claims against a gold file."""
    if format not in FORMATS:
        raise typer.BadParameter(f"{format!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
    from vigil.cli_errors import say
    from vigil.evaluation.gold import GoldError

    # Caught here as well as by vigil.cli_errors, so `python -m vigil.evaluation` says it in one line too.
    try:
        scores = evaluate(gold_file, corpus, shared, warn=lambda m: say(None, f"warning: {m}"))
    except (GoldError, EvaluationError) as error:
        say(None, str(error))
        raise typer.Exit(1)
    if format == "json":
        json.dump(scores.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        render_table(scores)
