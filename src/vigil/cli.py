"""The `vigil` command: parses flags, calls the Python API (vigil.api), prints.

Exit status: 0 success, 1 bad input (nothing could be read, or any failure with --strict),
2 bad usage (a flag's value, a missing database for a command that only reads). Errors are one
line on stderr, ``vigil COMMAND: ...``, naming the input and the problem (vigil.cli_errors).

Start-up stays light: the NLP stack, the store and the exporters are imported inside the commands
that use them, so `vigil --help` and a query on a small database start quickly.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from typing import List, Optional

import typer

from vigil import __version__
from vigil.cli_errors import CommandFailed, VigilGroup, say
from vigil.cli_options import (DocumentFilterOption, LanguageFilterOption, MinFatalitiesOption, PerpetratorOption,
                               PlaceOption, SinceOption, StatusOption, SubTypeOption, TargetOption, TextOption,
                               TypeOption, UntilOption, check_date, check_words, db_option, incident_filters,
                               read_store, warn_unknown_names)
from vigil.render import (FORMATS, claim_columns, disagreement_columns, disagreement_rows, document_columns,
                          failure_columns)
from vigil.render import incident_columns, render, tally_columns, write_jsonl
from vigil.render import queue_columns, review_columns, revision_columns
from vigil.timelimit import DEFAULT_TIMEOUT

# Plain help: no rich panels, and no <bool>/<str> type hints after the flags (vigil.cli_errors.plain_metavars).
app = typer.Typer(
    cls=VigilGroup,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Vigil: reports of political violence in, a sourced incident database out.",
)
documents_app = typer.Typer(cls=VigilGroup, rich_markup_mode=None,
                            help="Stored reports: list them, show one with its cleaned text.")
app.add_typer(documents_app, name="documents")

DbOption = db_option()
FormatOption = typer.Option("table", "--format", "-f", help="Output format: " + "|".join(FORMATS) + ".")
# Metadata for reports whose files do not carry it (corpus records carry their own).
OutletOption = typer.Option(None, "--outlet", help="Outlet of the report(s).")
PublishedOption = typer.Option(None, "--published", help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
UrlOption = typer.Option(None, "--url", help="Where the report was published.")
LanguageOption = typer.Option(None, "--language", help="Language code, e.g. en.")
IdOption = typer.Option(None, "--id", help="Report id (single file only).")
StrictOption = typer.Option(False, "--strict", help="Exit 1 if any input fails.")
TimeoutOption = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=0, metavar="SECONDS",
                             help="Time limit per report: one taking longer fails alone (0: none).")


def _print_version(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        typer.echo(f"vigil {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version,
                                       help="Print Vigil's version and exit.")):
    """Vigil: reports of political violence in, a sourced incident database out."""


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
    return fmt


def _metadata(outlet, published, url, language, id) -> dict:
    given = {"outlet": outlet, "published": published, "url": url, "language": language, "id": id}
    return {k: v for k, v in given.items() if v is not None}


def _show(records, fmt: str, columns=None, title: Optional[str] = None, empty: str = "Nothing matches.") -> None:
    """render() to the standard output of the moment (render's default is bound at import)."""
    render(records, fmt, columns, out=sys.stdout, title=title, empty=empty)


def _say(message: str) -> None:
    say(None, message)


def _failure_printer(echo=None):
    """Prints a failed input as one line, ``vigil COMMAND: INPUT: problem`` (a report that failed
    on a bug or the time limit says so), followed by its traceback when VIGIL_DEBUG is set."""
    echo = echo or _say

    def say_failure(failure) -> None:
        echo(str(failure))
        if failure.fault is not None and os.environ.get("VIGIL_DEBUG"):
            typer.echo(failure.fault.traceback.rstrip(), err=True)
    return say_failure


def _finish(summary_failures: int, read: int, strict: bool) -> None:
    if summary_failures and (strict or read == 0):
        raise typer.Exit(1)


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., help="Files, folders, or - for standard input."),
    claims: bool = typer.Option(False, "--claims", help="Also print the figures each report states."),
    fmt: str = FormatOption,
    outlet: Optional[str] = OutletOption,
    published: Optional[str] = PublishedOption,
    url: Optional[str] = UrlOption,
    language: Optional[str] = LanguageOption,
    id: Optional[str] = IdOption,
    strict: bool = StrictOption,
    timeout: float = TimeoutOption,
):
    """Print each report's incidents (not merged, not stored)."""
    _check_format(fmt)
    failures = []
    incidents, found_claims, read = [], [], 0
    say = _failure_printer()

    def failed(failure):
        failures.append(failure)
        say(failure)

    from vigil import api

    # JSONL is printed as it comes (claims kept aside in a spooled file until the incidents are out),
    # so memory stays flat however many reports a run reads.
    streamed = 0
    spool = tempfile.SpooledTemporaryFile(max_size=1 << 23, mode="w+", encoding="utf-8")
    for extraction in api.iter_extractions(paths, metadata=_metadata(outlet, published, url, language, id),
                                           on_failure=failed, timeout=timeout):
        read += 1
        for notice in extraction.notices:
            _say(f"{extraction.document.source or extraction.document.id}: {notice}")
        if fmt == "jsonl":
            for incident in extraction.incidents:
                write_jsonl(incident.to_dict(), sys.stdout)
                streamed += 1
            for claim in extraction.claims if claims else ():
                write_jsonl(claim.to_dict(), spool)
            continue
        incidents.extend(i.to_dict() for i in extraction.incidents)
        found_claims.extend(c.to_dict() for c in extraction.claims)
    if fmt == "jsonl" and (streamed or spool.tell()):
        spool.seek(0)
        shutil.copyfileobj(spool, sys.stdout)
    elif fmt == "json":
        render([{"incidents": incidents, "claims": found_claims}] if claims else incidents, "json")
    else:
        render(incidents, fmt, incident_columns(), title="Incidents" if fmt == "table" else None,
               empty="No incidents found.")
        if claims:
            render(found_claims, fmt, claim_columns(), title="Claims" if fmt == "table" else None,
                   empty="No claims found.")
    if failures:
        typer.echo(f"{len(failures)} input{'s' if len(failures) != 1 else ''} failed, {read} read", err=True)
    _finish(len(failures), read, strict)


