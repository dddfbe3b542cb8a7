"""Vigil: reports of political violence in, a sourced, geocoded incident database out."""

from vigil.lazy import lazy_attributes

__getattr__, __dir__ = lazy_attributes(__name__, {
    "DEFAULT_DB": "vigil.api",
    "extract": "vigil.api",
    "ingest": "vigil.api",
    "open": "vigil.api",
    "Claim": "vigil.model",
    "Document": "vigil.model",
    "Evidence": "vigil.model",
    "Incident": "vigil.model",
})

__all__ = ["DEFAULT_DB", "extract", "ingest", "open", "Claim", "Document", "Evidence", "Incident"]
__version__ = "0.1.0"
