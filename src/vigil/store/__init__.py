"""Vigil's store: reports, incidents, claims and revisions in SQLite or PostgreSQL.

    from vigil.store import Store
    store = Store.open("sqlite:///./vigil.db")
    store.add_report(document, sentences, incidents, claims)
"""
from vigil.store.errors import DatabaseMissing, StoreError
from vigil.store.store import AddResult, Store

__all__ = ["AddResult", "DatabaseMissing", "Store", "StoreError"]
