"""Reading what an export or a report covers from the store, with its filters.

Exports and reports count each incident once, however many reports tell it: they read the
incidents merged across reports (contract-shaped dicts, with each report's own figures in
``reports``). Filters mean what they mean for `vigil incidents` (place follows the gazetteer's
hierarchy, perpetrator the actor dictionary's aliases).
"""
from __future__ import annotations

from typing import Any


def read_incidents(store, **filters: Any) -> list[dict[str, Any]]:
    """The merged incidents that pass ``filters`` (None-valued filters left out)."""
    return store.merged_incidents(**{k: v for k, v in filters.items() if v is not None})


def read_conflicts(store) -> list[Any]:
    """Stated figures that disagree across the stored reports."""
    return store.conflicts()
