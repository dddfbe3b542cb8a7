"""Full-text search over documents' titles and cleaned text: FTS5 on SQLite, tsvector on PostgreSQL.

The user's query is reduced to its words and all must match, so punctuation or FTS syntax in a
query can never raise a syntax error.  Snippets mark matched words with [brackets].
"""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

from vigil.store.errors import StoreError

_WORD = re.compile(r"\w+", re.UNICODE)

# Must be the expression the migration's GIN index covers, or PostgreSQL cannot use the index.
PG_DOCUMENT_TSVECTOR = "to_tsvector('english', coalesce(title, '') || ' ' || text)"

_SQLITE = text(
    "SELECT document_id, snippet(documents_fts, -1, '[', ']', '…', 16) AS snippet "
    "FROM documents_fts WHERE documents_fts MATCH :query "
    "ORDER BY rank, document_id LIMIT :limit"
)

_POSTGRES = text(
    "SELECT id AS document_id, "
    "ts_headline('english', text, q, 'StartSel=[, StopSel=], MaxWords=24, MinWords=10') AS snippet "
    f"FROM documents, plainto_tsquery('english', :query) AS q "
    f"WHERE {PG_DOCUMENT_TSVECTOR} @@ q "
    f"ORDER BY ts_rank({PG_DOCUMENT_TSVECTOR}, q) DESC, id LIMIT :limit"
)


def search_documents(connection: Connection, query: str, limit: int) -> list[tuple[str, str]]:
    words = _WORD.findall(query or "")
    if not words:
        return []
    if not isinstance(limit, int) or limit < 1:
        raise StoreError(f"bad search limit {limit!r}: expected a positive integer")
    dialect = connection.dialect.name
    if dialect == "sqlite":
        # Each word as a quoted FTS5 string: implicit AND, no operators.
        statement, bound = _SQLITE, " ".join(f'"{w}"' for w in words)
    elif dialect == "postgresql":
        statement, bound = _POSTGRES, " ".join(words)
    else:  # pragma: no cover - parse_url admits only these two
        raise StoreError(f"full-text search is not available on {dialect}")
    rows = connection.execute(statement, {"query": bound, "limit": limit})
    return [(row.document_id, row.snippet) for row in rows]
