"""`vigil db copy`: move a database to another backend (SQLite to a team's PostgreSQL, and back)."""
from __future__ import annotations

import typer

from vigil.cli_errors import VigilGroup, say
from vigil.cli_options import check_db

db_app = typer.Typer(cls=VigilGroup, rich_markup_mode=None, no_args_is_help=True,
                     help="The database itself: copy it to another backend.")


@db_app.command("copy")
def db_copy(
    source: str = typer.Option(..., "--from", metavar="URL", callback=check_db,
                               help="The database to copy: a file path, sqlite:///FILE or postgresql://..."),
    target: str = typer.Option(..., "--to", metavar="URL", callback=check_db,
                               help="An empty (or new) database to copy into; migrated to the newest schema first."),
    batch_rows: int = typer.Option(500, "--batch-size", min=1, help="Rows read and written at a time."),
):
    """Copy every table, row and revision into an empty database, all or nothing; the row counts
    of both sides are checked before the copy is committed."""
    from vigil.store.copy import copy_database

    result = copy_database(source, target, batch_rows=batch_rows,
                           on_table=lambda table, rows: say(None, f"{table}: {rows:,} rows"))
    say(None, f"copied {result.total:,} rows in {len(result.rows)} tables")
