"""Merging across reports: mention membership, link graph, merged incidents, analysts' constraints.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident_members",
        sa.Column("mention_id", sa.Text, sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("merged_id", sa.Text, nullable=False),
        sa.Column("component", sa.Text, nullable=False),
        sa.Column("block_start", sa.String(10)),
        sa.Column("block_end", sa.String(10)),
        sa.Column("names", sa.JSON, nullable=False),
    )
    op.create_index("ix_incident_members_document_id", "incident_members", ["document_id"])
    op.create_index("ix_incident_members_merged_id", "incident_members", ["merged_id"])
    op.create_index("ix_incident_members_component", "incident_members", ["component"])
    op.create_index("ix_incident_members_block_start", "incident_members", ["block_start"])

    op.create_table(
        "incident_links",
        sa.Column("mention_a", sa.Text, sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("mention_b", sa.Text, sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
    )
    op.create_index("ix_incident_links_mention_b", "incident_links", ["mention_b"])

    op.create_table(
        "merged_incidents",
        sa.Column("id", sa.Text, primary_key=True),
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
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("places", sa.Text, nullable=False),
        sa.Column("targets", sa.Text, nullable=False),
        sa.Column("perpetrators", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_merged_incidents_event_type", "merged_incidents", ["event_type"])
    op.create_index("ix_merged_incidents_date_start", "merged_incidents", ["date_start"])

    op.create_table(
        "merge_constraints",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("mention_a", sa.Text, nullable=False),
        sa.Column("mention_b", sa.Text, nullable=False),
        sa.Column("document_a", sa.Text, nullable=False),
        sa.Column("document_b", sa.Text, nullable=False),
        sa.Column("revision_id", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_merge_constraints_mention_a", "merge_constraints", ["mention_a"])
    op.create_index("ix_merge_constraints_mention_b", "merge_constraints", ["mention_b"])
    # Mentions stored before this revision are clustered by Store.open (it needs Python code).


def downgrade() -> None:
    for table in ("merge_constraints", "merged_incidents", "incident_links", "incident_members"):
        op.drop_table(table)
