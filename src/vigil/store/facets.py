"""What a merged incident is filed under, so filters and tallies run on plain text columns.

Each merged incident keeps three "|a|b|c|" lists (columns ``places``, ``targets``,
``perpetrators``).  Lower-case keys are what filters look for; entries with a prefix carry
labels, in their written case, that tallies group by:

- places: the gazetteer ids of the incident's place and every place above it, the normalised
  names on its location, and ``at:<level>:<Name>`` for each level its location names
  (``at:town:Orangi Town``, ``at:name:Pirabad``);
- targets: target categories;
- perpetrators: normalised names and texts, ``actor:<id>`` for the actor the dictionary knows
  them as and every actor above it (a faction files under its parent), and ``who:<Name>``,
  the canonical name when the dictionary knows it, else the name the record gives.

Every ``places`` list starts with ``FACETS_VERSION``: rows written before these lists had their
present form are found by its absence and recomputed when the store is opened.

The same lists are computed for a single report's incident (``record_marks``) so the filters
apply to both with one meaning.
"""
from __future__ import annotations

import functools
from typing import Any, Iterable, Optional

# Levels a location names, most precise first; a tally by place groups at one of them.
PLACE_LEVELS = ("neighbourhood", "town", "district", "city", "province", "country")
DEFAULT_PLACE_LEVEL = "town"  # Karachi is reported and policed by town
FACETS_VERSION = "facets:1"


def _clean_label(value: str) -> str:
    return " ".join(value.replace("|", "/").split())


def _marks(keys: Iterable[str], labels: Iterable[str] = ()) -> str:
    cleaned = sorted({k.lower() for k in keys if k})
    cleaned += sorted({_clean_label(label) for label in labels if label})
    return "|" + "|".join(cleaned) + "|" if cleaned else ""


def _normalise(name: str) -> str:
    from vigil.resolve.features import normalise_name

    return normalise_name(name or "")


def _actors():
    try:
        from vigil.knowledge.actors import load_actors

        return load_actors()
    except Exception:  # without the dictionary names are matched as written
        return None


@functools.lru_cache(maxsize=8192)
def actor_ids(name: str) -> tuple[str, ...]:
    """The dictionary actor a name or text denotes and every actor above it (empty if unknown)."""
    actors = _actors()
    if actors is None or not name:
        return ()
    actor = actors.match(name)
    chain: list[str] = []
    while actor is not None and actor.id not in chain:
        chain.append(actor.id)
        actor = actors.actors.get(actor.parent) if actor.parent else None
    return tuple(chain)


def canonical_perpetrator(perpetrator: dict[str, Any]) -> Optional[str]:
    """The name a perpetrator is counted under: the dictionary's canonical name for its name or
    text, else its own name; None for an unnamed one ("gunmen")."""
    for written in (perpetrator.get("name"), perpetrator.get("text")):
        ids = actor_ids(written or "")
        if ids:
            return _actors().actors[ids[0]].name
    return perpetrator.get("name") or None


def _place_chain(place_id: Optional[str]) -> tuple[str, ...]:
    from vigil.resolve.features import _place_chain as chain

    return chain(place_id)


def place_marks(location: Optional[dict[str, Any]]) -> str:
    location = location or {}
    names = [location.get(k) for k in ("name", *PLACE_LEVELS)]
    labels = [f"at:{level}:{location[level]}" for level in PLACE_LEVELS if location.get(level)]
    if location.get("name"):
        labels.append(f"at:name:{location['name']}")
    keys = [*_place_chain(location.get("gazetteer_id")), *[_normalise(n) for n in names if n]]
    return "|" + FACETS_VERSION + (_marks(keys, labels) or "|")


def target_marks(targets: Iterable[dict[str, Any]]) -> str:
    return _marks(t.get("category") for t in targets)


def perpetrator_marks(perpetrators: Iterable[dict[str, Any]]) -> str:
    keys: list[str] = []
    labels: list[str] = []
    for p in perpetrators:
        for written in (p.get("name"), p.get("text")):
            if written:
                keys.append(_normalise(written))
                keys.extend(f"actor:{i}" for i in actor_ids(written))
        canonical = canonical_perpetrator(p)
        if canonical:
            labels.append(f"who:{canonical}")
    return _marks(keys, labels)


def record_marks(record: dict[str, Any]) -> dict[str, str]:
    """The three lists of one contract-shaped incident record."""
    return {
        "places": place_marks(record.get("location")),
        "targets": target_marks(record.get("targets") or []),
        "perpetrators": perpetrator_marks(record.get("perpetrators") or []),
    }


# ------------------------------------------------------------------ what a filter looks for


def load_knowledge() -> None:
    """Load the gazetteer and the actor dictionary the place and perpetrator filters read
    (once a process: half a second), so that the first such filter asked for need not wait."""
    _actors()
    try:
        from vigil.knowledge.gazetteer import load_gazetteer

        load_gazetteer()
    except Exception:  # without a gazetteer the name alone is matched
        pass


@functools.lru_cache(maxsize=256)
def place_keys(place: str) -> tuple[str, ...]:
    """The marks a place filter matches: the gazetteer ids the name denotes (so everything inside
    them matches through its chain) and the normalised name itself."""
    keys = [_normalise(place)]
    try:
        from vigil.knowledge.gazetteer import load_gazetteer

        keys += [p.id.lower() for p in load_gazetteer().lookup(place, fuzzy=False)]
    except Exception:  # without a gazetteer the name alone is matched
        pass
    return tuple(sorted(set(k for k in keys if k)))


@functools.lru_cache(maxsize=256)
def perpetrator_keys(name: str) -> tuple[tuple[str, ...], Optional[str]]:
    """(exact marks, substring) a perpetrator filter matches: an actor the dictionary knows by
    this name or alias matches through ``actor:<id>`` and every alias it has; an unknown name
    matches any perpetrator name or text containing it (case-insensitive)."""
    actors = _actors()
    actor = actors.match(name) if actors is not None else None
    if actor is None:
        return (), _normalise(name) or None
    keys = {f"actor:{actor.id}"}
    keys.update(_normalise(a) for a in (actor.name, *actor.aliases))
    return tuple(sorted(k for k in keys if k)), None


@functools.lru_cache(maxsize=65536)  # tallies ask again for the same lists, incident after incident
def place_label(places: str, level: str) -> Optional[str]:
    """The name an incident is tallied under at ``level``: its place at that level, else (its
    location is coarser, e.g. only the city is known) the most precise place it names above."""
    labels = {}
    for entry in (places or "").split("|"):
        if entry.startswith("at:"):
            _, found_level, name = entry.split(":", 2)
            labels[found_level] = name
    if level in labels:
        return labels[level]
    if level == "name":
        return None
    for coarser in PLACE_LEVELS[PLACE_LEVELS.index(level) + 1:]:
        if coarser in labels:
            return labels[coarser]
    return None


def labels(marks: str, prefix: str) -> list[str]:
    """Entries of a list carrying ``prefix`` (e.g. "who:"), without it."""
    return [entry[len(prefix):] for entry in (marks or "").split("|") if entry.startswith(prefix)]


def plain_keys(marks: str) -> list[str]:
    """Entries without a label prefix (target categories)."""
    return [entry for entry in (marks or "").split("|") if entry and ":" not in entry]
