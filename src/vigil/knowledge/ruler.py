"""An entity ruler built from the gazetteer and the actor dictionary, placed before ``ner``.

Labels (one rule, by gazetteer level, so the same kind of place always gets the same label):
  GPE  countries, provinces, districts, cities          ("Pakistan", "Sindh", "Karachi")
  LOC  towns, tehsils, neighbourhoods, colonies, goths   ("Orangi", "Mominabad", "Sohrab Goth")
  FAC  points and roads: police stations, airports, jails, bases, landmarks, roads
       ("Pirabad police station", "Jinnah International Airport", "Shahrah-e-Faisal")
  ORG / NORP  actors, as the actor dictionary says      ("Pakistani Taliban", "Sindh Rangers")

``ent.ent_id_`` carries the knowledge-base id: a gazetteer id for places (the top-ranked
candidate; resolve with ``vigil.knowledge.geoparse.resolve_place`` for a context-aware choice),
``actor:<id>`` for actors.  Matching is on lower-cased text (``phrase_matcher_attr="LOWER"``).
Names in ``data/ruler_stoplist.json`` and names of three letters or fewer are not labelled.
Only Latin-script names are used: the pipeline reads English.

Outside Pakistan the ruler knows only countries: the statistical NER finds the world's towns
and divisions, and the gazetteer resolves what it finds. Towns called "Police" or "Bar" would
otherwise turn common words into places, and tens of thousands of patterns would slow every
start-up (labelling the world's large towns and divisions too gained nothing on the development
corpus). The geoparser reads where a report is from the same names plus the main names of
first-level divisions and of towns of at least WORLD_MIN_POPULATION people (``scene_names``);
a division named only with generic words ("Central", "North East", "Western") is left out.
"""
from __future__ import annotations

import functools
import json
import re
from importlib import resources

from spacy.language import Language

from vigil.knowledge.actors import is_acronym, load_actors
from vigil.knowledge.gazetteer import WORLD_CITY_SOURCE, Gazetteer, load_gazetteer, normalise_name

RULER_NAME = "vigil_knowledge_ruler"
LABEL_BY_LEVEL = {"country": "GPE", "province": "GPE", "district": "GPE", "city": "GPE",
                  "town": "LOC", "neighbourhood": "LOC", "point": "FAC"}
HOME_CITY_ID = "khi:karachi"  # Vigil's first region
HOME_COUNTRY_ID = "PK"
MIN_POPULATION = 5_000
MIN_ALTERNATES_POPULATION = 100_000
WORLD_MIN_POPULATION = 100_000
_LATIN = re.compile(r"^[A-Za-zÀ-ɏ0-9' \-’.&]+$")


