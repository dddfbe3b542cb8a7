"""`vigil report`: the command function, mounted by vigil.cli with
``app.command("report")(report_command)``."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vigil.cli_options import check_date, check_status, check_words, db_option, read_store, warn_unknown_names


def report_command(
    output: Path = typer.Option(..., "--output", "-o", help="The HTML file to write."),
    db: str = db_option(),
    since: Optional[str] = typer.Option(None, callback=check_date,
                                        help="First day of the period (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, callback=check_date, help="Last day of the period."),
    place: Optional[str] = typer.Option(None, "--place", callback=check_words,
                                        help="Only this place and everything inside it."),
    status: Optional[str] = typer.Option(None, "--status", callback=check_status,
                                         help="extracted|confirmed|edited|rejected, or all "
                                              "(rejected incidents are left out otherwise)."),
    pdf: bool = typer.Option(False, "--pdf", help="Also print the report to a PDF beside it (needs Chromium)."),
    title: Optional[str] = typer.Option(None, "--title", help="Title (default: place and period)."),
):
    """A situation report: headline figures, charts, a map, the incidents and their sources."""
    from vigil.export.query import read_conflicts, read_incidents
    from vigil.report import build_report, html_to_pdf, write_report

    html_path = output.with_suffix(".html") if output.suffix.lower() == ".pdf" else output
    store = read_store(db)
    warn_unknown_names(place)
    try:
        incidents = read_incidents(store, since=since, until=until, place=place, status=status)
        claims = store.claims()
        conflicts = read_conflicts(store)
    finally:
        store.close()
    heading = title or " · ".join(p for p in ("Situation report", place) if p)
    html = build_report(incidents, claims, conflicts, since=since, until=until, title=heading)
    write_report(html_path, html)
    typer.echo(f"report of {len(incidents)} incident{'s' if len(incidents) != 1 else ''} written to {html_path}",
               err=True)
    if pdf:
        pdf_path = html_to_pdf(html_path, html_path.with_suffix(".pdf"))
        typer.echo(f"PDF written to {pdf_path}", err=True)
