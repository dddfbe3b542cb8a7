"""Known names close to one the user typed ("Karachii" -> Karachi), for warnings on filters
that name a place or an actor the knowledge base does not know."""
from __future__ import annotations

from typing import Iterable, Optional

SUGGESTIONS = 3
SCORE_CUTOFF = 60  # rapidfuzz WRatio, 0-100: below this a "closest" name is no help


def _closest(name: str, names: Iterable[tuple[str, str]], limit: int) -> list[str]:
    """Display names whose written forms (normalised key, display name) are nearest ``name``."""
    from rapidfuzz import fuzz, process

    from vigil.resolve.features import normalise_name

    display: dict[str, str] = {}
    for key, shown in names:
        if key:
            display.setdefault(key, shown)
    query = normalise_name(name)
    if not query:
        return []
    found: list[str] = []
    for key, _score, _index in process.extract(query, list(display), scorer=fuzz.WRatio,
                                               score_cutoff=SCORE_CUTOFF, limit=limit * 4):
        if display[key] not in found:
            found.append(display[key])
        if len(found) == limit:
            break
    return found


def known_place(name: str) -> bool:
    from vigil.knowledge.gazetteer import load_gazetteer

    return bool(load_gazetteer().lookup(name, fuzzy=False))


def closest_places(name: str, limit: int = SUGGESTIONS) -> list[str]:
    """Gazetteer places whose name or alias is nearest ``name`` (their primary names)."""
    from vigil.knowledge.gazetteer import load_gazetteer
    from vigil.resolve.features import normalise_name

    return _closest(name, ((normalise_name(n), p.name) for p in load_gazetteer() for n in p.names), limit)


def known_actor(name: str) -> bool:
    from vigil.knowledge.actors import load_actors

    return load_actors().match(name) is not None


def closest_actors(name: str, limit: int = SUGGESTIONS) -> list[str]:
    """Dictionary actors whose name or alias is nearest ``name`` (their canonical names)."""
    from vigil.knowledge.actors import load_actors
    from vigil.resolve.features import normalise_name

    actors = load_actors().actors.values()
    return _closest(name, ((normalise_name(n), a.name) for a in actors for n in (a.name, *a.aliases)), limit)


def unknown_name_warning(flag: str, name: str, kind: str, closest: list[str], meaning: str) -> Optional[str]:
    """One line: the unknown name, what the filter does with it, the closest known names."""
    hint = f"; closest known: {', '.join(closest)}" if closest else ""
    return f"warning: {flag} {name!r} is not a known {kind}, {meaning}{hint}"
