"""The event taxonomy (data/taxonomy.json): ACLED's event types and sub-event types, plus the
judicial steps Vigil follows under Strategic developments."""
from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Optional

from vigil.knowledge.errors import KnowledgeError


@functools.lru_cache(maxsize=1)
def event_types() -> dict[str, tuple[str, ...]]:
    """Each event type with its sub-event types, in the codebook's order."""
    path = resources.files("vigil.knowledge").joinpath("data/taxonomy.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError) as error:
        raise KnowledgeError(f"{path}: cannot read the event taxonomy ({error})") from None
    return {event: tuple(subs) for event, subs in data["event_types"].items()}


def event_type_of(sub_event_type: str) -> Optional[str]:
    """The event type a sub-event type belongs to, or None for one the taxonomy lacks."""
    return next((event for event, subs in event_types().items() if sub_event_type in subs), None)
