"""Claims of responsibility and attributions read from the words around a group's name.

News says who did an attack in a handful of set phrases: "X claimed responsibility", "the attack
was claimed by X", "X, which claimed the attack, ...", "a spokesman for X said", "police blamed X",
"suspected X militants", "X-linked", "it bore the hallmarks of X", "believed to be the work of X".
The parse-based reading in ``actors.py`` finds most of them inside an incident's sentence, but
headlines ("IS claims responsibility") and long sentences are often parsed wrongly, and the claim
is often a sentence of its own, paragraphs after the attack. This module reads those phrases from
the surface (the phrases are in ``data/attribution_phrases.json``) and attaches a claim told in a
sentence of its own to the incident the report was telling just before it.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Optional

from vigil.extract.actors import ActorFindings, named_actors
from vigil.extract.spans import doc_text
from vigil.model import Perpetrator

# Kinds of dictionary actor that never claim or carry out an attack.
_NOT_DOERS = {"monitor", "welfare organisation", "community", "court", "government"}
_REACH_BEFORE = 90  # characters of the sentence read before a name
_REACH_AFTER = 160  # ... and after it


@dataclass(frozen=True)
class _Phrase:
    pattern: re.Pattern
    attribution: str
    needs: tuple[str, ...] = ()
    needs_event: bool = False


@dataclass(frozen=True)
class _Phrases:
    after: tuple[_Phrase, ...]
    before: tuple[_Phrase, ...]
    negation: re.Pattern
    generic_object: re.Pattern
    hedges: re.Pattern
    generic_reference: re.Pattern


@functools.lru_cache(maxsize=1)
def phrases() -> _Phrases:
    path = resources.files("vigil.extract").joinpath("data/attribution_phrases.json")
    data = json.loads(path.read_text("utf-8"))

    def read(entries):
        return tuple(_Phrase(re.compile(e["pattern"], re.IGNORECASE), e["attribution"],
                             tuple(w.lower() for w in e.get("needs", ())), bool(e.get("needs_event")))
                     for e in entries)

    return _Phrases(read(data["after"]), read(data["before"]), re.compile(data["negation"], re.IGNORECASE),
                    re.compile(data["generic_object"], re.IGNORECASE), re.compile(data["hedges"], re.IGNORECASE),
                    re.compile(data["generic_reference"], re.IGNORECASE))


def _applies(phrase: _Phrase, sentence_lower: str, in_incident: bool) -> bool:
    if phrase.needs_event and not in_incident:
        return False
    return not phrase.needs or any(w in sentence_lower for w in phrase.needs)


def _attribution_at(text: str, start: int, end: int, sent_start: int, sent_end: int,
                    in_incident: bool) -> Optional[str]:
    """The attribution the words around text[start:end] (a group's name) give it, or None."""
    table = phrases()
    before = text[max(sent_start, start - _REACH_BEFORE):start]
    after = text[end:min(sent_end, end + _REACH_AFTER)]
    lower = text[sent_start:sent_end].lower()
    # "no group", "not the TTP": a name negated right before it is not blamed
    if re.search(r"\b(?:no|not|nor)\s+(?:the\s+)?$", before, re.IGNORECASE):
        return None
    if table.generic_reference.search(text, end, sent_end):
        return None  # "behind several recent shootings": many incidents, none in particular
    for phrase in table.after:
        m = phrase.pattern.match(after)
        if m and _applies(phrase, lower, in_incident) and not table.negation.search(m.group(0)) \
                and not table.generic_object.match(after[m.end():]):
            if phrase.attribution == "stated" and table.hedges.search(before):
                return "suspected"  # "police suspect X were behind it"
            return phrase.attribution
    for phrase in table.before:
        m = phrase.pattern.search(before)
        if m and _applies(phrase, lower, in_incident) and not table.negation.search(m.group(0)):
            return phrase.attribution
    return None


def find_attributions(sentence, *, in_incident: bool, country: Optional[str] = "PK") -> list[Perpetrator]:
    """Groups a sentence (a spaCy Span) says did, claimed or are blamed for an incident.

    ``in_incident``: the sentence tells an incident itself; "militants of X" then names its doers.
    A group that claims must be an armed group, not a state force; a name the dictionary does not
    know counts only where it claims responsibility or credit in so many words.
    """
    text = doc_text(sentence.doc)  # not sentence.doc.text: spaCy rebuilds it from every token
    found: list[Perpetrator] = []
    for ent, actor in named_actors(sentence, country):
        if actor is not None and (actor.kind in _NOT_DOERS or actor.label != "ORG"):
            continue
        attribution = _attribution_at(text, ent.start_char, ent.end_char, sentence.start_char,
                                      sentence.end_char, in_incident)
        if attribution is None:
            continue
        if actor is None:
            after = text[ent.end_char:sentence.end_char]
            if attribution != "claimed" or not re.match(r"^[\s,]*(?:which\s+|who\s+)?(?:has\s+|have\s+)?\w+\s+(?:full\s+)?"
                                                        r"(?:responsibility|credit)\b", after, re.IGNORECASE):
                continue
            name = re.sub(r"^(?:the|a|an)\s+", "", ent.text, flags=re.IGNORECASE)
            found.append(Perpetrator(name, name, "unidentified", attribution))
            continue
        if attribution == "claimed" and actor.category == "state forces":
            continue
        if attribution == "stated" and actor.kind == "political party":
            continue  # "gunmen of the party" is a charge the parse must read, not a set phrase
        found.append(Perpetrator(actor.name, ent.text, actor.category, attribution))
    return found


def merge_perpetrators(into: list[Perpetrator], more: list[Perpetrator]) -> list[Perpetrator]:
    """``into`` with ``more`` added: one record per actor."""
    out = list(into)
    for record in more:
        key = (record.name or record.text or "").lower()
        for i, old in enumerate(out):
            if (old.name or old.text or "").lower() == key:
                # a claim outranks what the parse read; otherwise the parse, which saw the whole
                # sentence ("police suspect X were behind it"), stands
                if record.attribution == "claimed" and old.attribution != "claimed":
                    out[i] = Perpetrator(old.name, old.text, old.category, record.attribution)
                break
        else:
            out.append(record)
    return out


def attach_report_attributions(groups: list, sentences: list, country: Optional[str] = "PK") -> None:
    """Claims told in sentences outside every incident ("The Islamic State claimed responsibility
    in a statement.") go to the incident the report was telling just before (the first one when
    the claim comes first, as in a headline). ``groups``: lists of mentions (with ``index`` and
    ``actors``), as ``group_mentions`` returns them; changed in place."""
    if not groups:
        return
    owner_of = {m.index: g for g in groups for m in g}
    for index, sentence in enumerate(sentences):
        if index in owner_of:
            continue
        found = find_attributions(sentence, in_incident=False, country=country)
        found = [p for p in found if p.attribution in ("claimed", "suspected", "alleged")]
        if not found:
            continue
        earlier = [i for i in owner_of if i < index]
        group = owner_of[max(earlier)] if earlier else groups[0]
        lead = group[0]
        if lead.actors is None:
            lead.actors = ActorFindings()
        lead.actors.perpetrators = merge_perpetrators(lead.actors.perpetrators, found)


# Words that make unnamed state forces the police rather than the military.
_POLICE_WORDS = re.compile(r"\b(?:police|policem[ae]n|constables?|cops?|law enforcers?|gendarmes?)\b", re.IGNORECASE)


def name_state_forces(perpetrators: list[Perpetrator], country: Optional[str]) -> list[Perpetrator]:
    """Unnamed state forces named by the incident's country, as ACLED names them: "security
    forces" in a report from Sudan are the Military Forces of Sudan, "police" there its Police
    Forces. A name the dictionary knows is kept; without a country nothing changes."""
    from vigil.knowledge.actors import load_actors

    actors = load_actors()
    out = []
    for record in perpetrators:
        if record.category == "state forces" and country and actors.match(record.name or "", country=None) is None:
            branch = "police" if _POLICE_WORDS.search(record.text or record.name or "") else "military"
            force = actors.state_force(country, branch)
            if force is not None:
                record = Perpetrator(force.name, record.text, record.category, record.attribution)
        out.append(record)
    return out
