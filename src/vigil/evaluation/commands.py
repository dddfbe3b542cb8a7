"""`vigil evaluate GOLD_FILE`: read the gold's reports, extract them, score, print.

Two kinds of gold, told apart by content: the project's offset gold (JSONL, gold.py), whose reports
are extracted one by one, and an incident-coded gold (one JSON object, coded_gold.py) with
``--articles``, whose articles are ingested into a temporary store and scored as merged incidents.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from typing_extensions import Annotated

if TYPE_CHECKING:  # gold and scorer load when a command runs, not when `vigil --help` does
    from vigil.evaluation.coded_gold import Article
    from vigil.evaluation.coded_score import CodedScores
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


def ingest_and_merge(articles: list[Article], warn=None) -> list[dict]:
    """The merged incidents (date order) of the articles, ingested as `vigil ingest` would into a
    fresh temporary SQLite store, each with its metadata."""
    import tempfile

    from vigil import api

    with tempfile.TemporaryDirectory(prefix="vigil-evaluate-") as folder:
        corpus = Path(folder) / "articles.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for article in articles:
                out.write(json.dumps(article.to_record(), ensure_ascii=False) + "\n")
        db = f"sqlite:///{folder}/evaluate.db"
        api.ingest([str(corpus)], db=db, on_failure=lambda failure: warn and warn(f"not ingested: {failure}"))
        store = api.open(db)
        try:
            return list(store.merged_incidents(sort="date"))
        finally:
            store.close()


def evaluate_coded(gold_file: Path, articles_file: Path, index: Optional[Path] = None,
                   language: Optional[str] = None, warn=None) -> CodedScores:
    """Ingest the articles, score the merged incidents against the incident-coded gold."""
    from vigil.evaluation.coded_gold import load_articles, load_coded_gold, load_parts
    from vigil.evaluation.coded_score import score_coded
    from vigil.knowledge.actors import load_actors

    say = warn or (lambda message: None)
    gold = load_coded_gold(gold_file)
    articles = load_articles(articles_file, on_bad=say)
    absent = sorted({r.article_id for i in gold.incidents for r in i.reports} - {a.id for a in articles})
    if absent:
        say(f"{articles_file}: {len(absent)} articles of the gold are missing (e.g. {', '.join(absent[:3])}); "
            f"their reports are not scored")
    if language:
        articles = [a for a in articles if a.language == language]
        if not articles:
            raise EvaluationError(f"{articles_file}: no articles in language {language!r}")
    parts = load_parts(index, on_bad=say) if index is not None else None
    incidents = ingest_and_merge(articles, say)
    return score_coded(gold, incidents, {a.id: a.language for a in articles}, parts, load_actors())


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


def _fraction(found: int, total: int) -> str:
    return f"{found}/{total} = {_pct(found / total if total else None)}"


def _said(vigil: Optional[dict]) -> str:
    if vigil is None:
        return "no incident from this article"
    date = "–" if not vigil["date"] else (vigil["date"][0] if vigil["date"][0] == vigil["date"][1]
                                          else f"{vigil['date'][0]}..{vigil['date'][1]}")
    actors = f", by {'; '.join(vigil['perpetrators'])}" if vigil["perpetrators"] else ""
    targets = f", on {'; '.join(vigil['targets'])}" if vigil["targets"] else ""
    return (f"{vigil['type'] or '–'}, {date}, {vigil['place'] or 'no place'}, "
            f"killed {'–' if vigil['fatalities'] is None else vigil['fatalities']}{actors}{targets}")


def render_coded(scores: CodedScores, show_misses: bool = False, console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console(width=None if sys.stdout.isatty() else 132)
    console.print(f"{scores.articles} articles; {scores.merged_incidents} merged incidents")
    recall = Table(title="Recall (reports: one per article telling a core incident)")
    for column, justify in (("what", "left"), ("found", "right"), ("total", "right"), ("recall", "right")):
        recall.add_column(column, justify=justify)
    rows = [("core incidents", scores.core), ("reports", scores.reports),
            *((f"reports, language {k}", v) for k, v in sorted(scores.by_language.items())),
            *((f"reports, part {k}", v) for k, v in sorted(scores.by_part.items()))]
    for label, tally in rows:
        recall.add_row(label, str(tally.correct), str(tally.scored), _pct(tally.accuracy))
    console.print(recall)
    fields = Table(title="Fields on found core reports: accuracy (correct/scored)")
    groups = [("all", scores.fields), *sorted(scores.fields_by_language.items()), *sorted(scores.fields_by_part.items())]
    fields.add_column("field")
    for label, _ in groups:
        fields.add_column(label, justify="right")
    from vigil.evaluation.coded_score import CODED_FIELDS

    for name in CODED_FIELDS:
        fields.add_row(name, *(f"{_pct(t[name].accuracy)} ({t[name].correct}/{t[name].scored})" for _, t in groups))
    console.print(fields)
    console.print(f"merging: together {_fraction(scores.together.correct, scores.together.scored)}; "
                  f"apart {_fraction(scores.apart.correct, scores.apart.scored)}")
    console.print(f"incidents only from noise articles {scores.noise_incidents}; "
                  f"merged incidents matching no gold report {scores.unmatched_incidents}")
    if not show_misses:
        return
    for miss in scores.misses:
        console.print(f"missed {miss['incident']} in {miss['article']} ({miss['language']}): {miss['evidence']}\n"
                      f"    Vigil said: {_said(miss['vigil'])}", markup=False, highlight=False)
    for wrong in scores.wrong_fields:
        gold = wrong["gold"]
        toll = "–" if gold["fatalities"] is None else "-".join(str(v) for v in dict.fromkeys(gold["fatalities"]))
        console.print(f"wrong {', '.join(wrong['fields'])}: {wrong['incident']} in {wrong['article']} "
                      f"({wrong['language']})\n    gold: {gold['type']}, {gold['date']}, {gold['place']}, "
                      f"killed {toll}, by {gold['perpetrator'] or '–'}, on {'; '.join(gold['targets']) or '–'}\n"
                      f"    Vigil said: {_said(wrong['vigil'])}", markup=False, highlight=False)


def evaluate_command(
    gold_file: Annotated[Path, typer.Argument(metavar="GOLD_FILE", help="Gold annotations (JSONL), e.g. tests/gold/seeds.jsonl")],
    corpus: Annotated[Optional[Path], typer.Option("--corpus", help="Folder holding the gold's reports")] = None,
    shared: Annotated[Optional[Path], typer.Option("--shared", help="The shared folder (default: ../shared)")] = None,
    format: Annotated[str, typer.Option("--format", help="table | json")] = "table",  # noqa: A002 - CLI flag name
    articles: Annotated[Optional[Path], typer.Option(
        "--articles", help="Incident-coded gold: the articles (JSONL: id, text, language, publication_date, ...)")] = None,
    index: Annotated[Optional[Path], typer.Option(
        "--index", help="Incident-coded gold: JSONL with each article's id and part, for recall by part")] = None,
    language: Annotated[Optional[str], typer.Option(
        "--language", help="Incident-coded gold: only articles in this language (ISO 639-1)")] = None,
    show_misses: Annotated[bool, typer.Option(
        "--show-misses", help="Incident-coded gold: print each missed report and wrong field, and what Vigil said")] = False,
) -> None:
    """Score Vigil's incidents and claims against a gold file (offset gold, or incident-coded gold with --articles)."""
    if format not in FORMATS:
        raise typer.BadParameter(f"{format!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
    from vigil.cli_errors import say
    from vigil.evaluation.coded_gold import read_coded_gold

    if read_coded_gold(gold_file) is not None:
        _evaluate_coded_command(gold_file, articles, index, language, show_misses, format)
        return
    if articles or index or language or show_misses:
        say(None, f"{gold_file}: --articles, --index, --language and --show-misses are for an incident-coded "
                  f"gold; this is an offset gold")
        raise typer.Exit(2)
    _score_and_print(lambda warn: evaluate(gold_file, corpus, shared, warn=warn), render_table, format)


def _evaluate_coded_command(gold_file: Path, articles: Optional[Path], index: Optional[Path],
                            language: Optional[str], show_misses: bool, format: str) -> None:  # noqa: A002
    from vigil.cli_errors import say

    if articles is None:
        say(None, f"{gold_file}: an incident-coded gold needs --articles ARTICLES.jsonl (the articles' texts)")
        raise typer.Exit(2)
    _score_and_print(lambda warn: evaluate_coded(gold_file, articles, index, language, warn=warn),
                     lambda scores: render_coded(scores, show_misses), format)


def _score_and_print(score, render, format: str) -> None:  # noqa: A002
    """Run ``score(warn)``; bad input is one line on stderr and exit 1; print JSON or ``render``."""
    from vigil.cli_errors import say
    from vigil.evaluation.gold import GoldError

    # Caught here as well as by vigil.cli_errors, so `python -m vigil.evaluation` says it in one line too.
    try:
        scores = score(lambda m: say(None, f"warning: {m}"))
    except (GoldError, EvaluationError) as error:
        say(None, str(error))
        raise typer.Exit(1)
    if format == "json":
        json.dump(scores.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        render(scores)
