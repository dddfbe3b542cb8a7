"""Bringing a database to the newest schema with Alembic, without an alembic.ini on disk.

A database already at the newest revision is recognised with one query and the migration files'
own revision lines, so opening it does not import Alembic (a second of start-up on a query).
"""
from __future__ import annotations

import functools
import re
import sys
from pathlib import Path
from typing import Optional

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_REVISION_LINE = re.compile(r"""^(revision|down_revision)\s*(?::[^=]*)?=\s*(?:["']([\w-]+)["']|None)\s*$""", re.M)


def alembic_config():
    from alembic.config import Config

    config = Config()
    # ConfigParser interpolates '%', which may occur in an install path.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


@functools.lru_cache(maxsize=1)
def head_from_files() -> Optional[str]:
    """The newest revision as the version files state it; None when they are not a plain chain
    (a merge, a line this reading does not follow): Alembic then decides."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if not found:  # not a revision (the package's __init__)
            continue
        if "revision" not in found or "down_revision" not in found:
            return None
        revisions.add(found["revision"])
        if found["down_revision"]:
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(connection: Connection) -> Optional[str]:
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def is_migration_error(error: BaseException) -> bool:
    """Alembic's CommandError (a database made by a newer Vigil), if Alembic was loaded at all."""
    util = sys.modules.get("alembic.util")
    return util is not None and isinstance(error, util.CommandError)


def is_at_head(connection: Connection) -> bool:
    """Whether the database already has the newest schema (one query when the files tell the head)."""
    head = head_from_files()
    if head is not None and _stored_revision(connection) == head:
        return True
    return current_revision(connection) == head_revision()


def upgrade_to_head(connection: Connection) -> None:
    """Upgrade inside the caller's transaction; a no-op when the database is already at head."""
    if is_at_head(connection):
        return
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
