"""Analysts' review: decisions on merged incidents (confirm, edit, reject) anchored on the
mentions they were made on, and what the review queue orders by.

Merged incidents stored before this revision get their confidence and their number of
disagreements between reports from the record the store already holds.

Revision ID: 0006
Revises: 0005
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("revision_id", sa.Integer, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("field", sa.Text),
        sa.Column("value", sa.JSON),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "review_anchors",
        sa.Column("decision_id", sa.Integer, sa.ForeignKey("review_decisions.id"), primary_key=True),
        sa.Column("mention_id", sa.Text, primary_key=True),
        sa.Column("document_id", sa.Text, nullable=False),
        sa.Column("sentences", sa.JSON, nullable=False),
    )
    op.create_index("ix_review_anchors_mention_id", "review_anchors", ["mention_id"])
    op.create_index("ix_review_anchors_document_id", "review_anchors", ["document_id"])
    op.add_column("merged_incidents", sa.Column("confidence", sa.Float))
    op.add_column("merged_incidents", sa.Column("disagreements", sa.Integer, nullable=False, server_default="0"))
    # Everything the review queue filters and orders by, so its page of ids comes from the index.
    op.create_index("ix_merged_incidents_review", "merged_incidents",
                    ["status", "confidence", "disagreements", "date_start", "date_end", "id"])

    from vigil.resolve.disagreements import incident_disagreements

    connection = op.get_bind()
    merged = sa.table("merged_incidents", sa.column("id", sa.Text), sa.column("confidence", sa.Float),
                      sa.column("disagreements", sa.Integer))
    fill = (sa.update(merged).where(merged.c.id == sa.bindparam("merged_id"))
            .values(confidence=sa.bindparam("new_confidence"), disagreements=sa.bindparam("new_disagreements")))
    rows = []
    for merged_id, data in connection.execute(sa.text("SELECT id, data FROM merged_incidents")).all():
        record = json.loads(data) if isinstance(data, str) else data
        rows.append({"merged_id": merged_id, "new_confidence": record.get("confidence"),
                     "new_disagreements": len(incident_disagreements(record))})
    for start in range(0, len(rows), 1000):  # one statement run over many rows at once
        connection.execute(fill, rows[start:start + 1000])


def downgrade() -> None:
    op.drop_index("ix_merged_incidents_review", "merged_incidents")
    op.drop_column("merged_incidents", "disagreements")
    op.drop_column("merged_incidents", "confidence")
    op.drop_index("ix_review_anchors_document_id", "review_anchors")
    op.drop_index("ix_review_anchors_mention_id", "review_anchors")
    op.drop_table("review_anchors")
    op.drop_table("review_decisions")
