"""Trigger phrases that mark a sentence as reporting an incident, and cues that it does not.

The table lives in ``vigil/knowledge/data/event_triggers.json``; this module only compiles it.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Optional


@dataclass(frozen=True)
class Trigger:
    pattern: re.Pattern
    event_type: str
    sub_event_type: str
    attack_type: Optional[str]
    weapons: tuple[str, ...]
    priority: int


@dataclass(frozen=True)
class TriggerHit:
    trigger: Trigger
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def _table() -> dict:
    path = resources.files("vigil.knowledge").joinpath("data/event_triggers.json")
    return json.loads(path.read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def triggers() -> tuple[Trigger, ...]:
    return tuple(
        Trigger(
            pattern=re.compile(rf"\b(?:{t['pattern']})\b", re.IGNORECASE),
            event_type=t["event_type"],
            sub_event_type=t["sub_event_type"],
            attack_type=t["attack_type"],
            weapons=tuple(t["weapons"]),
            priority=t["priority"],
        )
        for t in _table()["triggers"]
    )


@functools.lru_cache(maxsize=1)
def non_event_cues() -> re.Pattern:
    return re.compile(_table()["non_event_cues"]["pattern"], re.IGNORECASE)


@functools.lru_cache(maxsize=4096)  # a sentence is asked about more than once (incidents, neighbours)
def find_triggers(sentence: str) -> tuple[TriggerHit, ...]:
    """All trigger hits in a sentence, most specific first."""
    hits = [
        TriggerHit(t, m.start(), m.end()) for t in triggers() for m in t.pattern.finditer(sentence)
    ]
    return tuple(sorted(hits, key=lambda h: (-h.trigger.priority, h.start)))


def is_non_event(sentence: str, hit: TriggerHit) -> bool:
    """A threat, plan, hypothetical, denial or generic statement governs the trigger.

    The cue must come before the trigger in the same clause: "vowed to attack", "will bomb",
    "denied kidnapping", but not "killed two men who would have testified".
    """
    clause_start = max(sentence.rfind(sep, 0, hit.start) for sep in (";", ":", " but ", " while "))
    window = sentence[max(clause_start, 0, hit.start - 60):hit.start]
    return bool(non_event_cues().search(window))
