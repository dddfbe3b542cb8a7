"""Initial store: documents, near-duplicate signatures, sentences, incidents, claims, revisions,
and full-text search (SQLite FTS5 table kept by triggers; PostgreSQL GIN expression index).

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The expression the PostgreSQL index covers; search queries must use exactly this text.
PG_DOCUMENT_TSVECTOR = "to_tsvector('english', coalesce(title, '') || ' ' || text)"


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.String(32)),
        sa.Column("published_inferred", sa.Boolean, nullable=False),
        sa.Column("published_evidence", sa.JSON),
        sa.Column("language", sa.String(32)),
        sa.Column("author", sa.Text),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("cues", sa.JSON, nullable=False),
        sa.Column("word_count", sa.Integer, nullable=False),
        sa.Column("duplicate_of", sa.Text, sa.ForeignKey("documents.id")),
        sa.Column("duplicate_similarity", sa.Float),
        sa.Column("ingested_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("content_hash", name="uq_documents_content_hash"),
    )
    op.create_index("ix_documents_duplicate_of", "documents", ["duplicate_of"])

    op.create_table(
        "document_minhash",
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "document_bands",
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("band", sa.Integer, primary_key=True),
        sa.Column("hash", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_document_bands_band_hash", "document_bands", ["band", "hash"])

    op.create_table(
        "sentences",
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )

    op.create_table(
        "incidents",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("sub_event_type", sa.Text),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("fatalities_low", sa.Integer),
        sa.Column("fatalities_best", sa.Integer),
        sa.Column("fatalities_high", sa.Integer),
        sa.Column("injured_low", sa.Integer),
        sa.Column("injured_best", sa.Integer),
        sa.Column("injured_high", sa.Integer),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_incidents_document_id", "incidents", ["document_id"])
    op.create_index("ix_incidents_event_type", "incidents", ["event_type"])
    op.create_index("ix_incidents_date_start", "incidents", ["date_start"])

    op.create_table(
        "incident_evidence",
        sa.Column("incident_id", sa.Text, sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("timestamp", sa.String(16)),
    )
    op.create_index("ix_incident_evidence_document_id", "incident_evidence", ["document_id"])

    op.create_table(
        "claims",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("quantity", sa.Text),
        sa.Column("value", sa.Float),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_claims_document_id", "claims", ["document_id"])

    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entity", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.Text, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("old_value", sa.JSON),
        sa.Column("new_value", sa.JSON),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_revisions_entity", "revisions", ["entity", "entity_id"])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # A standalone FTS5 table (not external-content: documents has no stable integer rowid),
        # kept in step with documents by triggers inside the writing transaction.
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "document_id UNINDEXED, title, text, tokenize = 'porter unicode61')"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
            "INSERT INTO documents_fts (document_id, title, text) VALUES (new.id, new.title, new.text); "
            "END"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
            "DELETE FROM documents_fts WHERE document_id = old.id; "
            "END"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_update AFTER UPDATE OF id, title, text ON documents BEGIN "
            "DELETE FROM documents_fts WHERE document_id = old.id; "
            "INSERT INTO documents_fts (document_id, title, text) VALUES (new.id, new.title, new.text); "
            "END"
        )
    elif dialect == "postgresql":
        op.execute(f"CREATE INDEX ix_documents_fts ON documents USING GIN ({PG_DOCUMENT_TSVECTOR})")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("documents_fts_insert", "documents_fts_delete", "documents_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_documents_fts")
    for table in ("revisions", "claims", "incident_evidence", "incidents", "sentences",
                  "document_bands", "document_minhash", "documents"):
        op.drop_table(table)
