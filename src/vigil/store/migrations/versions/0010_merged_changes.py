"""The log of changes to merged incidents (vigil.store.changes), written by triggers so that no
write to ``merged_incidents`` can miss it: the desk adds what changed to the counts it holds
instead of counting 100,000 incidents again after every edit or ingest.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

LOGGED = ("id", "status", "date_start", "date_end", "event_type", "sub_event_type",
          "fatalities_low", "fatalities_best", "fatalities_high", "injured_low", "injured_best", "injured_high",
          "places", "targets", "perpetrators", "case_stage")


def _values(sign: int, row: str) -> str:
    return f"({sign}, " + ", ".join(f"{row}.{c}" for c in LOGGED) + ")"


def upgrade() -> None:
    op.create_table(
        "merged_changes",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sign", sa.Integer, nullable=False),
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("status", sa.String(16)),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("event_type", sa.Text),
        sa.Column("sub_event_type", sa.Text),
        *[sa.Column(f"{figure}_{bound}", sa.Integer)
          for figure in ("fatalities", "injured") for bound in ("low", "best", "high")],
        sa.Column("places", sa.Text),
        sa.Column("targets", sa.Text),
        sa.Column("perpetrators", sa.Text),
        sa.Column("case_stage", sa.String(16)),
        sqlite_autoincrement=True,  # never reuse a number: a reader's position must stay meaningful
    )
    into = "INSERT INTO merged_changes (sign, " + ", ".join(LOGGED) + ") VALUES "
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION vigil_log_merged_change() RETURNS trigger AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN {into}{_values(-1, 'OLD')}; END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN {into}{_values(1, 'NEW')}; END IF;
                RETURN NULL;
            END $$ LANGUAGE plpgsql""")
        op.execute("CREATE TRIGGER merged_changes_log AFTER INSERT OR UPDATE OR DELETE ON merged_incidents "
                   "FOR EACH ROW EXECUTE FUNCTION vigil_log_merged_change()")
        return
    op.execute(f"CREATE TRIGGER merged_changes_insert AFTER INSERT ON merged_incidents "
               f"BEGIN {into}{_values(1, 'NEW')}; END")
    op.execute(f"CREATE TRIGGER merged_changes_delete AFTER DELETE ON merged_incidents "
               f"BEGIN {into}{_values(-1, 'OLD')}; END")
    op.execute(f"CREATE TRIGGER merged_changes_update AFTER UPDATE ON merged_incidents "
               f"BEGIN {into}{_values(-1, 'OLD')}; {into}{_values(1, 'NEW')}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER merged_changes_log ON merged_incidents")
        op.execute("DROP FUNCTION vigil_log_merged_change()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER merged_changes_{name}")
    op.drop_table("merged_changes")
