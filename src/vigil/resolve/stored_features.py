"""A mention's comparison features as stored beside it (``incident_members.features``), so that
finding and scoring candidates reads a small record instead of parsing each candidate's whole
incident and deriving its features again: at 100,000 stored incidents a new mention meets
hundreds of candidates, and deriving their features was most of merging's time.

Stored features are only as good as the code and data that derived them, so each carries the
fingerprint of the parts of Vigil that can change them (every module and data file of
extraction, languages, knowledge and resolving, and the model); features written under another
fingerprint are ignored, derived afresh from the stored incident and stored again by the writer
that read them (vigil.store.clusters), so an upgrade heals as it merges.  The places' chains,
cities and provinces are not stored: they are read from the gazetteer on loading.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any, Optional

from vigil.model import Count
from vigil.resolve.features import MentionFeatures, _place_chain, _place_facts

# Suffixes of the package's files whose content can change what mention_features derives.
_FINGERPRINTED = (".py", ".json", ".txt", ".tsv", ".gz", ".jsonl", ".csv")
_FROZENSETS = ("victims", "perpetrators", "claimed_by", "targets", "weapons", "words", "names")
_DERIVED = ("place_chain", "place_city", "place_loose", "place_province")  # from the gazetteer on loading


# What mention_features reads, directly or through what it imports: these parts of the package.
_DERIVING = ("extract", "languages", "knowledge", "resolve", "model.py")


@functools.lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """A digest of every module and data file that can change a mention's features."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for part in _DERIVING:
        paths = [root / part] if part.endswith(".py") else sorted((root / part).rglob("*"))
        for path in paths:
            if path.suffix in _FINGERPRINTED and "__pycache__" not in path.parts and path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _count(value: Any) -> Optional[dict[str, Optional[int]]]:
    if value is None:
        return None
    return {"low": value.low, "best": value.best, "high": value.high}


def to_stored(features: MentionFeatures) -> dict[str, Any]:
    """The features as JSON-ready values, with the fingerprint of the code that derived them."""
    out: dict[str, Any] = {"fingerprint": package_fingerprint()}
    for name, value in vars(features).items():
        if name in _DERIVED:
            continue
        if name in ("fatalities", "injured"):
            value = _count(value)
        elif name == "name_shapes":
            value = sorted(list(shape) for shape in value)
        elif isinstance(value, (frozenset, set)):
            value = sorted(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def from_stored(stored: Any) -> Optional[MentionFeatures]:
    """The features back, or None when there are none or another Vigil derived them."""
    if isinstance(stored, str):
        stored = json.loads(stored)
    if not isinstance(stored, dict) or stored.get("fingerprint") != package_fingerprint():
        return None
    values = {k: v for k, v in stored.items() if k != "fingerprint"}
    for name in _FROZENSETS:
        values[name] = frozenset(values.get(name) or ())
    values["name_shapes"] = frozenset(tuple(shape) for shape in values.get("name_shapes") or ())
    for name in ("fatalities", "injured"):
        values[name] = Count(**values[name]) if values.get(name) is not None else None
    for name in ("block", "month_day"):
        values[name] = tuple(values[name]) if values.get(name) is not None else None
    place_id = values.get("place_id")
    city, loose, province = _place_facts(place_id)
    values.update(place_chain=_place_chain(place_id), place_city=city, place_loose=loose, place_province=province)
    return MentionFeatures(**values)
