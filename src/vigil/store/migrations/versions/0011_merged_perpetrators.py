"""The perpetrator keys of each merged incident (``merged_perpetrators``: the entries of its
``perpetrators`` list but the ``who:`` labels, vigil.store.facets), kept by triggers as
``merged_places`` is (migration 0010), so that a perpetrator filter looks its incidents up
instead of trying every alias of the actor on every incident's list.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# A perpetrator key is an entry of the "|a|b|" list that is no label; split as in 0010.
SQLITE_KEYS = ("SELECT DISTINCT {row}.id, j.value FROM {source}json_each('[' || replace(json_quote({row}.perpetrators), "
               "'|', '\",\"') || ']') AS j WHERE j.value <> '' AND j.value NOT LIKE 'who:%'")
POSTGRES_KEYS = ("SELECT DISTINCT {row}.id, k FROM {source}unnest(string_to_array({row}.perpetrators, '|')) AS k "
                 "WHERE k <> '' AND k NOT LIKE 'who:%'")
EVERY_ROW = "merged_incidents AS m, "  # the keys of the rows stored before this migration
# The rows the triggers rewrite keys for: a new row, a deleted one, one whose id or list changed.
CHANGED = "OLD.perpetrators IS DISTINCT FROM NEW.perpetrators OR OLD.id IS DISTINCT FROM NEW.id"


def upgrade() -> None:
    op.create_table(
        "merged_perpetrators",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("merged_id", sa.Text, primary_key=True),
        sqlite_with_rowid=False,  # the key is the row
    )
    op.create_index("ix_merged_perpetrators_merged_id", "merged_perpetrators", ["merged_id"])
    keys_in = "INSERT INTO merged_perpetrators (merged_id, key) "
    keys_out = "DELETE FROM merged_perpetrators WHERE merged_id = OLD.id"
    if op.get_bind().dialect.name == "postgresql":
        op.execute(keys_in + POSTGRES_KEYS.format(row="m", source=EVERY_ROW))
        op.execute(f"""
            CREATE FUNCTION vigil_keep_merged_perpetrators() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND ({CHANGED})) THEN {keys_out}; END IF;
                IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND ({CHANGED})) THEN
                    {keys_in}{POSTGRES_KEYS.format(row="NEW", source="")};
                END IF;
                RETURN NULL;
            END $$ LANGUAGE plpgsql""")
        op.execute("CREATE TRIGGER merged_perpetrators_keep AFTER INSERT OR UPDATE OR DELETE ON merged_incidents "
                   "FOR EACH ROW EXECUTE FUNCTION vigil_keep_merged_perpetrators()")
        return
    op.execute(keys_in + SQLITE_KEYS.format(row="m", source=EVERY_ROW))
    new_keys = SQLITE_KEYS.format(row="NEW", source="")
    op.execute(f"CREATE TRIGGER merged_perpetrators_insert AFTER INSERT ON merged_incidents "
               f"BEGIN {keys_in}{new_keys}; END")
    op.execute(f"CREATE TRIGGER merged_perpetrators_delete AFTER DELETE ON merged_incidents "
               f"BEGIN {keys_out}; END")
    op.execute(f"CREATE TRIGGER merged_perpetrators_update AFTER UPDATE OF id, perpetrators ON merged_incidents "
               f"WHEN OLD.perpetrators IS NOT NEW.perpetrators OR OLD.id IS NOT NEW.id "
               f"BEGIN {keys_out}; {keys_in}{new_keys}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER merged_perpetrators_keep ON merged_incidents")
        op.execute("DROP FUNCTION vigil_keep_merged_perpetrators()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER merged_perpetrators_{name}")
    op.drop_index("ix_merged_perpetrators_merged_id", "merged_perpetrators")
    op.drop_table("merged_perpetrators")
