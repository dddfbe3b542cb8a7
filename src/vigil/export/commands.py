"""`vigil export`: the command function, mounted by vigil.cli with
``app.command("export")(export_command)``."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vigil.cli_options import check_date, check_status, check_words, db_option, read_store, warn_unknown_names

FORMAT_NAMES = ("acled-csv", "gtd-csv", "geojson", "jsonl", "parquet")


def export_command(
    to: str = typer.Option(..., "--to", help="Format: " + "|".join(FORMAT_NAMES) + "."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write (- for standard output; not parquet)."),
    db: str = db_option(),
    since: Optional[str] = typer.Option(None, callback=check_date,
                                        help="Incidents whose dates overlap this day or later."),
    until: Optional[str] = typer.Option(None, callback=check_date,
                                        help="Incidents whose dates overlap this day or earlier."),
    event_type: Optional[str] = typer.Option(None, "--type", help="ACLED event type."),
    place: Optional[str] = typer.Option(None, "--place", callback=check_words,
                                        help="A place and everything inside it."),
    text: Optional[str] = typer.Option(None, "--text", help="Words in the evidence."),
    document: Optional[str] = typer.Option(None, "--document", help="Only incidents from this report."),
    status: Optional[str] = typer.Option(None, "--status", callback=check_status,
                                         help="extracted|confirmed|edited|rejected, or all "
                                              "(rejected incidents are left out otherwise)."),
):
    """Write incidents as files for other tools: ACLED/GTD-style CSV, GeoJSON, JSONL, Parquet."""
    if to not in FORMAT_NAMES:
        raise typer.BadParameter(f"{to!r} is not one of {', '.join(FORMAT_NAMES)}", param_hint="--to")
    if to == "parquet" and str(output) == "-":
        raise typer.BadParameter("parquet is binary: give a file name", param_hint="--output")
    from vigil.export import WRITERS
    from vigil.export.query import read_incidents

    store = read_store(db)
    warn_unknown_names(place)
    try:
        incidents = read_incidents(store, since=since, until=until, event_type=event_type,
                                   text=text, document=document, place=place, status=status)
    finally:
        store.close()
    written = WRITERS[to](incidents, output)
    if str(output) != "-":
        typer.echo(f"{written} incident{'s' if written != 1 else ''} written to {output} ({to})", err=True)
