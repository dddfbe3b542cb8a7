"""Bringing a database to the newest schema with Alembic, without an alembic.ini on disk."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    # ConfigParser interpolates '%', which may occur in an install path.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(connection: Connection) -> None:
    """Upgrade inside the caller's transaction; a no-op when the database is already at head."""
    if current_revision(connection) == head_revision():
        return
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
