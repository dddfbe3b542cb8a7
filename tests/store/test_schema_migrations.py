"""The migrations make exactly the tables, columns and indexes vigil.store.schema describes (the
queries are written against it), on both backends; only the full-text search objects, which
have no portable form, and the desk's index, whose columns differ by backend, live in the
migrations alone.  The change log (vigil.store.changes) is described beside the schema, not in
it (it is no stored data), and is compared too."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData

from vigil.store import Store
from vigil.store.changes import changes_metadata
from vigil.store.schema import metadata


def _migration_only(difference) -> bool:
    return "documents_fts" in repr(difference) or "ix_merged_incidents_desk" in repr(difference)


def test_migrated_database_matches_the_schema(db_url):
    with Store.open(db_url) as store, store.transaction("compare the schema") as connection:
        described = MetaData()
        for table in (*metadata.tables.values(), *changes_metadata.tables.values()):
            table.to_metadata(described)
        differences = compare_metadata(MigrationContext.configure(connection), described)
    assert [d for d in differences if not _migration_only(d)] == []
