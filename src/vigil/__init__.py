"""Vigil: reports of political violence in, a sourced, geocoded incident database out."""
import sys
import types

from vigil.api import DEFAULT_DB, extract, ingest, open  # noqa: A004 - vigil.open(db) is the API; api.py is light
from vigil.api import (confirm_incident, edit_incident, incident_history, reject_incident, restore_incident,
                       revert_edit, review_queue)
from vigil.lazy import lazy_attributes

# The records load on first use, so that `import vigil` (and so every command's start-up) stays light.
__getattr__, __dir__ = lazy_attributes(__name__, {
    "Claim": "vigil.model",
    "Document": "vigil.model",
    "Evidence": "vigil.model",
    "Incident": "vigil.model",
})


class _Package(types.ModuleType):
    """`vigil.extract` is the API function: importing the subpackage vigil.extract later (it is
    loaded on first use now) must not replace it (the subpackage stays in sys.modules)."""

    def __setattr__(self, name, value):
        if name in _API_FUNCTIONS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


_API_FUNCTIONS = frozenset({"extract", "ingest", "open"})
sys.modules[__name__].__class__ = _Package

__all__ = ["DEFAULT_DB", "extract", "ingest", "open", "Claim", "Document", "Evidence", "Incident",
           "confirm_incident", "edit_incident", "reject_incident", "restore_incident", "revert_edit", "incident_history",
           "review_queue"]
__version__ = "0.1.0"
