"""ACLED's actor fields (actor1/2, assoc_actor_1/2, inter1/2, interaction) for an incident.

Perpetrators become actor 1 and targets actor 2. Inter codes come from the actor dictionary when
the name is a known actor, otherwise from the perpetrator category or target category table.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from vigil.export.tables import table


@dataclass
class AcledActors:
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int = 0
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int = 0
    civilian_targeting: bool = False

    @property
    def interaction(self) -> int:
        """ACLED's joint code: the two inter codes, lowest first ("13"); one actor alone: "10"."""
        codes = sorted(c for c in (self.inter1, self.inter2) if c)
        if not codes:
            return 0
        return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def _known_actor(name: Optional[str]):
    if not name:
        return None
    from vigil.knowledge.actors import load_actors

    return load_actors().match(name)


def _join(values: list[str]) -> str:
    return "; ".join(dict.fromkeys(v for v in values if v))


def acled_actors(record: dict, country_name: str) -> AcledActors:
    rules = table("acled.json")
    country = country_name or "Unknown"
    out = AcledActors()
    event_type = record.get("event_type")
    perpetrators = record.get("perpetrators") or []
    targets = record.get("targets") or []

    crowd = rules["event_type_actor1"].get(event_type)
    if crowd:
        out.actor1, out.inter1 = crowd["actor"].format(country=country), crowd["inter"]
        out.assoc_actor_1 = _join([p.get("name") for p in perpetrators])
    elif perpetrators:
        lead = perpetrators[0]
        known = _known_actor(lead.get("name"))
        if lead.get("name"):
            out.actor1 = known.name if known else lead["name"]
        else:
            out.actor1 = rules["unidentified_actor"].format(country=country)
        out.inter1 = known.inter if known else rules["actor_inter"].get(lead.get("category") or "unidentified", 3)
        out.assoc_actor_1 = _join([p.get("name") for p in perpetrators[1:] if p.get("name") != out.actor1])
    elif event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        out.actor1, out.inter1 = rules["unidentified_actor"].format(country=country), rules["actor_inter"]["unidentified"]

    if targets:
        lead = targets[0]
        known = _known_actor(lead.get("name"))
        category = lead.get("category")
        if (not category or category == "unknown") and known is not None:
            category = known.target_category
        entry = rules["target_actors"].get(category or "")
        if entry:
            out.actor2, out.inter2 = entry["actor"].format(country=country), entry["inter"]
        elif known is not None:
            out.actor2, out.inter2 = known.name, known.inter
        elif lead.get("name"):
            out.actor2 = lead["name"]
        out.assoc_actor_2 = _join([t.get("name") for t in targets if t.get("name") != out.actor2])
        out.civilian_targeting = any(
            rules["target_actors"].get(t.get("category") or "", {}).get("civilian", False) for t in targets
        )
    if event_type == "Violence against civilians":
        out.civilian_targeting = True  # ACLED: the type is defined by civilian victims
        if not out.actor2:
            out.actor2 = rules["target_actors"]["civilians"]["actor"].format(country=country)
            out.inter2 = rules["target_actors"]["civilians"]["inter"]
    return out
