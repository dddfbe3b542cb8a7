"""What a report says that is not an incident, beyond threats and denials: statistics over a
period, stories the report calls false or only rumoured, reactions (condemnations, funerals),
triggers the text negates ("there was no attack") and patterns told as many ("many citizens
have been detained"). The word lists are in ``data/non_events.json``.
"""
from __future__ import annotations

import functools
import json
import re
from importlib import resources


@functools.lru_cache(maxsize=1)
def _tables() -> dict:
    return json.loads(resources.files("vigil.extract").joinpath("data/non_events.json").read_text("utf-8"))


@functools.lru_cache(maxsize=None)
def _cue(name: str) -> re.Pattern:
    return re.compile(rf"\b(?:{_tables()[name]})\b", re.IGNORECASE)


def is_statistic(text: str) -> bool:
    """A figure over a period or compared between periods ("a total of 120 killed in the first
    half of the year", "a 3% decrease"): a claim about many incidents, not one."""
    return bool(_cue("statistic").search(text))


def tells_void_story(text: str) -> bool:
    """The sentence tells a story it calls false or unverified: fake news, a hoax, a rumour,
    social-media posts claiming an attack."""
    return bool(_cue("void_story").search(text))


def is_reaction(text: str, trigger_start: int) -> bool:
    """A condemnation, grief, a funeral said of the incident ("condemned the killing", "the funeral
    of those killed"): the reaction comes before the trigger it is about. "He was shot on his way to
    a funeral" is a killing, not a reaction."""
    found = _cue("reaction").search(text)
    return found is not None and found.start() < trigger_start


def negated_trigger(token) -> bool:
    """The text says the event did not happen: "there was no attack", "no blast took place"."""
    if token is None:
        return False
    while token.dep_ == "compound" and token.head.i != token.i:
        token = token.head
    if token.pos_ in ("NOUN", "PROPN"):
        return any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)
    return False


def vague_plural_participant(verb) -> bool:
    """The people a verb is about are many and uncounted ("many citizens have been detained",
    "several journalists have been arrested"): a pattern, not one event."""
    vague = set(_tables()["vague_plural"])
    for noun in verb.children:
        if noun.dep_ not in ("nsubj", "nsubjpass", "dobj") or noun.tag_ not in ("NNS", "NNPS"):
            continue
        if any(c.dep_ == "nummod" and c.lower_ not in vague for c in noun.children):
            continue
        if any(c.lower_ in vague for c in noun.children if c.dep_ in ("amod", "det", "nummod", "quantmod")):
            return True
    return False


def counted(noun) -> bool:
    """A number that counts stands on the noun, or on a word compounded with it: "11 people",
    "at least three hand grenades" (the parse often hangs the number on "hand"), "twin blasts".
    A vague quantity ("hundreds", "many") is no count."""
    vague = set(_tables()["vague_plural"])

    def counts(word) -> bool:
        return any((c.dep_ == "nummod" and c.lower_ not in vague) or c.lower_ in ("twin", "double", "triple")
                   for c in word.children)  # "twin bombings" are two, told as one incident

    return counts(noun) or any(c.dep_ in ("compound", "amod") and counts(c) for c in noun.children)


def _indefinite(noun) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)


def _one_person(noun) -> bool:
    """A named person ("Arif Khan", "the minister, Arif Khan") or one brought in with "a"."""
    if noun.tag_ == "NNP" and noun.ent_type_ in ("PERSON", ""):
        return True
    if noun.tag_ != "NN":
        return False
    # "the minister, Arif Khan", "former leader and ex-MP Arif Khan"
    return _indefinite(noun) or any(c.dep_ in ("appos", "conj") and c.ent_type_ == "PERSON" for c in noun.children)


def _over_a_period(verb) -> bool:
    return bool(_cue("over_a_period").search(" ".join(t.text for t in verb.subtree)))


def present_perfect_tells_one(verb) -> bool:
    """News leads tell one incident in the present perfect ("A blast has killed nine people",
    "Gunmen have killed 11 climbers", "The former mayor has been shot dead"), where a pattern
    leaves its people uncounted and unnamed ("militants have gunned down police officers") or
    spans a period ("has killed hundreds since 2014"). One happening: an argument counted with a
    number, a named person it befell, or a single doer or event brought in with "a"/"an"."""
    if _over_a_period(verb):
        return False
    if any(c.dep_ == "nsubj" and c.lower_ in ("i", "we", "you") for c in verb.children):
        return False  # "I've killed 20 people": a confession or testimony of a career, not one event
    events = set(_tables()["event_plurals"])
    if any(t.lower_ in events and not counted(t) for t in verb.subtree):
        return False  # "attacks have killed 80", "killed 20 people in these attacks": a total over many
    arguments = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    arguments += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    for argument in arguments:
        if counted(argument):
            return True
        if argument.dep_ in ("nsubjpass", "dobj") and _one_person(argument):
            return True  # "the former minister Arif Khan has been shot dead", "a constable has been killed"
        if argument.dep_ == "nsubj" and argument.tag_ == "NN" and _indefinite(argument):
            return True  # "a suicide bomber has killed", "an explosion has ripped through"
    # "dozens have been killed during a suicide bomb attack": the one event the deaths came in
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj")]  # "killed and injured in a ..."
    return any(_one_event(noun) for v in verbs for prep in v.children
               if prep.dep_ == "prep" and prep.lower_ in ("in", "during")
               for noun in prep.children if noun.dep_ == "pobj")


def _one_event(noun) -> bool:
    """An incident brought in with "a"/"an": "a suicide bomb attack", "an explosion"."""
    events = set(_tables()["event_plurals"])
    singular = noun.tag_ == "NN" and (noun.lower_ + "s" in events or noun.lower_ + "es" in events)
    return singular and _indefinite(noun)
