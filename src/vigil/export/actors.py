"""ACLED's actor fields (actor1/2, assoc_actor_1/2, inter1/2, interaction, civilian targeting) for an
incident, and the event type they agree with.

The rules, with ACLED's codebook in mind (docs/acled-coding.md):

- actor 1 is the perpetrator the report is surest of (a named group that claimed it before one
  only suspected); a dictionary actor gives its ACLED inter code; a state force acting in another
  country is External/Other Forces (8); state forces the report does not name are the "Military
  Forces" or "Police Forces" of the incident's country (1); doers without a name are an
  "Unidentified Armed Group" (3), never a state force;
- actor 2 is the target: armed state forces (police, paramilitary, military) are themselves;
  every other target, government officials and party workers included, is a civilian (7), with
  the body it belongs to as associated actor;
- "Violence against civilians" names civilians as actor 2 and is civilian targeting; an attack
  whose only victims named are armed state forces is a battle ("Battles", "Armed clash");
  civilian targeting is marked on political violence with civilian victims, never elsewhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from vigil.export.tables import table

_ATTRIBUTION_ORDER = {"claimed": 0, "suspected": 1, "stated": 2, "alleged": 3}
_POLICE_WORDS = re.compile(r"\b(?:police|policem[ae]n|constables?|cops?)\b", re.IGNORECASE)
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"


@dataclass
class AcledActors:
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int = 0
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int = 0
    civilian_targeting: bool = False
    event_type: str = ""
    sub_event_type: str = ""

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

    return load_actors().match(name, country=None)


def _join(values: list[str]) -> str:
    return "; ".join(dict.fromkeys(v for v in values if v))


def _home_country(country: str) -> Optional[str]:
    """The ISO code of the incident's country, as the actor dictionary records countries."""
    from vigil.knowledge.actors import load_actors

    force = load_actors().state_force(country, "military")
    return force.country if force is not None else None


def _target_category(target: dict) -> Optional[str]:
    category = target.get("category")
    if not category or category == "unknown":
        known = _known_actor(target.get("name"))
        category = known.target_category if known is not None else category
    return category if category and category != "unknown" else None


def _lead(perpetrators: list[dict]) -> dict:
    """The perpetrator ACLED names first: named before unnamed, claimed before suspected."""
    return min(perpetrators, key=lambda p: (not p.get("name"), _ATTRIBUTION_ORDER.get(p.get("attribution") or "", 4)))


def _actor1(out: AcledActors, perpetrators: list[dict], country: str, rules: dict) -> None:
    lead = _lead(perpetrators)
    known = _known_actor(lead.get("name"))
    if known is not None:
        out.actor1, out.inter1 = known.name, known.inter
        if known.inter == 1 and known.country and known.country != _home_country(country):
            out.inter1 = rules["external_forces_inter"]  # a state's forces abroad
    elif lead.get("category") == "state forces":
        branch = "police" if _POLICE_WORDS.search(f"{lead.get('name') or ''} {lead.get('text') or ''}") else "military"
        out.actor1, out.inter1 = rules["state_forces_actor"][branch].format(country=country), 1
    elif lead.get("name"):
        out.actor1 = lead["name"]
        out.inter1 = rules["actor_inter"].get(lead.get("category") or "unidentified", 3)
    else:
        out.actor1 = rules["unidentified_actor"].format(country=country)
        out.inter1 = rules["actor_inter"]["unidentified"]
    out.assoc_actor_1 = _join([p.get("name") for p in perpetrators if p is not lead and p.get("name") != out.actor1])


def _actor2(out: AcledActors, targets: list[dict], country: str, rules: dict) -> None:
    entries = rules["target_actors"]
    categorised = [(t, _target_category(t)) for t in targets]
    civilians = [(t, c) for t, c in categorised if entries.get(c or "", {}).get("civilian")]
    if out.event_type == VIOLENCE_AGAINST_CIVILIANS:
        chosen = civilians or [({}, "civilians")]
    else:
        chosen = [(t, c) for t, c in categorised if c in entries] or [(t, c) for t, c in categorised]
    if not chosen:
        return
    lead, category = chosen[0]
    entry = entries.get(category or "")
    if entry:
        out.actor2, out.inter2 = entry["actor"].format(country=country), entry["inter"]
    else:
        known = _known_actor(lead.get("name"))
        if known is not None:
            out.actor2, out.inter2 = known.name, known.inter
        else:
            out.actor2 = lead.get("name") or ""
    assoc = []
    for target, cat in chosen:
        extra = entries.get(cat or "", {}).get("assoc")
        if extra:
            assoc.append(extra.format(country=country, name=target.get("name") or ""))
        elif target.get("name"):
            assoc.append(target["name"])
    out.assoc_actor_2 = _join([a for a in assoc if a != out.actor2])


def _event_type(record: dict, targets: list[dict], rules: dict) -> tuple[str, str]:
    """The event type the victims allow: no violence against civilians without civilians."""
    event_type, sub_event_type = record.get("event_type") or "", record.get("sub_event_type") or ""
    recode = rules["recode"]["armed_victims_only"]
    if event_type == recode["from"] and sub_event_type in recode["sub_event_types"]:
        categories = {_target_category(t) for t in targets} - {None}
        armed = set(rules["armed_target_categories"])
        if categories and categories <= armed:
            return tuple(recode["to"])
    return event_type, sub_event_type


def acled_actors(record: dict, country_name: str) -> AcledActors:
    rules = table("acled.json")
    country = country_name or "Unknown"
    perpetrators = record.get("perpetrators") or []
    targets = record.get("targets") or []
    out = AcledActors()
    out.event_type, out.sub_event_type = _event_type(record, targets, rules)

    crowd = rules["event_type_actor1"].get(out.event_type)
    if crowd:
        out.actor1, out.inter1 = crowd["actor"].format(country=country), crowd["inter"]
        out.assoc_actor_1 = _join([p.get("name") for p in perpetrators])
    elif perpetrators:
        _actor1(out, perpetrators, country, rules)
    elif out.event_type in ("Battles", "Explosions/Remote violence", VIOLENCE_AGAINST_CIVILIANS):
        out.actor1, out.inter1 = rules["unidentified_actor"].format(country=country), rules["actor_inter"]["unidentified"]

    _actor2(out, targets, country, rules)
    disorder = (rules["disorder_type"]["by_sub_event_type"].get(out.sub_event_type)
                or rules["disorder_type"]["by_event_type"].get(out.event_type, ""))
    political_violence = rules["civilian_targeting_disorder"] in disorder
    out.civilian_targeting = political_violence and (
        out.event_type == VIOLENCE_AGAINST_CIVILIANS or out.inter2 == rules["target_actors"]["civilians"]["inter"])
    return out
