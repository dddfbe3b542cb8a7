"""The actor dictionary: armed groups, state forces and institutions with their aliases, ACLED
actor codes and the target category their members fall under; and common nouns ("constable",
"trader") mapped to target categories.

"Taliban" alone means Tehreek-e-Taliban Pakistan in a Pakistan report (DESIGN.md) unless the
text says "Afghan Taliban"; such names are ``context_aliases`` and only match in that context.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Optional

from vigil.knowledge.errors import KnowledgeError

ACLED_INTER_CODES = {
    1: "State Forces", 2: "Rebel Groups", 3: "Political Militias", 4: "Identity Militias",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other Forces",
}


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    aliases: tuple[str, ...]
    label: str  # spaCy label the entity ruler gives it: ORG | NORP
    kind: str
    category: str  # perpetrator category of DESIGN.md
    inter: int  # ACLED actor type code
    target_category: str  # what its members count as when attacked
    parent: Optional[str] = None
    country: Optional[str] = None
    context_aliases: tuple[str, ...] = field(default_factory=tuple)

    @property
    def acled_actor_type(self) -> str:
        return ACLED_INTER_CODES[self.inter]


@dataclass(frozen=True)
class ActorMention:
    actor: Actor
    text: str
    start: int
    end: int


def is_acronym(alias: str) -> bool:
    """Short all-capital names ("TTP", "FC", "PAC") are matched case-sensitively."""
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return len(letters) <= 5 and letters.isupper()


def _pattern(aliases: list[str], flags: int) -> Optional[re.Pattern]:
    if not aliases:
        return None
    body = "|".join(re.escape(a) for a in sorted(set(aliases), key=lambda a: (-len(a), a)))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


class ActorDictionary:
    def __init__(self, actors: list[Actor], target_nouns: dict[str, list[str]],
                 country_forces: Optional[dict[str, dict[str, str]]] = None):
        self.actors = {a.id: a for a in actors}
        # country name (lower case) -> {"military": actor id, "police": actor id}
        self._country_forces = country_forces or {}
        self._alias_to_id: dict[str, str] = {}
        self._context_to_id: dict[str, str] = {}
        plain, acronyms, context = [], [], []
        for actor in actors:
            for alias in (actor.name, *actor.aliases):
                key = alias if is_acronym(alias) else alias.lower()
                self._alias_to_id.setdefault(key, actor.id)
                (acronyms if is_acronym(alias) else plain).append(alias)
            for alias in actor.context_aliases:
                self._context_to_id.setdefault(alias.lower(), actor.id)
                context.append(alias)
        self._plain = _pattern(plain, re.IGNORECASE)
        self._acronyms = _pattern(acronyms, 0)
        self._context = _pattern(context, re.IGNORECASE)
        self._nouns: dict[str, str] = {}
        for category, nouns in target_nouns.items():
            if category.startswith("_"):
                continue
            for noun in nouns:
                self._nouns.setdefault(noun.lower(), category)

    def get(self, actor_id: str) -> Actor:
        try:
            return self.actors[actor_id]
        except KeyError:
            raise KnowledgeError(f"actor dictionary: no actor with id {actor_id!r}") from None

    def find_all(self, text: str, *, country: Optional[str] = "PK") -> list[ActorMention]:
        """Every actor named in ``text``, longest names first where they overlap."""
        found: list[ActorMention] = []
        for pattern, table, fold in ((self._plain, self._alias_to_id, True),
                                     (self._acronyms, self._alias_to_id, False),
                                     (self._context if country == "PK" else None, self._context_to_id, True)):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                key = m.group(0).lower() if fold else m.group(0)
                if key in table:
                    found.append(ActorMention(self.actors[table[key]], m.group(0), m.start(), m.end()))
        found.sort(key=lambda f: (f.start, -(f.end - f.start)))
        kept: list[ActorMention] = []
        for mention in found:
            if kept and mention.start < kept[-1].end:
                if (mention.end - mention.start) > (kept[-1].end - kept[-1].start):
                    kept[-1] = mention
                continue
            kept.append(mention)
        return kept

    def match(self, text: str, *, country: Optional[str] = "PK") -> Optional[Actor]:
        """The actor ``text`` names (its longest actor name), or None."""
        mentions = self.find_all(text or "", country=country)
        if not mentions:
            return None
        return max(mentions, key=lambda m: (m.end - m.start, -m.start)).actor

    def state_force(self, country: Optional[str], branch: str) -> Optional[Actor]:
        """A country's "military" or "police" forces ("Sudan" -> Military Forces of Sudan)."""
        ids = self._country_forces.get((country or "").lower(), {})
        return self.actors.get(ids.get(branch, ""))

    def category_for_noun(self, noun: str) -> Optional[str]:
        """The target category of a person noun: "constable" -> "police", "trader" -> "business".

        Tries the whole phrase, then shorter endings ("senior police officer" -> "police officer"),
        each also without a plural "s".
        """
        words = re.sub(r"\s+", " ", (noun or "").strip()).split(" ")
        for i in range(len(words)):
            phrase = " ".join(words[i:])
            for candidate in (phrase, phrase.lower()):
                for form in (candidate, candidate[:-1] if candidate.endswith("s") else None):
                    if form and form.lower() in self._nouns and (form.lower() != "sp" or form == "SP"):
                        return self._nouns[form.lower()]
        return None


