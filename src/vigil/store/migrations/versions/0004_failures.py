"""Reports that failed: the stage, error and Vigil version of each report stored as failed.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "failures",
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("traceback", sa.Text, nullable=False),
        sa.Column("failed_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("failures")
