"""Keeping watch: followed sources and the article URLs seen (vigil watch), saved alerts and what
each has sent (vigil alerts), and indexes to find reports by when they were stored and by url.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_ingested_at", "documents", ["ingested_at"])
    op.create_index("ix_documents_url", "documents", ["url"], postgresql_using="hash")
    op.create_table(
        "watch_sources",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_polled_at", sa.String(32)),
        sa.Column("last_status", sa.Text),
        sa.Column("polls", sa.Integer, nullable=False),
        sa.Column("not_modified", sa.Integer, nullable=False),
    )
    op.create_table(
        "watch_seen",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("document_id", sa.Text),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("seen_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_watch_seen_source", "watch_seen", ["source"])
    op.create_table(
        "alerts",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("filters", sa.JSON, nullable=False),
        sa.Column("destination", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "alert_deliveries",
        sa.Column("alert", sa.Text, sa.ForeignKey("alerts.name"), primary_key=True),
        sa.Column("mention_id", sa.Text, primary_key=True),
        sa.Column("document_id", sa.Text, nullable=False),
        sa.Column("merged_id", sa.Text, nullable=False),
        sa.Column("figures", sa.Text),
        sa.Column("failed", sa.Text),
        sa.Column("sent_at", sa.String(32)),
    )
    op.create_index("ix_alert_deliveries_alert_document", "alert_deliveries", ["alert", "document_id"])
    op.create_index("ix_alert_deliveries_alert_failed", "alert_deliveries", ["alert", "failed"])


def downgrade() -> None:
    op.drop_index("ix_alert_deliveries_alert_failed", "alert_deliveries")
    op.drop_index("ix_alert_deliveries_alert_document", "alert_deliveries")
    op.drop_table("alert_deliveries")
    op.drop_table("alerts")
    op.drop_index("ix_watch_seen_source", "watch_seen")
    op.drop_table("watch_seen")
    op.drop_table("watch_sources")
    op.drop_index("ix_documents_url", "documents")
    op.drop_index("ix_documents_ingested_at", "documents")
