"""Stored counts of merged incidents (vigil.store.changes.merged_counts), kept by triggers so that
no write to ``merged_incidents`` can leave them behind: one row per distinct combination of the
columns the dashboard's filters and groupings read (status, the two dates, type, sub-type and the
place, target and perpetrator lists), holding how many incidents share it and the sums of their
tolls.  The dashboard's first count of a view then groups these rows (tens of thousands at
100,000 incidents) rather than every incident.  Existing incidents are counted here once.

Each group is found by one key column, ``gkey``: every grouped column written as its length, a
colon and itself ('-' for NULL), so that no two groups share a key and NULL is a value of its own
(a unique index treats NULLs as distinct).  On PostgreSQL the key is that text's MD5, as an index
entry there has a size limit the lists could pass.

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

GROUPED = ("status", "date_start", "date_end", "event_type", "sub_event_type", "places", "targets", "perpetrators")
FIGURES = ("fatalities", "injured")
BOUNDS = ("low", "best", "high")
# Per figure, in the order vigil.store.running sums them: per bound the sum of the stated values
# and how many state it, then how many state the figure at all, how many leave it open-ended.
SUMS = ("incidents", *[name for figure in FIGURES for name in
                       [f"{figure}_{bound}_{part}" for bound in BOUNDS for part in ("sum", "n")]
                       + [f"{figure}_known", f"{figure}_open"]])
# What the UPDATE trigger on SQLite watches: a change to any other column counts nothing.
COUNTED = GROUPED + tuple(f"{figure}_{bound}" for figure in FIGURES for bound in BOUNDS)


def _key(row: str, postgres: bool) -> str:
    parts = [f"coalesce(CAST(length({row}.{c}) AS TEXT) || ':' || {row}.{c}, '-')" for c in GROUPED]
    text = " || '|' || ".join(parts)
    return f"md5({text})" if postgres else text


def _contributions(row: str, sign: str) -> list[str]:
    """What one row adds to its group's sums (``sign`` 1) or takes away (-1), in ``SUMS`` order."""
    out = [sign]
    for figure in FIGURES:
        low, best, high = (f"{row}.{figure}_{bound}" for bound in BOUNDS)
        for column in (low, best, high):
            out += [f"{sign} * coalesce({column}, 0)", f"CASE WHEN {column} IS NOT NULL THEN {sign} ELSE 0 END"]
        out.append(f"CASE WHEN {low} IS NOT NULL OR {best} IS NOT NULL OR {high} IS NOT NULL THEN {sign} ELSE 0 END")
        out.append(f"CASE WHEN {high} IS NULL AND ({low} IS NOT NULL OR {best} IS NOT NULL) THEN {sign} ELSE 0 END")
    return out


def _add(row: str, sign: str, postgres: bool) -> str:
    """One row counted into (or out of) its group; an emptied group removed."""
    columns = ("gkey", *GROUPED, *SUMS)
    values = (_key(row, postgres), *[f"{row}.{c}" for c in GROUPED], *_contributions(row, sign))
    added = ", ".join(f"{s} = merged_counts.{s} + excluded.{s}" for s in SUMS)
    return (f"INSERT INTO merged_counts ({', '.join(columns)}) VALUES ({', '.join(values)}) "
            f"ON CONFLICT (gkey) DO UPDATE SET {added}; "
            f"DELETE FROM merged_counts WHERE gkey = {_key(row, postgres)} AND incidents = 0")


def _backfill(postgres: bool) -> str:
    """Every stored incident counted, grouped as the triggers group them."""
    sums = [f"sum({c})" for c in _contributions("m", "1")]
    return (f"INSERT INTO merged_counts (gkey, {', '.join(GROUPED)}, {', '.join(SUMS)}) "
            f"SELECT {_key('m', postgres)}, {', '.join(f'm.{c}' for c in GROUPED)}, {', '.join(sums)} "
            f"FROM merged_incidents AS m GROUP BY {', '.join(f'm.{c}' for c in GROUPED)}")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "merged_counts",
        sa.Column("gkey", sa.Text, primary_key=True),
        sa.Column("status", sa.String(16)),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("event_type", sa.Text),
        sa.Column("sub_event_type", sa.Text),
        sa.Column("places", sa.Text),
        sa.Column("targets", sa.Text),
        sa.Column("perpetrators", sa.Text),
        *[sa.Column(name, sa.Integer, nullable=False) for name in SUMS],
    )
    op.execute(_backfill(postgres))
    if postgres:
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in COUNTED)
        op.execute(f"""
            CREATE FUNCTION vigil_count_merged() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND ({changed})) THEN {_add('OLD', '-1', True)}; END IF;
                IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND ({changed})) THEN {_add('NEW', '1', True)}; END IF;
                RETURN NULL;
            END $$ LANGUAGE plpgsql""")
        op.execute("CREATE TRIGGER merged_counts_keep AFTER INSERT OR UPDATE OR DELETE ON merged_incidents "
                   "FOR EACH ROW EXECUTE FUNCTION vigil_count_merged()")
        return
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in COUNTED)
    op.execute(f"CREATE TRIGGER merged_counts_insert AFTER INSERT ON merged_incidents "
               f"BEGIN {_add('NEW', '1', False)}; END")
    op.execute(f"CREATE TRIGGER merged_counts_delete AFTER DELETE ON merged_incidents "
               f"BEGIN {_add('OLD', '-1', False)}; END")
    op.execute(f"CREATE TRIGGER merged_counts_update AFTER UPDATE OF {', '.join(COUNTED)} ON merged_incidents "
               f"WHEN {changed} BEGIN {_add('OLD', '-1', False)}; {_add('NEW', '1', False)}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER merged_counts_keep ON merged_incidents")
        op.execute("DROP FUNCTION vigil_count_merged()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER merged_counts_{name}")
    op.drop_table("merged_counts")
