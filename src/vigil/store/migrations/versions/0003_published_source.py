"""Documents: where an inferred publication date was read when not in the text (the report's url).

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("published_source", sa.Text))


def downgrade() -> None:
    op.drop_column("documents", "published_source")
