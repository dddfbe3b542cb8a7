"""Vigil: reports of political violence in, a sourced, geocoded incident database out."""
from vigil.api import DEFAULT_DB, extract, ingest, open  # noqa: A004 - vigil.open(db) is the API
from vigil.model import Claim, Document, Evidence, Incident

__all__ = ["DEFAULT_DB", "extract", "ingest", "open", "Claim", "Document", "Evidence", "Incident"]
__version__ = "0.1.0"
