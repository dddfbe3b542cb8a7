"""Who did it and who was hit, in a language's own words.

Group names map to the actor dictionary's ids (vigil.knowledge.actors) through the language's
alias table ``data/actors_<code>.tsv``, so "تحریک طالبان پاکستان" and "ٹی ٹی پی" are the same
Tehreek-e-Taliban Pakistan as the English "TTP". Target nouns ("پولیس اہلکار") give DESIGN's target
categories through the lexicon's ``targets``. A group is a perpetrator with the attribution the
sentence gives it ("ذمہ داری قبول": claimed; "شبہ": suspected); state forces are one side of a
fight only in a battle.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Optional

from vigil.languages.lexicon import Lexicon
from vigil.model import Perpetrator, Target


@dataclass
class SentenceActors:
    perpetrators: list[Perpetrator] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # folded spans of group names


@functools.lru_cache(maxsize=None)
def group_aliases(lex: Lexicon) -> dict[str, str]:
    """Folded alias -> actor id, for the ids the actor dictionary knows."""
    table = resources.files("vigil.languages").joinpath(f"data/actors_{lex.code}.tsv")
    if not table.is_file():
        return {}
    from vigil.knowledge.actors import load_actors

    known = load_actors().actors
    aliases = {}
    with table.open(encoding="utf-8") as handle:
        for row in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"):
            if row.get("actor_id") in known:
                aliases[lex.key(row["alias"])] = row["actor_id"]
    return aliases


@functools.lru_cache(maxsize=None)
def _target_nouns(lex: Lexicon) -> dict[str, str]:
    table = {}
    for category, nouns in (lex.get("targets", default={}) or {}).items():
        for noun in nouns:
            table.setdefault(lex.key(noun), category)
    return table


TARGET_REACH_WORDS = 5  # how near a fate word or a trigger a noun must stand to be what was hit


def _near(folded: str, start: int, end: int, anchors: list[tuple[int, int]]) -> bool:
    for a_start, a_end in anchors:
        between = folded[end:a_start] if end <= a_start else folded[a_end:start] if a_end <= start else ""
        if len(between.split()) <= TARGET_REACH_WORDS and not re.search(r"[،,;؛]", between):
            return True
    return False


def find_actors(lex: Lexicon, folded: str, original: str, origin, masked=(),
                anchors: list[tuple[int, int]] = ()) -> SentenceActors:
    """Groups named in a folded sentence, and the targets: kinds of people or places named next
    to a fate word or a trigger (``anchors``), not as the source of a statement ("پولیس کے
    مطابق": according to the police) or as the doer (lexicon ``not_target_after``)."""
    found = SentenceActors()
    from vigil.knowledge.actors import load_actors

    actors = load_actors()
    aliases = group_aliases(lex)
    attribution = lex.get("attribution", default={}) or {}
    claimed = (lex.regex("claimed", attribution.get("claimed")).search(folded)
               and not lex.regex("claim_negated", attribution.get("claim_negated")).search(folded))
    suspected = lex.regex("suspected", attribution.get("suspected")).search(folded)
    seen = set()
    for m in lex.words("groups", aliases).finditer(folded):
        actor = actors.get(aliases[lex.key(m.group(0))])
        found.spans.append((m.start(), m.end()))
        if actor.id in seen:
            continue
        seen.add(actor.id)
        text = original[origin[m.start()]:origin[m.end() - 1] + 1]
        if actor.category == "state forces":
            found.targets.append(Target(name=actor.name, text=text, category=actor.target_category))
            continue
        found.perpetrators.append(Perpetrator(name=actor.name, text=text, category=actor.category,
                                              attribution="claimed" if claimed else ("suspected" if suspected else "stated")))
    nouns = _target_nouns(lex)
    categories = set()
    not_target = lex.regex("not_target_after", lex.get("not_target_after"), bounded=False)
    for m in lex.words("targets", nouns).finditer(folded):
        if any(m.start() < e and s < m.end() for s, e in [*masked, *found.spans]):
            continue
        if not _near(folded, m.start(), m.end(), list(anchors)) or not_target.match(folded, m.end()):
            continue
        category = nouns[lex.key(m.group(0))]
        if category in categories:
            continue
        categories.add(category)
        found.targets.append(Target(name=None, text=original[origin[m.start()]:origin[m.end() - 1] + 1], category=category))
    return found