@functools.lru_cache(maxsize=1)
def _stoplist_data() -> dict:
    path = resources.files("vigil.knowledge").joinpath("data/ruler_stoplist.json")
    return json.loads(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _stoplist() -> tuple[frozenset[str], frozenset[str]]:
    data = _stoplist_data()
    return (frozenset(normalise_name(s) for s in data["stop"]),
            frozenset(data.get("keep_short", ())))


@functools.lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    return frozenset(normalise_name(s) for s in _stoplist_data().get("generic_words", ()))


def only_generic_words(name: str) -> bool:
    return all(word in _generic_words() for word in normalise_name(name).split())


def label_for(place) -> str:
    if place.feature_type == "road":
        return "FAC"
    return LABEL_BY_LEVEL.get(place.level, "LOC")


def usable_name(name: str) -> bool:
    stop, keep_short = _stoplist()
    if not _LATIN.match(name) or normalise_name(name) in stop:
        return False
    return len(name.replace(".", "").strip()) > 3 or name in keep_short


def place_patterns(gazetteer: Gazetteer) -> list[dict]:
    """One pattern per distinct lower-cased name, labelled and id'd by its top-ranked place.

    GeoNames villages (population under MIN_POPULATION) are left to the geoparser, and only
    large GeoNames places contribute their alternate names: small places' alternates are
    mostly people's names and stray transliterations. Outside Pakistan the thresholds are
    higher (module docstring).
    """
    patterns: dict[str, dict] = {}
    for place in gazetteer.places(towns=False):  # the world's towns are left to the NER
        names = ruler_names(place)
        for name in names:
            if not usable_name(name):
                continue
            key = name.lower()
            if key in patterns:
                continue
            best = _preferred(gazetteer, gazetteer.lookup(name, fuzzy=False))
            patterns[key] = {"label": label_for(best), "pattern": name, "id": best.id}
    return [patterns[k] for k in sorted(patterns)]


def ruler_names(place) -> tuple[str, ...]:
    """The names of ``place`` the ruler labels (none for places left to the NER: the world's
    towns and first-level divisions)."""
    if WORLD_CITY_SOURCE in place.sources or _division_abroad(place):
        return ()
    return scene_names(place)


def _division_abroad(place) -> bool:
    return place.level == "province" and bool(place.parent_id) and place.parent_id != HOME_COUNTRY_ID


def scene_names(place) -> tuple[str, ...]:
    """The names of ``place`` that tell where a report is (vigil.knowledge.geoparse): its
    ruler names, and outside Pakistan the main names of first-level divisions and of towns of
    WORLD_MIN_POPULATION people."""
    population = place.population or 0
    if WORLD_CITY_SOURCE in place.sources:  # a town outside Pakistan
        return (place.name,) if population >= WORLD_MIN_POPULATION else ()
    if _division_abroad(place):
        return () if only_generic_words(place.name) else (place.name,)
    if place.id.startswith("gn:"):
        if population < MIN_POPULATION:
            return ()
        return place.names if population >= MIN_ALTERNATES_POPULATION else (place.name,)
    return place.names


def _preferred(gazetteer: Gazetteer, candidates: list):
    """The id a bare name gets: its entry in Vigil's home city when it has one, else in its home
    country (the geoparser still decides by each report's context), else the gazetteer's
    top-ranked entry."""
    home = ([p for p in candidates if gazetteer.is_within(p.id, HOME_CITY_ID)]
            or [p for p in candidates if gazetteer.is_within(p.id, HOME_COUNTRY_ID)])
    return home[0] if home else candidates[0]


def actor_patterns() -> list[dict]:
    """One pattern per actor name. Acronyms ("TTP", "IS", "ADF") match only as written, in
    capitals: lower-cased they are words ("is", "tip"); other names match in any case."""
    patterns: dict[str, dict] = {}
    for actor in load_actors().actors.values():
        for name in (actor.name, *actor.aliases, *actor.context_aliases):
            # spans leave out a leading article: "the Karachi police" -> "Karachi police"
            name = name[4:] if name.lower().startswith("the ") else name
            acronym = is_acronym(name)
            key = name if acronym else name.lower()
            if len(name) < 2 or (len(name) == 2 and not acronym) or key in patterns:
                continue
            patterns[key] = {"label": actor.label, "pattern": name, "id": f"actor:{actor.id}", "exact": acronym}
    return [patterns[k] for k in sorted(patterns)]


def _ruler_pattern(nlp: Language, pattern: dict) -> dict:
    """An entity-ruler pattern: a phrase (matched lower-cased) or, for an exact name, the
    tokens as written."""
    out = {k: v for k, v in pattern.items() if k != "exact"}
    if pattern.get("exact"):
        out["pattern"] = [{"TEXT": t.text} for t in nlp.tokenizer(pattern["pattern"])]
    return out


@functools.lru_cache(maxsize=1)
def knowledge_patterns() -> tuple[dict, ...]:
    """Actor patterns first, so an actor name that is also a place name ("Mohmand") as part
    of a longer actor name still wins by length, and equal spans go to the actor."""
    return tuple(actor_patterns() + place_patterns(load_gazetteer()))


def add_knowledge_ruler(nlp: Language) -> None:
    """Add Vigil's entity ruler before ``ner`` (or last when the pipeline has no ``ner``)."""
    if RULER_NAME in nlp.pipe_names:
        return
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={
        "overwrite_ents": True, "phrase_matcher_attr": "LOWER", "validate": False,
    }, **where)
    # Only the tokenizer is needed to turn phrase patterns into docs.
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns([_ruler_pattern(nlp, p) for p in knowledge_patterns()])
