"""An incident's ACLED type: the trigger words propose one, cues in the incident's sentences decide.

Trigger words name what a sentence tells ("suicide attack", "opened fire", "arrested"); ACLED's
definitions turn on more than the word: a suicide bomb needs an explosion, a firefight
between armed sides is a battle, abductees who are killed make an attack, an arrest made "in a
raid" is an arrest. The rules apply in order, each to the type the previous one left; they are
tabled in docs/event_types.md and their cue words live in vigil/knowledge/data/type_rules.json.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Callable, Optional

from vigil.extract.triggers import Trigger, TriggerHit, find_triggers

EXPLOSIONS = "Explosions/Remote violence"
CIVILIANS = "Violence against civilians"
BATTLES = "Battles"
JUDICIAL = "Strategic developments"


@dataclass(frozen=True)
class EventType:
    event_type: str
    sub_event_type: str
    attack_type: Optional[str]

    @classmethod
    def of(cls, trigger: Trigger) -> "EventType":
        return cls(trigger.event_type, trigger.sub_event_type, trigger.attack_type)


ARMED_CLASH = EventType(BATTLES, "Armed clash", "Armed Assault")
ATTACK = EventType(CIVILIANS, "Attack", "Armed Assault")
ARRESTS = EventType(JUDICIAL, "Arrests", None)
VIOLENT_DEMONSTRATION = EventType("Riots", "Violent demonstration", None)
EXCESSIVE_FORCE = EventType("Protests", "Excessive force against protesters", None)


@dataclass(frozen=True)
class Told:
    """The incident as the rules see it: its triggered sentences with their trigger, in the
    report's order, and all its sentences."""

    triggered: list[tuple[str, Trigger]]
    sentences: list[str]

    @property
    def lead(self) -> tuple[str, Trigger]:
        # What the report leads with (headline, first sentence) is the kind of incident.
        return max(self.triggered[:2], key=lambda t: t[1].priority)

    @property
    def text(self) -> str:
        return "\n".join(self.sentences)


@functools.lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern]:
    path = resources.files("vigil.knowledge").joinpath("data/type_rules.json")
    table = json.loads(path.read_text("utf-8"))["cues"]
    return {name: re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE) for name, pattern in table.items()}


def crime_cue() -> re.Pattern:
    """The words that lead from a judicial step to the crime it is for ("for", "over", "in
    connection with", "accused of", "in the ... case")."""
    return _cues()["crime_clause"]


def _has(name: str, text: str) -> bool:
    return bool(_cues()[name].search(text))


def proposed_type(told: Told) -> EventType:
    """The trigger words' proposal. Later sentences make an explosion more precise ("police call
    it a suicide attack"); for other kinds a later word of another sub-type tells something
    else (a statistic of kidnappings beside a shooting), so the lead's sub-type stands."""
    _, lead = told.lead
    same = [t for _, t in told.triggered if t.event_type == lead.event_type
            and (lead.event_type == EXPLOSIONS or t.sub_event_type == lead.sub_event_type)]
    return EventType.of(max(same, key=lambda t: t.priority))


# --------------------------------------------------------------------------- the rules


def judicial_step(current: EventType, told: Told) -> EventType:
    """A sentence whose act is judicial and whose violence is the case it concerns ("sentenced
    ... for starting the fire at a factory", "arrested in connection with the killing") is that step.
    A verdict that convicts some and acquits others is a conviction."""
    if current.sub_event_type == "Acquittal" and any(
            h.trigger.sub_event_type == "Conviction" for h in find_triggers(told.lead[0])):
        return EventType(JUDICIAL, "Conviction", None)
    if current.event_type == JUDICIAL:
        return current
    act = judicial_act(told.lead[0])
    return current if act is None else EventType.of(act.trigger)


def judicial_act(sentence: str) -> Optional[TriggerHit]:
    """The judicial trigger of a sentence whose act is judicial and whose violence is only what
    the step is for ("arrested two men in connection with the killing", "sentenced ... for
    starting the fire at a factory"): a conviction when the verdict also acquits; else None."""
    hits = find_triggers(sentence)
    judicial = [h for h in hits if h.trigger.event_type == JUDICIAL]
    violent = [h for h in hits if h.trigger.event_type != JUDICIAL]
    if not judicial or not violent:
        return None
    first_judicial = min(h.start for h in judicial)
    if not all(h.start > first_judicial and _cues()["crime_clause"].search(sentence, first_judicial, h.start)
               for h in violent):
        return None
    convictions = [h for h in judicial if h.trigger.sub_event_type == "Conviction"]
    return min(convictions or judicial, key=lambda h: (-h.trigger.priority, h.start))


def protest_violence(current: EventType, told: Told) -> EventType:
    """Killings told as part of a protest are ACLED demonstration events: security forces
    firing on protesters is excessive force against them; otherwise (clashes, protesters
    attacking) a violent demonstration."""
    if current.event_type not in (CIVILIANS, BATTLES) or current.sub_event_type == "Abduction/forced disappearance":
        return current
    sentence, _ = told.lead
    if not _has("protest", sentence):
        return current
    return EXCESSIVE_FORCE if _has("forces_fired", sentence) else VIOLENT_DEMONSTRATION


def suicide_needs_an_explosion(current: EventType, told: Told) -> EventType:
    """"Suicide attackers" who storm and shoot, with no blast told, make an assault, not a
    suicide bomb (a plain "suicide attack" is the bombing news means by it)."""
    if current.sub_event_type != "Suicide bomb" or _has("explosion", told.text) or not _has("gun_assault", told.text):
        return current
    return ATTACK


def abductees_killed(current: EventType, told: Told) -> EventType:
    """People seized and then killed: ACLED codes the killing (an attack)."""
    if current.sub_event_type != "Abduction/forced disappearance":
        return current
    abduction = [s for s, t in told.triggered if t.sub_event_type == current.sub_event_type]
    return ATTACK if any(_has("victims_killed", s) for s in abduction) else current


def both_sides_fire(current: EventType, told: Told) -> EventType:
    """An exchange of fire, or an ambush of a convoy, patrol or troops, is a battle between armed
    sides; gunmen lying in wait for one constable make an attack."""
    if (current.event_type, current.sub_event_type) != (CIVILIANS, "Attack"):
        return current
    if _has("exchange_of_fire", told.text):
        return ARMED_CLASH
    if any(_has("ambush", s) and _has("security_units", s) for s in told.sentences):
        return ARMED_CLASH
    return current


def raid_without_fighting(current: EventType, told: Told) -> EventType:
    """A raid or a storming in which people are arrested and nobody fires is an arrest."""
    if current.event_type != BATTLES or not _has("arrest", told.text):
        return current
    if _has("exchange_of_fire", told.text) or _has("gunfire", told.text):
        return current
    return ARRESTS


RULES: tuple[Callable[[EventType, Told], EventType], ...] = (
    judicial_step, protest_violence, suicide_needs_an_explosion, abductees_killed, both_sides_fire,
    raid_without_fighting,
)


def decide_type(triggered: list[tuple[str, Trigger]], sentences: list[str]) -> EventType:
    """The incident's type from its triggered sentences (sentence, trigger; in order) and all
    its sentences."""
    told = Told(triggered, sentences)
    current = proposed_type(told)
    for rule in RULES:
        current = rule(current, told)
    return current
