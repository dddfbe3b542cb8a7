"""Each placed mention's comparison features, stored beside it (``incident_members.features``,
vigil.resolve.stored_features) so merging reads them instead of deriving them from the whole
incident for every candidate.  Mentions stored before have none: theirs are derived as before
until their reports are stored again.

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("incident_members", sa.Column("features", sa.JSON, nullable=True))


def downgrade() -> None:
    op.drop_column("incident_members", "features")
