"""`vigil db copy`: move a database to another backend (SQLite to a team's PostgreSQL, and back);
`vigil db migrate`: bring a database to the newest schema (docs/postgresql.md: as the owner role)."""
from __future__ import annotations

import typer

from vigil.cli_errors import VigilGroup, say
from vigil.cli_options import check_db, db_option

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


@db_app.command("migrate")
def db_migrate(db: str = db_option()):
    """Bring the database to the newest schema (every command does so on opening; on a shared
    PostgreSQL run this as the role that owns the tables after upgrading Vigil)."""
    from vigil.store import Store
    from vigil.store.migrate import current_revision

    store = Store.open(db, create=False)
    try:
        with store.transaction("read the schema's revision") as connection:
            revision = current_revision(connection)
    finally:
        store.close()
    say(None, f"{store.url} is at revision {revision}, the newest this Vigil knows")

