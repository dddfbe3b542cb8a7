"""Candidates by content: the rare names and precise place of each stored mention, indexed.

Mentions stored before this revision get their keys from what the store already holds (the
name words kept in incident_members and the mention's own record).

Revision ID: 0005
Revises: 0004
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mention_keys",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("mention_id", sa.Text, sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("dated", sa.Boolean, nullable=False),
    )
    op.create_index("ix_mention_keys_mention_id", "mention_keys", ["mention_id"])
    op.create_index("ix_mention_keys_key_dated", "mention_keys", ["key", "dated"])
    from vigil.resolve.features import candidate_keys, mention_features
    from vigil.store.clusters import _attributes

    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT m.mention_id, m.document_id, m.names, i.data FROM incident_members m "
        "JOIN incidents i ON i.id = m.mention_id")).all()
    keys = []
    for mention_id, document_id, names, data in rows:
        names = json.loads(names) if isinstance(names, str) else (names or [])
        record = json.loads(data) if isinstance(data, str) else data
        features = mention_features(_attributes(record), document_id, names)
        keys.extend({"key": key, "mention_id": mention_id, "dated": features.block is not None}
                    for key in candidate_keys(features))
    if keys:
        table = sa.table("mention_keys", sa.column("key", sa.Text), sa.column("mention_id", sa.Text),
                         sa.column("dated", sa.Boolean))
        op.bulk_insert(table, keys)


def downgrade() -> None:
    op.drop_index("ix_mention_keys_key_dated", "mention_keys")
    op.drop_index("ix_mention_keys_mention_id", "mention_keys")
    op.drop_table("mention_keys")
