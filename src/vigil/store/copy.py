"""Copying a whole database to another (SQLite to PostgreSQL for a team, and back) without
losing a row or a revision.

The target is made and migrated to the newest schema first and must hold nothing; every table is
then copied in dependency order (parents before children), in batches, inside one transaction on
the target (all or nothing) while the source's write lock is held (no ingest changes it
half-way).  A report's link to the report it repeats (``documents.duplicate_of``) points into
its own table, so it is filled in once every report is there.  JSON cells keep SQL NULL and JSON
``null`` apart; PostgreSQL's id sequences are moved past the copied ids; the row counts of both
sides are compared before the copy is committed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import JSON, MetaData, Table, and_, func, insert, select, text, update

from vigil.store.connect import display_url, parse_url, sqlite_file
from vigil.store.errors import StoreError
from vigil.store.schema import metadata

BATCH_ROWS = 500


@dataclass
class CopyResult:
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied, in the order copied

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def copy_database(source_url: str, target_url: str, *, batch_rows: int = BATCH_ROWS,
                  on_table: Callable[[str, int], None] = lambda table, rows: None) -> CopyResult:
    """Copy every row of the database at ``source_url`` into the empty one at ``target_url``
    (created when it is a new SQLite file); StoreError when the target is not empty, is the
    source itself, or the copy fails (the target is then left as it was)."""
    from vigil.store import Store

    if _same_database(source_url, target_url):
        raise StoreError(f"cannot copy {display_url(parse_url(source_url))} onto itself")
    if batch_rows < 1:
        raise StoreError(f"bad batch size {batch_rows}: expected a positive number of rows")
    source = Store.open(source_url, create=False)
    try:
        target = Store.open(target_url)
        try:
            return _copy(source, target, batch_rows, on_table)
        finally:
            target.close()
    finally:
        source.close()


def _same_database(first: str, second: str) -> bool:
    a, b = parse_url(first), parse_url(second)
    file_a, file_b = sqlite_file(a), sqlite_file(b)
    if file_a is not None and file_b is not None:
        return file_a.resolve() == file_b.resolve()
    return a == b


def _copy(source, target, batch_rows: int, on_table) -> CopyResult:
    result = CopyResult()
    with source.transaction("read every table", write=True) as reading, \
            target.transaction("copy into", write=True) as writing:
        occupied = [t.name for t in metadata.sorted_tables if writing.execute(select(1).select_from(t).limit(1)).first()]
        if occupied:
            raise StoreError(f"cannot copy into {target.url}: it is not empty ({', '.join(occupied[:4])}"
                             f"{', ...' if len(occupied) > 4 else ''} hold rows); copy into a new or empty database")
        for table in metadata.sorted_tables:
            rows = _copy_table(reading, writing, table, batch_rows)
            expected = reading.execute(select(func.count()).select_from(table)).scalar_one()
            written = writing.execute(select(func.count()).select_from(table)).scalar_one()
            if not rows == expected == written:
                raise StoreError(f"cannot copy table {table.name}: {expected} rows in {source.url}, "
                                 f"{rows} read, {written} written; nothing was copied")
            result.rows[table.name] = rows
            on_table(table.name, rows)
        if writing.dialect.name == "postgresql":
            _move_sequences(writing)
    return result


def _copy_table(reading, writing, table: Table, batch_rows: int) -> int:
    self_links = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    json_columns = [c.name for c in table.c if isinstance(c.type, JSON)]
    sql_null = {name: table.c[name].is_(None).label(f"_null_{name}") for name in json_columns}
    writable = _exact_json(table)
    statement = select(*table.c, *sql_null.values()).order_by(*table.primary_key.columns)
    copied = 0
    later: list[dict] = []  # rows whose link into their own table waits until every row is there
    for batch in reading.execute(statement.execution_options(yield_per=batch_rows)).mappings().partitions():
        rows = []
        for row in batch:
            values = {c.name: row[c.name] for c in table.c}
            for name in json_columns:  # SQL NULL stays NULL, JSON null stays 'null'
                values[name] = None if row[f"_null_{name}"] else (JSON.NULL if values[name] is None else values[name])
            links = {name: values[name] for name in self_links if values[name] is not None}
            if links:
                later.append({**{c.name: values[c.name] for c in table.primary_key.columns}, **links})
                values.update({name: None for name in links})
            rows.append(values)
        writing.execute(insert(writable), rows)
        copied += len(rows)
    for row in later:
        key = and_(*[table.c[c.name] == row[c.name] for c in table.primary_key.columns])
        writing.execute(update(table).where(key).values({name: row[name] for name in self_links if name in row}))
    return copied


def _exact_json(table: Table) -> Table:
    """``table`` with JSON columns that write Python None as SQL NULL (JSON.NULL writes 'null')."""
    copy = table.to_metadata(MetaData())
    for column in copy.c:
        if isinstance(column.type, JSON):
            column.type = JSON(none_as_null=True)
    return copy


def _move_sequences(writing) -> None:
    """Ids given by a sequence (revisions, merge constraints) continue after the copied ones."""
    for table in metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or key[0].type.python_type is not int:
            continue
        sequence = writing.execute(text("SELECT pg_get_serial_sequence(:table, :column)"),
                                   {"table": table.name, "column": key[0].name}).scalar()
        highest = writing.execute(select(func.max(key[0]))).scalar() if sequence else None
        if highest is not None:
            writing.execute(text("SELECT setval(:sequence, :value)"), {"sequence": sequence, "value": highest})
