"""An incident's ACLED type from a language's trigger words and cue words.

The same two stages as the English reader (vigil.extract.event_types, docs/event_types.md): the
strongest trigger of the incident's lead proposes a type (an explosion may be made more precise
by a later sentence), then cues decide: a suicide bomb needs an explosion, an exchange of fire
makes an attack a battle, abductees killed make an attack, killings in a protest are a violent
demonstration, a raid with arrests and no firing is an arrest.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Optional

from vigil.languages.lexicon import Lexicon

EXPLOSIONS = "Explosions/Remote violence"
CIVILIANS = "Violence against civilians"
BATTLES = "Battles"
JUDICIAL = "Strategic developments"


@dataclass(frozen=True)
class Trigger:
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


@functools.lru_cache(maxsize=None)
def triggers(lex: Lexicon) -> tuple[Trigger, ...]:
    return tuple(Trigger(t["event_type"], t["sub_event_type"], t.get("attack_type"), tuple(t.get("weapons", [])),
                         int(t.get("priority", 0))) for t in lex.get("triggers", default=[]))


def find_triggers(lex: Lexicon, folded: str, masked=()) -> list[TriggerHit]:
    hits = []
    for i, (entry, trigger) in enumerate(zip(lex.get("triggers", default=[]), triggers(lex))):
        for m in lex.regex(f"trigger{i}", entry["pattern"]).finditer(folded):
            if not any(m.start() < e and s < m.end() for s, e in masked):
                hits.append(TriggerHit(trigger, m.start(), m.end()))
    return hits


def _has(lex: Lexicon, name: str, text: str) -> bool:
    return bool(lex.regex(f"cue:{name}", lex.get("type_cues", name)).search(text))


def decide_type(lex: Lexicon, triggered: list[tuple[str, TriggerHit]], sentences: list[str]) -> Trigger:
    """The incident's type from its triggered sentences (folded sentence, its strongest hit; in
    order) and all its folded sentences."""
    lead_text, lead = max(triggered[:2], key=lambda t: t[1].trigger.priority)
    kind = lead.trigger
    if kind.event_type == EXPLOSIONS:
        kind = max((h.trigger for _, h in triggered if h.trigger.event_type == EXPLOSIONS), key=lambda t: t.priority)
    text = "\n".join(sentences)
    if kind.event_type in (CIVILIANS, BATTLES) and kind.sub_event_type != "Abduction/forced disappearance" \
            and _has(lex, "protest", lead_text):
        if _has(lex, "forces_fired", lead_text):
            return Trigger("Protests", "Excessive force against protesters", None, kind.weapons, kind.priority)
        return Trigger("Riots", "Violent demonstration", None, kind.weapons, kind.priority)
    if kind.sub_event_type == "Suicide bomb" and not _has(lex, "explosion", text) and _has(lex, "gun_assault", text):
        kind = Trigger(CIVILIANS, "Attack", "Armed Assault", kind.weapons, kind.priority)
    if kind.sub_event_type == "Abduction/forced disappearance" and any(
            _has(lex, "victims_killed", s) for s, h in triggered if h.trigger.sub_event_type == kind.sub_event_type):
        kind = Trigger(CIVILIANS, "Attack", "Armed Assault", kind.weapons, kind.priority)
    if (kind.event_type, kind.sub_event_type) == (CIVILIANS, "Attack") and _has(lex, "exchange_of_fire", text):
        kind = Trigger(BATTLES, "Armed clash", "Armed Assault", kind.weapons, kind.priority)
    if kind.event_type == BATTLES and _has(lex, "arrest", text) and not _has(lex, "gunfire", text):
        kind = Trigger(JUDICIAL, "Arrests", None, (), kind.priority)
    return kind
