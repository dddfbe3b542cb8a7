"""Alembic migrations for the store (run by vigil.store.migrate; no alembic.ini needed)."""
