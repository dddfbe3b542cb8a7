"""Cases: which incident each judicial step follows (found automatically, or decided by hand),
and on each merged incident the incident it follows and the stage its case reached.

Judicial steps stored before this revision are linked by Store.open (it needs Python code).

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_links",
        sa.Column("judicial_id", sa.Text, sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("incident_id", sa.Text, sa.ForeignKey("incidents.id")),
        sa.Column("score", sa.Float),
        sa.Column("crime_start", sa.String(10)),
        sa.Column("crime_end", sa.String(10)),
    )
    op.create_index("ix_case_links_incident_id", "case_links", ["incident_id"])
    op.create_index("ix_case_links_crime_start", "case_links", ["crime_start"])
    op.create_table(
        "case_decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("judicial_id", sa.Text, nullable=False),
        sa.Column("judicial_document", sa.Text, nullable=False),
        sa.Column("incident_id", sa.Text),
        sa.Column("incident_document", sa.Text),
        sa.Column("revision_id", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_case_decisions_judicial_id", "case_decisions", ["judicial_id"])
    op.create_index("ix_case_decisions_incident_id", "case_decisions", ["incident_id"])
    op.add_column("merged_incidents", sa.Column("follows", sa.Text))
    op.add_column("merged_incidents", sa.Column("case_stage", sa.String(16)))
    op.create_index("ix_merged_incidents_follows", "merged_incidents", ["follows"])
    op.create_index("ix_merged_incidents_case_stage", "merged_incidents", ["case_stage"])


def downgrade() -> None:
    op.drop_index("ix_merged_incidents_case_stage", "merged_incidents")
    op.drop_index("ix_merged_incidents_follows", "merged_incidents")
    with op.batch_alter_table("merged_incidents") as batch:
        batch.drop_column("case_stage")
        batch.drop_column("follows")
    op.drop_index("ix_case_decisions_incident_id", "case_decisions")
    op.drop_index("ix_case_decisions_judicial_id", "case_decisions")
    op.drop_table("case_decisions")
    op.drop_index("ix_case_links_crime_start", "case_links")
    op.drop_index("ix_case_links_incident_id", "case_links")
    op.drop_table("case_links")
