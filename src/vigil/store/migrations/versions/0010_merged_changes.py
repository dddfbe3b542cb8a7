"""The log of changes to merged incidents (vigil.store.changes), written by triggers so that no
write to ``merged_incidents`` can miss it: the desk adds what changed to the counts it holds
instead of counting 100,000 incidents again after every edit or ingest.  And the place keys of
each merged incident (``merged_places``: the entries of its ``places`` list but the labels), kept
by triggers too, so that a place filter looks its incidents up instead of reading every list.

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


# A place key is an entry of the "|a|b|" list that is no label (vigil.store.facets).
# SQLite splits the list as a JSON array: json_quote escapes the text, and no escape holds a '|'.
SQLITE_KEYS = ("SELECT DISTINCT {row}.id, j.value FROM {source}json_each('[' || replace(json_quote({row}.places), "
               "'|', '\",\"') || ']') AS j WHERE j.value <> '' AND j.value NOT LIKE 'at:%' AND j.value NOT LIKE 'facets:%'")
POSTGRES_KEYS = ("SELECT DISTINCT {row}.id, k FROM {source}unnest(string_to_array({row}.places, '|')) AS k "
                 "WHERE k <> '' AND k NOT LIKE 'at:%' AND k NOT LIKE 'facets:%'")
EVERY_ROW = "merged_incidents AS m, "  # the keys of the rows stored before this migration


def upgrade() -> None:
    op.create_table(
        "merged_places",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("merged_id", sa.Text, primary_key=True),
        sqlite_with_rowid=False,  # the key is the row: no second copy of it in a rowid table
    )
    op.create_index("ix_merged_places_merged_id", "merged_places", ["merged_id"])
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
    keys_in = "INSERT INTO merged_places (merged_id, key) "
    keys_out = "DELETE FROM merged_places WHERE merged_id = OLD.id"
    if op.get_bind().dialect.name == "postgresql":
        new_keys = POSTGRES_KEYS.format(row="NEW", source="")
        op.execute(f"""
            CREATE FUNCTION vigil_log_merged_change() RETURNS trigger AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN {into}{_values(-1, 'OLD')}; END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN {into}{_values(1, 'NEW')}; END IF;
                IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (OLD.places IS DISTINCT FROM NEW.places
                                                            OR OLD.id IS DISTINCT FROM NEW.id)) THEN
                    {keys_out};
                END IF;
                IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (OLD.places IS DISTINCT FROM NEW.places
                                                            OR OLD.id IS DISTINCT FROM NEW.id)) THEN
                    {keys_in}{new_keys};
                END IF;
                RETURN NULL;
            END $$ LANGUAGE plpgsql""")
        op.execute("CREATE TRIGGER merged_changes_log AFTER INSERT OR UPDATE OR DELETE ON merged_incidents "
                   "FOR EACH ROW EXECUTE FUNCTION vigil_log_merged_change()")
        op.execute(keys_in + POSTGRES_KEYS.format(row="m", source=EVERY_ROW))
        return
    op.execute(keys_in + SQLITE_KEYS.format(row="m", source=EVERY_ROW))
    new_keys = SQLITE_KEYS.format(row="NEW", source="")
    op.execute(f"CREATE TRIGGER merged_changes_insert AFTER INSERT ON merged_incidents "
               f"BEGIN {into}{_values(1, 'NEW')}; {keys_in}{new_keys}; END")
    op.execute(f"CREATE TRIGGER merged_changes_delete AFTER DELETE ON merged_incidents "
               f"BEGIN {into}{_values(-1, 'OLD')}; {keys_out}; END")
    op.execute(f"CREATE TRIGGER merged_changes_update AFTER UPDATE ON merged_incidents "
               f"BEGIN {into}{_values(-1, 'OLD')}; {into}{_values(1, 'NEW')}; END")
    op.execute(f"CREATE TRIGGER merged_places_update AFTER UPDATE OF id, places ON merged_incidents "
               f"WHEN OLD.places IS NOT NEW.places OR OLD.id IS NOT NEW.id "
               f"BEGIN {keys_out}; {keys_in}{new_keys}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER merged_changes_log ON merged_incidents")
        op.execute("DROP FUNCTION vigil_log_merged_change()")
    else:
        for name in ("changes_insert", "changes_delete", "changes_update", "places_update"):
            op.execute(f"DROP TRIGGER merged_{name}")
    op.drop_table("merged_changes")
    op.drop_index("ix_merged_places_merged_id", "merged_places")
    op.drop_table("merged_places")
