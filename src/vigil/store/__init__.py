"""Vigil's store: reports, incidents, claims and revisions in SQLite or PostgreSQL.

    from vigil.store import Store
    store = Store.open("sqlite:///./vigil.db")
    store.add_report(document, sentences, incidents, claims)
"""
from vigil.lazy import lazy_attributes
from vigil.store.errors import DatabaseMissing, StoreError

# SQLAlchemy loads with the Store, not with the package: `vigil db --help` stays quick.
__getattr__, __dir__ = lazy_attributes(__name__, {"AddResult": "vigil.store.store", "Store": "vigil.store.store"})

__all__ = ["AddResult", "DatabaseMissing", "Store", "StoreError"]
