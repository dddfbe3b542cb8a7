"""Flag values every command checks the same way, and the store a reading command opens.

Used by vigil.cli and by the commands that live beside their feature (export, report, gazetteer).
"""
from __future__ import annotations

from typing import Optional

import typer

from vigil.cli_errors import say


def check_db(value: Optional[str]) -> Optional[str]:
    """A database a command can keep or read anything in: an in-memory one (sqlite://) would
    take a batch and keep nothing once the command ends."""
    from vigil.store.connect import is_in_memory

    if value is not None and is_in_memory(value):
        raise typer.BadParameter(f"{value!r} is an in-memory database, which keeps nothing once the "
                                 "command ends: give a file path or a database URL")
    return value


def db_option(default: Optional[str] = None, help: str = "Database: a file path, sqlite:///FILE or postgresql://..."):
    """The --db flag every command takes (default: $VIGIL_DB, else ./vigil.db)."""
    from vigil.api import DEFAULT_DB

    return typer.Option(DEFAULT_DB if default is None else default, "--db", help=help, envvar="VIGIL_DB",
                        callback=check_db)


def check_date(value: Optional[str]) -> Optional[str]:
    from vigil.store.filters import is_partial_date

    if value is not None and not is_partial_date(value):
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (a real calendar day)")
    return value


def check_status(value: Optional[str]) -> Optional[str]:
    """An incident status, or "all" (without one, rejected incidents are left out)."""
    from vigil.store.filters import ANY_STATUS, STATUSES

    if value is not None and value not in (*STATUSES, ANY_STATUS):
        raise typer.BadParameter(f"{value!r} is not one of {', '.join((*STATUSES, ANY_STATUS))}")
    return value


def check_words(value: Optional[str]) -> Optional[str]:
    """A name filter must keep something to match once punctuation is set aside ("-", "%" do not)."""
    from vigil.resolve.features import normalise_name

    if value is not None and not normalise_name(value):
        raise typer.BadParameter(f"{value!r} has no letters or digits to match")
    return value


def read_store(db: str):
    """The store a command that only reads works on; a missing SQLite file is refused (exit 2)
    rather than created empty."""
    from vigil import api

    return api.open(db, create=False)


def warn_unknown_names(place: Optional[str] = None, perpetrator: Optional[str] = None) -> None:
    """Filters still run with a name the knowledge base lacks; the user hears which names are close."""
    from vigil.knowledge import suggest

    if place and not suggest.known_place(place):
        say(None, suggest.unknown_name_warning("--place", place, "place", suggest.closest_places(place),
                                               "matching places written so"))
    if perpetrator and not suggest.known_actor(perpetrator):
        say(None, suggest.unknown_name_warning("--perpetrator", perpetrator, "actor",
                                               suggest.closest_actors(perpetrator),
                                               "matching perpetrators whose name contains it"))