def _read_json(name: str):
    path = resources.files("vigil.knowledge").joinpath(f"data/{name}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KnowledgeError(f"{path}: actor data file not found") from None
    except json.JSONDecodeError as exc:
        raise KnowledgeError(f"{path}: not valid JSON ({exc})") from None


# The names a country's forces go by, from its demonym ("Sudanese") and its name ("Sudan").
_MILITARY_FORMS = ("{d} army", "{d} military", "{d} armed forces", "{d} military forces", "{d} troops",
                   "{d} soldiers", "{d} security forces", "{d} forces", "{d} government forces", "{d} air force",
                   "{d} navy", "{d} warplanes", "{d} jets", "{d} fighter jets", "{d} drone", "{d} drones",
                   "{d} air strike", "{d} air strikes", "{d} airstrike", "{d} airstrikes", "{d} shelling",
                   "{d} artillery", "{d} rocket", "{d} rockets", "{d} missile", "{d} missiles",
                   "{d} helicopter gunships", "{d} tanks", "{d} junta", "{d} regime", "{d} junta forces",
                   "{d} regime forces")
_MILITARY_COUNTRY_FORMS = ("{c} army", "{c}'s army", "{c}'s military", "{c} armed forces", "{c} military",
                           "{c} security forces", "{c} air force", "{c} navy", "Armed Forces of {c}",
                           "Military Forces of {c}", "{c} junta", "{c} regime", "{c}'s junta", "{c}'s military junta")
_POLICE_FORMS = ("{d} police", "{d} police force", "{d} national police", "{d} policemen", "{d} police officers")
_POLICE_COUNTRY_FORMS = ("{c} police", "{c}'s police", "{c} Police Force", "{c} National Police",
                         "National Police of {c}", "Police Forces of {c}")


def _state_force_records(data: dict, known: dict[str, dict]) -> list[dict]:
    """Two actors per country of ``state_forces.json``, ACLED-style: "Military Forces of Sudan"
    and "Police Forces of Sudan", named also from the demonym ("Sudanese army", "Sudanese police").
    A country whose military the curated dictionary already has ("Pakistan Army") gives that
    actor the generated names instead of a second actor."""
    records = []
    for entry in data["countries"]:
        iso, country, demonyms = entry["iso2"], entry["country"], entry["demonyms"]
        for branch, forms, country_forms, target in (
                ("military", _MILITARY_FORMS, _MILITARY_COUNTRY_FORMS, "military"),
                ("police", _POLICE_FORMS, _POLICE_COUNTRY_FORMS, "police")):
            names = [f.format(d=d) for d in demonyms for f in forms]
            names += [f.format(c=c) for c in (country, *entry.get("short", ())) for f in country_forms]
            names += entry.get(branch, [])
            curated = known.get(entry.get(f"{branch}_id") or "")
            if curated is not None:
                curated["aliases"] = [*curated.get("aliases", ()), *names]
                continue
            title = "Military Forces" if branch == "military" else "Police Forces"
            records.append({"id": f"{branch}-forces-{iso.lower()}", "name": f"{title} of {country}",
                            "aliases": names, "label": "ORG", "kind": "state force", "category": "state forces",
                            "inter": 1, "target_category": target, "country": iso})
    return records


@functools.lru_cache(maxsize=1)
def load_actors() -> ActorDictionary:
    data = _read_json("actors.json")
    records = [dict(r) for r in data["actors"]]
    forces = _read_json("state_forces.json")
    records += _state_force_records(forces, {r["id"]: r for r in records})
    country_forces = {
        name.lower(): {branch: entry.get(f"{branch}_id") or f"{branch}-forces-{entry['iso2'].lower()}"
                       for branch in ("military", "police")}
        for entry in forces["countries"] for name in (entry["country"], *entry.get("short", ()))}
    actors = []
    for record in records:
        try:
            actors.append(Actor(
                id=record["id"], name=record["name"], aliases=tuple(record.get("aliases", ())),
                label=record.get("label", "ORG"), kind=record["kind"], category=record["category"],
                inter=int(record["inter"]), target_category=record["target_category"],
                parent=record.get("parent"), country=record.get("country"),
                context_aliases=tuple(record.get("context_aliases", ())),
            ))
        except KeyError as exc:
            raise KnowledgeError(f"actors.json: actor {record.get('id')!r} lacks field {exc}") from None
    return ActorDictionary(actors, _read_json("target_nouns.json"), country_forces)
