"""`vigil alerts add|list|remove`: saved filters that fire after an ingest (vigil.alerts.fire)."""
from __future__ import annotations

from typing import Optional

import typer

from vigil.cli_errors import VigilGroup, say
from vigil.cli_options import (DocumentFilterOption, LanguageFilterOption, MinFatalitiesOption, PerpetratorOption,
                               PlaceOption, SinceOption, StatusOption, SubTypeOption, TargetOption, TextOption,
                               TypeOption, UntilOption, db_option, incident_filters, read_store, warn_unknown_names)

alerts_app = typer.Typer(cls=VigilGroup, rich_markup_mode=None, no_args_is_help=True,
                         help="Saved filters that send new or changed incidents after each ingest.")
DbOption = db_option()


@alerts_app.command("add")
def alerts_add(
    name: str = typer.Argument(..., metavar="NAME"),
    to: str = typer.Option(..., "--to", metavar="DESTINATION",
                           help="stdout, jsonl:PATH (a line per incident) or webhook:URL (a POST of its JSON)."),
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
):
    """Save an alert: the filters of `vigil incidents` and where a matching incident goes. It fires
    after each ingest for an incident the ingest made or changed, once, and again only when its
    figures change."""
    from vigil import api
    from vigil.alerts.rules import Alert, check_alert_filters, check_destination, check_name, describe_filters
    from vigil.alerts.saved import save_alert

    alert = Alert(check_name(name), check_alert_filters(incident_filters(
        since, until, event_type, sub_event_type, target, perpetrator, place, text, status, min_fatalities,
        document, language)), check_destination(to))
    warn_unknown_names(place, perpetrator)
    store = api.open(db)  # an alert may come before the first ingest: the database is made
    try:
        save_alert(store, alert)
    finally:
        store.close()
    say(None, f"saved alert {alert.name}: {describe_filters(alert.filters)} -> {alert.destination}")


@alerts_app.command("list")
def alerts_list(db: str = DbOption,
                fmt: str = typer.Option("table", "--format", "-f", help="Output format: table|jsonl|csv|json.")):
    """The saved alerts: name, filters, destination."""
    from vigil.alerts.rules import describe_filters
    from vigil.alerts.saved import list_alerts
    from vigil.render import FORMATS, render

    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
    store = read_store(db)
    try:
        saved = list_alerts(store)
    finally:
        store.close()
    rows = [{"name": a.name, "filters": a.filters, "to": a.destination} for a in saved]
    columns = [("name", lambda r: r["name"]), ("filters", lambda r: describe_filters(r["filters"])),
               ("to", lambda r: r["to"])]
    render(rows, fmt, None if fmt in ("json", "jsonl") else columns, title=f"{len(saved)} alerts",
           empty="No alerts saved.")


@alerts_app.command("remove")
def alerts_remove(name: str = typer.Argument(..., metavar="NAME"), db: str = DbOption):
    """Delete an alert and its record of what it sent."""
    from vigil.alerts.saved import remove_alert

    store = read_store(db)
    try:
        remove_alert(store, name)
    finally:
        store.close()
    say(None, f"removed alert {name}")