@app.command()
def ingest(
    paths: Optional[List[str]] = typer.Argument(None, metavar="PATHS",
                                                help="Files, folders, or - for standard input."),
    db: str = DbOption,
    outlet: Optional[str] = OutletOption,
    published: Optional[str] = PublishedOption,
    url: Optional[str] = UrlOption,
    language: Optional[str] = LanguageOption,
    id: Optional[str] = IdOption,
    strict: bool = StrictOption,
    timeout: float = TimeoutOption,
    retry_failed: bool = typer.Option(False, "--retry-failed",
                                      help="Run the reports stored as failed again, from their stored text."),
    workers: int = typer.Option(0, "--workers", min=0, metavar="N",
                                help="Extract on a local Dask cluster of N processes (0: in this process)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                            help="Extract on an existing Dask cluster, e.g. tcp://10.0.0.5:8786."),
):
    """Store reports, extract their incidents, keep them; the same content twice changes nothing.
    A report that fails on a bug or the time limit is stored as failed (vigil documents --failed)."""
    if not paths and not retry_failed:
        raise typer.BadParameter("give files, folders or - (or --retry-failed)", param_hint="PATHS")
    if workers and scheduler:
        raise typer.BadParameter("give --workers or --scheduler, not both", param_hint="--workers")
    from vigil import api

    metadata = _metadata(outlet, published, url, language, id)
    run = dict(db=db, metadata=metadata, retry_failed=retry_failed, timeout=timeout, workers=workers,
               scheduler=scheduler)
    if sys.stderr.isatty():
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with Progress(SpinnerColumn(), TextColumn("{task.completed} reports"), TextColumn("{task.description}"),
                      TimeElapsedColumn(), transient=True) as progress:
            task = progress.add_task("", total=None)

            def on_report(source, status):
                progress.update(task, advance=1, description=f"{status}: {source}")

            on_failure = _failure_printer(
                lambda line: progress.console.print(f"vigil ingest: {line}", markup=False, highlight=False))
            summary = api.ingest(paths or [], on_report=on_report, on_failure=on_failure,
                                 on_notice=lambda line: progress.console.print(f"vigil ingest: {line}", markup=False,
                                                                               highlight=False), **run)
    else:
        summary = api.ingest(paths or [], on_failure=_failure_printer(), on_notice=_say, **run)
    typer.echo(summary.line(), err=True)
    if summary.not_stored:  # read but not kept: never a success, --strict or not
        raise typer.Exit(1)
    _finish(len(summary.failures), summary.read + summary.imported, strict)  # imported incidents were read too


incidents_app = typer.Typer(cls=VigilGroup, rich_markup_mode=None,
                            help="Incidents merged across reports: list them, review them (confirm, edit, reject, "
                                 "restore, history, queue), merge or split them by hand.")
app.add_typer(incidents_app, name="incidents")
ByOption = typer.Option(None, "--by", help="Who decides (default: $USER).")
ReasonOption = typer.Option(None, "--reason", help="Why, for the record.")


def _author(by: Optional[str]) -> str:
    return by or os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


@incidents_app.callback(invoke_without_command=True)
def incidents(
    ctx: typer.Context,
    db: str = DbOption,
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    event_type: Optional[str] = TypeOption,
    sub_event_type: Optional[str] = SubTypeOption,
    target: Optional[str] = TargetOption,
    perpetrator: Optional[str] = PerpetratorOption,
    place: Optional[str] = PlaceOption,
    text: Optional[str] = TextOption,
    status: Optional[str] = StatusOption,
    min_fatalities: Optional[int] = MinFatalitiesOption,
    document: Optional[str] = DocumentFilterOption,
    language: Optional[str] = LanguageFilterOption,
    sort: str = typer.Option("date", "--sort", help="date|fatalities|place (unknown values last)."),
    desc: bool = typer.Option(False, "--desc", help="Largest / latest / Z first."),
    mentions: bool = typer.Option(False, "--mentions", help="Each report's own incidents, not merged."),
    limit: Optional[int] = typer.Option(None, min=1),
    offset: int = typer.Option(0, min=0),
    fmt: str = FormatOption,
):
    """Incidents merged across reports (each report's own with --mentions), with filters."""
    if ctx.invoked_subcommand:
        return
    _check_format(fmt)
    if sort not in ("date", "fatalities", "place"):
        raise typer.BadParameter(f"{sort!r} is not one of date, fatalities, place", param_hint="--sort")
    filters = incident_filters(since, until, event_type, sub_event_type, target, perpetrator, place, text, status,
                               min_fatalities, document, language)
    store = read_store(db)
    warn_unknown_names(place, perpetrator)
    try:
        if mentions:
            found = [i.to_dict() for i in store.incidents(sort=sort, desc=desc, limit=limit, offset=offset, **filters)]
        else:
            found = store.merged_incidents(sort=sort, desc=desc, limit=limit, offset=offset, **filters)
    finally:
        store.close()
    _show(found, fmt, incident_columns(), title=f"{len(found)} incidents", empty="No incidents match.")


@incidents_app.command("merge")
def incidents_merge(first: str = typer.Argument(..., metavar="A"), second: str = typer.Argument(..., metavar="B"),
                    db: str = DbOption, by: Optional[str] = ByOption, reason: Optional[str] = ReasonOption,
                    fmt: str = FormatOption):
    """Merge incidents A and B for good (re-ingesting never undoes it); recorded with who/when/why."""
    _check_format(fmt)
    store = read_store(db)
    try:
        merged = store.merge_incidents(first, second, author=_author(by), reason=reason)
    finally:
        store.close()
    render([merged], fmt, incident_columns(), title="Merged incident")


@incidents_app.command("split")
def incidents_split(incident: str = typer.Argument(..., metavar="ID"),
                    document: str = typer.Option(..., "--document", help="The report to take out of the incident."),
                    db: str = DbOption, by: Optional[str] = ByOption, reason: Optional[str] = ReasonOption,
                    fmt: str = FormatOption):
    """Take one report out of a merged incident for good; recorded with who/when/why."""
    _check_format(fmt)
    store = read_store(db)
    try:
        parts = store.split_incident(incident, document, author=_author(by), reason=reason)
    finally:
        store.close()
    render(parts, fmt, incident_columns(), title=f"{len(parts)} incidents after the split")


# ---- analysts' review: each decision is a revision (who, when, what, why) that re-clustering keeps


def _required_reason(value: Optional[str]) -> Optional[str]:
    if value is not None and not value.strip():
        raise typer.BadParameter("give the reason for the record (it cannot be empty)")
    return value


RequiredReasonOption = typer.Option(..., "--reason", callback=_required_reason, help="Why, for the record (required).")


def _decide(db: str, fmt: str, title: str, decide) -> None:
    """Open the store, make one decision, print the incident as it now stands."""
    _check_format(fmt)
    store = read_store(db)
    try:
        record = decide(store)
    finally:
        store.close()
    render([record], fmt, review_columns(), title=title)


@incidents_app.command("confirm")
def incidents_confirm(incident: str = typer.Argument(..., metavar="ID"), db: str = DbOption,
                      by: Optional[str] = ByOption, reason: Optional[str] = ReasonOption, fmt: str = FormatOption):
    """Confirm a merged incident (status confirmed); recorded with who/when/why."""
    _decide(db, fmt, "Confirmed incident",
            lambda store: store.confirm_incident(incident, author=_author(by), reason=reason))


def _edit_error(error) -> CommandFailed:
    """A field or value an edit cannot use is a flag's bad value: usage (exit 2)."""
    return CommandFailed(str(error), code=2)


@incidents_app.command("edit")
def incidents_edit(incident: str = typer.Argument(..., metavar="ID"),
                   field: str = typer.Option(..., "--field", help="event_type|sub_event_type|date|place|fatalities|"
                                             "injured|kidnapped|arrested|perpetrators_killed|perpetrator|target."),
                   value: str = typer.Option(..., "--value", help="The new value: a type; a date YYYY[-MM[-DD]]; a "
                                             "place name or gazetteer id; a toll N (the best estimate) or LOW/BEST/HIGH "
                                             "or none; actors separated by ';'."),
                   reason: str = RequiredReasonOption, db: str = DbOption, by: Optional[str] = ByOption,
                   fmt: str = FormatOption):
    """Set one field of a merged incident by hand, with a reason (status edited; the machine's value
    stays in the history and beside the edit)."""
    from vigil.store.errors import EditError

    try:
        _decide(db, fmt, "Edited incident",
                lambda store: store.edit_incident(incident, field, value, author=_author(by), reason=reason))
    except EditError as error:
        raise _edit_error(error) from None


@incidents_app.command("revert")
def incidents_revert(incident: str = typer.Argument(..., metavar="ID"),
                     field: str = typer.Option(..., "--field", help="The edited field to give the machine's value "
                                               "again (the names edit takes; a type and its sub-type go together)."),
                     reason: str = RequiredReasonOption, db: str = DbOption, by: Optional[str] = ByOption,
                     fmt: str = FormatOption):
    """Take back the edits of one field: it has the machine's value again, recorded with who/when/why."""
    from vigil.store.errors import EditError

    try:
        _decide(db, fmt, "Reverted incident",
                lambda store: store.revert_edit(incident, field, author=_author(by), reason=reason))
    except EditError as error:
        raise _edit_error(error) from None


@incidents_app.command("reject")
def incidents_reject(incident: str = typer.Argument(..., metavar="ID"), reason: str = RequiredReasonOption,
                     db: str = DbOption, by: Optional[str] = ByOption, fmt: str = FormatOption):
    """Reject a merged incident, with a reason: kept, but left out of lists, tallies, exports and
    reports unless --status rejected (or all) asks for it."""
    _decide(db, fmt, "Rejected incident",
            lambda store: store.reject_incident(incident, author=_author(by), reason=reason))


@incidents_app.command("restore")
def incidents_restore(incident: str = typer.Argument(..., metavar="ID"), db: str = DbOption,
                      by: Optional[str] = ByOption, reason: Optional[str] = ReasonOption, fmt: str = FormatOption):
    """Bring a rejected incident back with the status it had before."""
    _decide(db, fmt, "Restored incident",
            lambda store: store.restore_incident(incident, author=_author(by), reason=reason))


@incidents_app.command("history")
def incidents_history(incident: str = typer.Argument(..., metavar="ID"), db: str = DbOption, fmt: str = FormatOption):
    """Every recorded decision about a merged incident, oldest first: merges, splits, confirmations,
    edits (old and new value), rejections, restores; who, when and why."""
    _check_format(fmt)
    store = read_store(db)
    try:
        if store.merged_incident(incident) is None:
            raise CommandFailed(f"no incident {incident!r}: give a merged incident id (vigil incidents) "
                                "or a report's incident id")
        rows = store.revisions(incident)
    finally:
        store.close()
    _show(rows, fmt, revision_columns(), title=f"History of {incident}", empty="No decisions recorded yet.")


@incidents_app.command("queue")
def incidents_queue(
    db: str = DbOption,
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    event_type: Optional[str] = TypeOption,
    sub_event_type: Optional[str] = SubTypeOption,
    target: Optional[str] = TargetOption,
    perpetrator: Optional[str] = PerpetratorOption,
    place: Optional[str] = PlaceOption,
    text: Optional[str] = TextOption,
    status: Optional[str] = StatusOption,
    document: Optional[str] = DocumentFilterOption,
    limit: int = typer.Option(50, min=1),
    offset: int = typer.Option(0, min=0),
    fmt: str = FormatOption,
):
    """Merged incidents waiting for review, most in need first: low confidence, then reports that
    disagree, then newest; confirmed and rejected ones only with --status."""
    _check_format(fmt)
    filters = incident_filters(since, until, event_type, sub_event_type, target, perpetrator, place, text, status,
                               None, document)
    store = read_store(db)
    warn_unknown_names(place, perpetrator)
    try:
        found = store.review_queue(limit=limit, offset=offset, **filters)
        total = store.review_queue_size(**filters)
    finally:
        store.close()
    _show(found, fmt, queue_columns(), title=f"{len(found)} of {total} incidents waiting for review",
          empty="Nothing waits for review.")


@incidents_app.command("show")
def incidents_show(incident: str = typer.Argument(..., metavar="ID"), db: str = DbOption, fmt: str = FormatOption):
    """One incident: its fields, sources, each report's own figures with their sentences, and its
    case timeline (the arrests, charges, trials and verdicts that follow it)."""
    _check_format(fmt)
    from vigil import api
    from vigil.show import incident_fields, sections

    read_store(db).close()  # a missing database is bad usage, said before anything else
    record, timeline = api.show_incident(incident, db=db)
    if fmt in ("json", "jsonl"):
        render([record | {"case": timeline}], fmt)
        return
    followed = timeline.get("incident") if record.get("follows") else None
    if fmt == "csv":
        render(incident_fields(record, followed), fmt)
        return
    for index, (title, rows, columns, empty) in enumerate(sections(record, timeline)):
        if index:
            typer.echo("")
        _show(rows, fmt, columns, title=title, empty=f"{title}: {empty}")


@incidents_app.command("link")
def incidents_link(judicial: str = typer.Argument(..., metavar="JUDICIAL_ID"),
                   follows: str = typer.Option(..., "--follows", metavar="INCIDENT_ID",
                                               help="The incident the judicial step is about."),
                   db: str = DbOption, by: Optional[str] = ByOption, reason: Optional[str] = ReasonOption,
                   fmt: str = FormatOption):
    """Link a judicial step (arrest, charge, trial, verdict) to the incident it follows, for good;
    recorded with who/when/why."""
    _check_format(fmt)
    from vigil import api

    read_store(db).close()
    step = api.link(judicial, follows, db=db, by=_author(by), reason=reason)
    render([step], fmt, incident_columns() + [("follows", lambda r: r.get("follows") or "")], title="Linked judicial step")


@incidents_app.command("unlink")
def incidents_unlink(judicial: str = typer.Argument(..., metavar="JUDICIAL_ID"), db: str = DbOption,
                     by: Optional[str] = ByOption, reason: Optional[str] = ReasonOption, fmt: str = FormatOption):
    """Unlink a judicial step from the incident it follows, for good (the automatic linker does
    not link it again); recorded with who/when/why."""
    _check_format(fmt)
    from vigil import api

    read_store(db).close()
    step = api.unlink(judicial, db=db, by=_author(by), reason=reason)
    render([step], fmt, incident_columns(), title="Unlinked judicial step")


def _claim_filters(quantity, place, kind, document, since, until) -> dict:
    return {"quantity": quantity, "place": place, "kind": kind, "document": document, "since": since, "until": until}


QuantityOption = typer.Option(None, "--quantity", callback=check_words, help="What is counted, e.g. \"police officers\" (its words).")
ClaimPlaceOption = typer.Option(None, "--place", callback=check_words, help="The place the figure is about, or one inside it.")
KindOption = typer.Option(None, "--kind", help="count|rate|ratio|percentage|money|distance|ordinal.")
ClaimSinceOption = typer.Option(None, "--since", callback=check_date, help="Claims whose period overlaps this day or later.")
ClaimUntilOption = typer.Option(None, "--until", callback=check_date, help="Claims whose period overlaps this day or earlier.")


@app.command()
def claims(db: str = DbOption, quantity: Optional[str] = QuantityOption, place: Optional[str] = ClaimPlaceOption,
           kind: Optional[str] = KindOption, document: Optional[str] = typer.Option(None, "--document"),
           since: Optional[str] = ClaimSinceOption, until: Optional[str] = ClaimUntilOption,
           fmt: str = FormatOption):
    """Stored figures the reports state."""
    _check_format(fmt)
    store = read_store(db)
    warn_unknown_names(place)
    try:
        found = store.claims(**_claim_filters(quantity, place, kind, document, since, until))
    finally:
        store.close()
    _show([c.to_dict() for c in found], fmt, claim_columns(), title=f"{len(found)} claims", empty="No claims match.")


@app.command()
def conflicts(db: str = DbOption, quantity: Optional[str] = QuantityOption, place: Optional[str] = ClaimPlaceOption,
              kind: Optional[str] = KindOption,
              document: Optional[str] = typer.Option(None, "--document", help="Disagreements this report is part of."),
              since: Optional[str] = ClaimSinceOption, until: Optional[str] = ClaimUntilOption,
              fmt: str = FormatOption):
    """Where reports disagree: stated figures about one quantity, place and period (with the
    explanation the texts give: scope, period, source), and merged incidents whose reports give
    different tolls, dates, places, types or claims. The HTML report lists the same."""
    _check_format(fmt)
    store = read_store(db)
    warn_unknown_names(place)
    try:
        found = store.disagreements(**_claim_filters(quantity, place, kind, document, since, until))
    finally:
        store.close()
    if fmt in ("json", "jsonl"):
        _show(found, fmt)
        return
    _show(disagreement_rows(found), fmt, disagreement_columns(), title=f"{len(found)} disagreements",
          empty="No disagreements between reports.")


TALLY_KEYS = ("month", "year", "week", "type", "sub-type", "target", "perpetrator", "place", "outlet", "case-stage")
PLACE_LEVELS = ("neighbourhood", "town", "district", "city", "province", "country")


@app.command()
def tally(
    by: List[str] = typer.Option(["month"], "--by", help="Group by: " + "|".join(TALLY_KEYS) + " (repeatable)."),
    level: str = typer.Option("town", "--level", help="Where --by place groups: " + "|".join(PLACE_LEVELS)
                              + " (an incident known only more coarsely counts under the place it has)."),
    db: str = DbOption,
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    event_type: Optional[str] = TypeOption,
    sub_event_type: Optional[str] = SubTypeOption,
    target: Optional[str] = TargetOption,
    perpetrator: Optional[str] = PerpetratorOption,
    place: Optional[str] = PlaceOption,
    text: Optional[str] = TextOption,
    status: Optional[str] = StatusOption,
    min_fatalities: Optional[int] = MinFatalitiesOption,
    document: Optional[str] = DocumentFilterOption,
    language: Optional[str] = LanguageFilterOption,
    check_ordinals: bool = typer.Option(False, "--check-ordinals",
                                        help="Set each report's ordinal claim (\"100th police officer killed this "
                                             "year\") beside the database's count."),
    fmt: str = FormatOption,
):
    """Counts of merged incidents and sums of fatalities and injured (low/best/high): an incident
    told by many reports counts once; under target, perpetrator or outlet once per value."""
    _check_format(fmt)
    for key in by:
        if key not in TALLY_KEYS:
            raise typer.BadParameter(f"{key!r} is not one of {', '.join(TALLY_KEYS)}", param_hint="--by")
    if level not in PLACE_LEVELS:
        raise typer.BadParameter(f"{level!r} is not one of {', '.join(PLACE_LEVELS)}", param_hint="--level")
    filters = incident_filters(since, until, event_type, sub_event_type, target, perpetrator, place, text, status,
                               min_fatalities, document, language)
    store = read_store(db)
    warn_unknown_names(place, perpetrator)
    try:
        if check_ordinals:
            from vigil.resolve.claims import check_ordinals as check

            rows = check(store.claims(), store.merged_tally,
                         lambda d: (store.document_row(d) or {}).get("published"))
            title = f"{len(rows)} ordinal claims checked against the database"
        else:
            rows = store.merged_tally(by, level=level, **filters)
            title = "Tally by " + ", ".join(by) + (f" (places at {level} level)" if "place" in by else "")
    finally:
        store.close()
    _show(rows, fmt, None if check_ordinals else tally_columns(by), title=title,
          empty="No ordinal claims to check." if check_ordinals else "No incidents to count.")


@documents_app.callback(invoke_without_command=True)
def documents_list(ctx: typer.Context, db: str = DbOption, fmt: str = FormatOption,
                   limit: Optional[int] = typer.Option(None, min=1), offset: int = typer.Option(0, min=0),
                   failed: bool = typer.Option(False, "--failed", help="Reports stored as failed: stage, error, "
                                               "Vigil version, when (vigil ingest --retry-failed runs them again).")):
    """List stored reports (a * after the date: inferred from the text)."""
    if ctx.invoked_subcommand:
        return
    _check_format(fmt)
    store = read_store(db)
    try:
        if failed:
            rows = store.failed_documents()[offset:][:limit]
        else:
            rows = store.documents(limit=limit, offset=offset)
    finally:
        store.close()
    if failed:
        _show(rows, fmt, failure_columns(), title=f"{len(rows)} failed reports", empty="No failed reports.")
        return
    _show(rows, fmt, document_columns(), title=f"{len(rows)} reports", empty="No reports stored.")


@documents_app.command("show")
def documents_show(document_id: str = typer.Argument(..., metavar="ID"), db: str = DbOption, fmt: str = FormatOption):
    """One stored report: its metadata and cleaned text (the text evidence offsets point into)."""
    _check_format(fmt)
    store = read_store(db)
    try:
        document = store.document(document_id)
        row = store.document_row(document_id)
    finally:
        store.close()
    if document is None:
        raise CommandFailed(f"{document_id}: no such report in {db}")
    record = document.to_dict() | {k: row.get(k) for k in ("content_hash", "duplicate_of", "word_count")}
    if fmt in ("json", "jsonl"):
        render([record], fmt)
        return
    meta = {k: v for k, v in record.items() if k not in ("text", "cues") and v not in (None, [], "")}
    render([{"field": k, "value": v if not isinstance(v, dict) else str(v)} for k, v in meta.items()], fmt)
    if fmt == "table":
        typer.echo("")
        typer.echo(document.text)


@documents_app.command("remove")
def documents_remove(document_id: str = typer.Argument(..., metavar="ID"), db: str = DbOption,
                     by: Optional[str] = ByOption, reason: Optional[str] = ReasonOption):
    """Delete a report and what was extracted from it; the incidents it joined are rebuilt without it."""
    from vigil.extract import extract_document

    store = read_store(db)
    try:
        freed = store.remove_document(document_id, author=_author(by), reason=reason)
        # Its near-duplicates were stored without incidents of their own: extract them now.
        for document in freed:
            extraction = extract_document(document)
            store.add_report(document, extraction.sentences, extraction.incidents, extraction.claims)
    finally:
        store.close()
    again = f"; {len(freed)} near-duplicate{'s' if len(freed) != 1 else ''} re-extracted" if freed else ""
    _say(f"removed {document_id}{again}")


def _mount_commands() -> None:
    """Commands whose code lives beside the feature they serve."""
    from vigil.alerts.commands import alerts_app
    from vigil.evaluation.commands import evaluate_command
    from vigil.export.commands import export_command
    from vigil.knowledge.commands import gazetteer_app
    from vigil.report.commands import report_command
    from vigil.store.commands import db_app
    from vigil.watch.commands import watch_command
    from vigil.web.commands import serve_command, users_app

    app.add_typer(gazetteer_app, name="gazetteer", help="What Vigil knows about places.")
    app.add_typer(alerts_app, name="alerts", help="Saved filters that send new or changed incidents after each ingest.")
    app.add_typer(db_app, name="db", help="The database itself: copy it to another backend.")
    app.command("watch", help="Follow feeds, news sitemaps and folders; ingest new articles as they appear.")(
        watch_command)
    app.command("evaluate", help="Score extraction against a gold file (incidents, fields, claims).")(
        evaluate_command)
    app.command("export", help="Write incidents for other tools: acled-csv, gtd-csv, geojson, jsonl, parquet.")(
        export_command)
    app.command("report", help="A self-contained HTML situation report (charts, map, incidents, disagreements).")(
        report_command)
    app.command("serve", help="The desk: a web application for a team of monitors, and the JSON API.")(serve_command)
    app.add_typer(users_app, name="users")


_mount_commands()


def main(args: Optional[List[str]] = None) -> None:
    """Entry point: one line on stderr for any failure (VigilGroup.main); no traceback unless
    VIGIL_DEBUG is set."""
    from typer.main import get_command

    get_command(app).main(args=args, prog_name="vigil")


if __name__ == "__main__":
    main()
