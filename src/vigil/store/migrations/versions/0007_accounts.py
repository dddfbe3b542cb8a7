"""Accounts of the desk (vigil serve): users, their sessions and API tokens, and the audit log;
and the index the desk counts and pages from, so that the dashboard and the lists stay fast at
100,000 incidents.

On SQLite a merged incident's row holds its JSON (3 KB and more), so any scan of the table reads
every record: the index holds every column the filters, sorts and tallies read (place, target and
perpetrator lists too), and they scan it instead.  PostgreSQL keeps such JSON out of the row
(TOAST), and an index entry there has a size limit the lists could pass: it gets the columns of
the totals and timelines only.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# What totals and timelines read (vigil.store.tally), then what the other filters, the pages'
# sorts and the review queue's order (vigil.store.queue) read.
TALLY_COLUMNS = ("status", "date_start", "date_end", "event_type", "sub_event_type", "fatalities_low",
                 "fatalities_best", "fatalities_high", "injured_low", "injured_best", "injured_high")
LIST_COLUMNS = ("places", "targets", "perpetrators", "confidence", "disagreements", "id")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("revoked_at", sa.String(32)),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("actor", sa.Text),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.Text),
        sa.Column("detail", sa.JSON),
        sa.Column("address", sa.Text),
    )
    op.create_index("ix_audit_log_created_at", "audit_log", ["created_at"])
    wide = op.get_bind().dialect.name == "sqlite"
    op.create_index("ix_merged_incidents_desk", "merged_incidents",
                    list(TALLY_COLUMNS + LIST_COLUMNS) if wide else list(TALLY_COLUMNS))


def downgrade() -> None:
    op.drop_index("ix_merged_incidents_desk", "merged_incidents")
    op.drop_index("ix_audit_log_created_at", "audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_api_tokens_user_id", "api_tokens")
    op.drop_table("api_tokens")
    op.drop_index("ix_sessions_user_id", "sessions")
    op.drop_table("sessions")
    op.drop_table("users")
