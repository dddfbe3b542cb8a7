"""Weapons a sentence names ("armed with rifles and grenades"), by category.

The word table lives in ``vigil/knowledge/data/weapons.json``; trigger phrases add their own
weapons too (a "suicide vest" is in the trigger table).
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class WeaponMention:
    category: str
    start: int  # offsets in the searched text
    end: int
    text: str


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern], ...]:
    data = json.loads(resources.files("vigil.knowledge").joinpath("data/weapons.json").read_text("utf-8"))
    return tuple((category, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE))
                 for category, pattern in data["weapons"].items())


def find_weapons(text: str) -> list[WeaponMention]:
    """Every weapon word in ``text``, in order."""
    found = [WeaponMention(category, m.start(), m.end(), m.group(0))
             for category, pattern in _patterns() for m in pattern.finditer(text)]
    return sorted(found, key=lambda w: w.start)
