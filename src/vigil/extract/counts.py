"""Casualty counts in a sentence: which number counts the dead, the injured, the kidnapped, the arrested.

A number counts a fate when the fate word follows it closely ("13 policemen were killed") or
precedes it ("killing at least 13", "injured over 50", "the death toll rose to 36").  Ages,
years, money, distances and ordinals are not counts.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from typing import Optional

from vigil.extract.numbers import Quantity, find_quantities, parse_number

# Words allowed between a number and its fate word: "13 police commandos were killed".
_GAP_AFTER = r"(?:(?!and\b|but\b)[\w'’-]+\s++){0,5}?(?:(?:were|was|are|is|have been|had been|has been|got|being)\s++)?(?:reportedly\s++|also\s++)?"
_GAP_BEFORE = r"(?:\s+(?:at least|more than|over|about|around|nearly|some|up to|almost|as many as))?\s+"


@dataclass(frozen=True)
class CountMention:
    field: str  # fatalities | injured | kidnapped | arrested | perpetrators_killed
    quantity: Quantity
    # "including four policemen": part of a total the sentence gave just before, not added to it
    subset: bool = False
    # "the toll has risen to 13": a restated toll that replaces the figures told before it
    update: bool = False


@functools.lru_cache(maxsize=1)
def fate_tables() -> dict:
    return json.loads(resources.files("vigil.extract").joinpath("data/fates.json").read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def _patterns():
    t = fate_tables()
    fates = ("fatalities", "injured", "kidnapped", "arrested")
    # Never starting inside a run of spaces, and never giving spaces back: a search over a whole
    # sentence stays linear however long its runs of whitespace (it was quadratic).
    after = {f: re.compile(rf"(?<!\s)\s++{_GAP_AFTER}(?:{t[f]})\b", re.IGNORECASE) for f in fates}
    not_count = re.compile(rf"^\s*(?:{t['not_counts']})\b", re.IGNORECASE)
    perpetrators = re.compile(rf"\b(?:{t['perpetrator_nouns']})\b", re.IGNORECASE)
    return after, not_count, perpetrators


@functools.lru_cache(maxsize=None)
def _cue(name: str) -> re.Pattern:
    return re.compile(rf"\b(?:{fate_tables()[name]})", re.IGNORECASE)


def is_toll_update(sentence: str) -> bool:
    """The sentence restates a running toll ("the death toll has risen to 13")."""
    return any(m.update for m in find_counts(sentence))


_VERB_FOR_BEFORE = {
    "fatalities": r"killed|killing|left|dead|deaths?|toll|martyred|martyring|murdering|slaughtering|massacring"
                  r"|(?:claim(?:ed|ing|s)?|t(?:ook|aken|aking)|cost(?:ing|s)?) (?:the )?lives",
    "injured": r"injured|injuring|wounded|wounding|hurt",
    "kidnapped": r"kidnapped|kidnapping|abducted|abducting",
    "arrested": r"arrested|arresting|detained|apprehended",
}


_ACTIVE_OBJECT = re.compile(
    r"(?<!\s)\s++(?:\d|a |an |the |his |her |their |its |(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|twenty|thirty|forty|fifty|dozens|scores|hundreds)\b|at least|more than|over )", re.IGNORECASE)


_TIME_AFTER_VERB = re.compile(
    r"\s+(?:the (?:previous|next|same|following|other) (?:day|night|week|morning|evening|afternoon)|this (?:morning|week)|"
    r"(?:last|that|the) (?:night|week|month|year)\b)", re.IGNORECASE)


def _active_voice(tail: str, match: re.Match) -> bool:
    """"ten attackers killed 18 people": the number counts the killers, not the dead. A fate verb
    with no auxiliary, followed by its own object, is active."""
    if re.search(r"\b(?:were|was|are|is|been|being|got)\b", match.group(0), re.IGNORECASE):
        return False
    if _TIME_AFTER_VERB.match(tail[match.end():]):
        return False  # "110 farmers murdered the previous day": a time, not the verb's object
    return bool(_ACTIVE_OBJECT.match(tail[match.end():]))


def _is_not_count(sentence: str, q: Quantity) -> bool:
    _, not_count, _ = _patterns()
    after = sentence[q.end:]
    if after.startswith("-") or not_count.match(after):
        return True
    before = sentence[max(0, q.start - 4):q.start].lower()
    if re.search(r"(?:rs\.?|\$|no\.|pkr)\s*$", before):
        return True
    # A bare four-digit year ("in 2014", "2014,") is a date, not a count.
    if 1900 <= q.value <= 2100 and q.text.isdigit():
        return True
    return False


def _earlier_event_span(sentence: str) -> tuple[int, int]:
    """Where a sentence recalls an earlier, other incident ("two days after an attack in which 2
    guards were killed"): from the end of that phrase to the next semicolon. Found once per
    sentence; empty when there is none."""
    earlier = _cue("earlier_event").search(sentence)
    if earlier is None:
        return len(sentence) + 1, len(sentence) + 1
    end = sentence.find(";", earlier.end())
    return earlier.end(), len(sentence) if end < 0 else end


# "70, mostly lawyers, killed", "26 people — mostly tourists — were killed": an aside between
# commas or dashes parts a number from its fate; it is read as blank.
_ASIDE = re.compile(r"\s*(?:,|—|–)\s*(?:mostly|mainly|including|among them|most of them|many of them|all of them)"
                    r"\b[^,—–]{0,40}(?:,|—|–)")


def find_counts(sentence: str) -> list[CountMention]:
    """The casualty counts a sentence states, each with the quantity's offsets in the sentence."""
    after, _, perpetrators = _patterns()
    mentions = []
    earlier_from, earlier_to = _earlier_event_span(sentence)
    for q in find_quantities(sentence):
        if _is_not_count(sentence, q):
            continue
        field = None
        # A verb right before the number wins: "killed 13", "injured over 50", "toll rose to 36".
        head = sentence[max(0, q.start - 60):q.start]
        for name, verbs in _VERB_FOR_BEFORE.items():
            if re.search(rf"\b(?:{verbs})\b(?:\s+(?:rose|climbed|reached|stood|of|to|at)){{0,2}}{_GAP_BEFORE}$", head, re.IGNORECASE):
                field = name
                break
        # "the toll from Friday's ambush of a convoy has risen to 10": the verb may sit far from "toll"
        update = bool(re.search(rf"(?:{fate_tables()['toll_update']}){_GAP_BEFORE}$",
                                sentence[max(0, q.start - 160):q.start], re.IGNORECASE))
        if update:
            field = "fatalities"
        tail = _ASIDE.sub(lambda m: " " * len(m.group(0)), sentence[q.end:q.end + 90])
        best_pos = None
        if field is None:
            for name, pattern in after.items():
                m = pattern.match(tail)
                if m and (best_pos is None or m.end() < best_pos) and not _active_voice(tail, m):
                    field, best_pos = name, m.end()
        if field is None and re.search(r"\b(?:including|among them|among whom)\s+(?:the\s+|all\s+)?$",
                                       sentence[max(0, q.start - 25):q.start], re.IGNORECASE) \
                and perpetrators.match(sentence[q.end:].lstrip()) and _patterns()[0]["fatalities"].search(sentence):
            field = "perpetrators_killed"  # "28 died, including the ten attackers"
        if field is None:
            continue
        if earlier_from <= q.start < earlier_to:
            continue  # "two days after an attack in which 2 guards were killed": another incident's toll
        if field == "fatalities" and _cue("judicial_death").search(sentence[max(0, q.start - 30):q.end + (best_pos or 40)]):
            continue  # "the judge sentenced two men to death": a court's sentence, not a toll
        noun_phrase = re.split(r"[,;]|\b(?:were|was|dead|killed|died|who|and|including)\b", tail[: best_pos or 40])[0]
        if field == "fatalities" and perpetrators.search(noun_phrase):
            field = "perpetrators_killed"
        subset = bool(re.search(rf"(?:{fate_tables()['subset']})\s+(?:the\s+|all\s+)?$",
                                sentence[max(0, q.start - 25):q.start], re.IGNORECASE))
        if re.search(r"\bamong\s+(?:at least\s+|some\s+|nearly\s+|about\s+)?$", sentence[max(0, q.start - 25):q.start],
                     re.IGNORECASE):
            # "two Chinese nationals among three people were killed": the count before is part of
            # this one, the sentence's total
            mentions = [m for m in mentions if m.field != field]
        mentions.append(CountMention(field, q, subset, update))
    return mentions


@functools.lru_cache(maxsize=1)
def _death_phrase() -> re.Pattern:
    return re.compile(rf"\b(?:{fate_tables()['death_phrases']})\b", re.IGNORECASE)


def _numbers_of(noun) -> list:
    """The numbers counting a noun: its own ("three teachers"), or, in "three Pak Sarzameen Party
    (PSP) activists" and "two Rangers personnel", the one the parser hangs on the name modifying
    it, which still opens the noun's phrase and counts the activists."""
    own = [c for c in noun.children if c.dep_ == "nummod"]
    if own:
        return own
    first = noun.left_edge
    if first.tag_ == "CD" and first.dep_ in ("nummod", "compound") and first.head.i != noun.i \
            and first.head.head.i == noun.i and first.head.dep_ in ("compound", "nmod") and first.head.pos_ == "PROPN":
        return [first]
    return []


def _noun_count(noun) -> Optional[int]:
    """How many people one noun phrase counts: its number ("three teachers"), one for a singular
    noun or pronoun ("their driver", "he"), None when it cannot say ("policemen")."""
    numbers = _numbers_of(noun)
    if numbers:
        values = [parse_number(n.text) for n in numbers]
        return values[0] if len(values) == 1 and values[0] else None
    if noun.tag_ in ("NN", "NNP"):
        return 1
    if noun.tag_ == "PRP" and noun.lower_ in ("he", "she", "him", "her"):
        return 1
    if noun.tag_ == "NNS" and noun.lower_ == "others":
        return None
    return None


def _bare_title_of(noun) -> bool:
    """"former party leader and ex-MP Arif Khan": a bare singular noun joined to a name describes
    the named person, it is not another victim (unlike "the guard and Arif Khan")."""
    return (noun.tag_ == "NN" and not any(c.dep_ in ("det", "poss", "nummod") for c in noun.children)
            and any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in noun.children))


def _conjuncts(noun):
    if not _bare_title_of(noun):
        yield noun
    for child in noun.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            yield from _conjuncts(child)


def _victim_nouns(verb):
    """The people a death verb is about: its passive subject or object, or for "died" its subject;
    a verb sharing its subject with the one before ("tried to ... but were killed") borrows it;
    "along with two civilians" adds to them."""
    roles = ("nsubj",) if verb.lemma_ in ("die", "embrace") or verb.lower_ == "succumbed" else ("nsubjpass", "dobj")
    victims = [c for c in verb.children if c.dep_ in roles]
    if not victims and verb.dep_ == "conj":
        victims = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    # a participle after its noun: "the gunman (shot and) killed by officers", "a guard slain in the raid"
    participle = verb.head if verb.dep_ == "conj" and verb.head.dep_ == "acl" else verb
    if not victims and participle.dep_ == "acl" and participle.tag_ == "VBN" and participle.head.pos_ in ("NOUN", "PROPN"):
        victims = [participle.head]
    for holder in [verb, *victims]:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "with" and any(c.lower_ == "along" for c in prep.children) \
                    or prep.dep_ == "prep" and prep.lower_ == "along":
                for inner in prep.subtree:
                    if inner.dep_ == "pobj" and inner.head.lower_ == "with":
                        victims.append(inner)
    return victims


def _phrase_verb(sentence, start: int, end: int):
    """The token a death phrase hangs its victims on: its first word when parsed as a verb; else,
    when the parser read the verb as a noun ("Gunmen on a motorbike shot dead a constable" gives
    "shot" as the object of "on"), a word of the phrase that governs an object or passive subject."""
    inside = [t for t in sentence if start <= t.idx < end]
    if not inside:
        return None
    if inside[0].pos_ in ("VERB", "AUX"):
        return inside[0]
    return next((t for t in inside if any(c.dep_ in ("dobj", "nsubjpass") for c in t.children)), None)


def _deaths(sentence):
    """Each death the sentence tells, in order: where it is written, its verb and its victims; a
    death phrase ("killed", "shot dead") or "left"/"leaving" someone "dead"."""
    found = []
    for m in _death_phrase().finditer(sentence.text):
        verb = _phrase_verb(sentence, sentence.start_char + m.start(), sentence.start_char + m.end())
        if verb is not None:
            found.append((m.start(), verb, _victim_nouns(verb)))
    for verb in sentence:
        if verb.lemma_ == "leave" and any(c.dep_ == "oprd" and c.lower_ == "dead" for c in verb.children):
            found.append((verb.idx - sentence.start_char, verb, [c for c in verb.children if c.dep_ == "dobj"]))
    return sorted(found, key=lambda item: item[0])


def grammar_counts(sentence, counted_from: int = 0) -> dict[str, int]:
    """The dead a sentence counts through its grammar, split into attackers and everyone else:
    the victims of a death verb, conjoined ("three teachers and their driver" = 4; "the officer
    and two others" = 3). A figure is left out when a victim's number cannot be told.
    ``counted_from``: where in the sentence an earlier incident it tells begins ("came days after
    two workers were gunned down"): only the dead from there are counted, those of that incident."""
    perpetrators = _patterns()[2]
    earlier_from, earlier_to = _earlier_event_span(sentence.text) if not counted_from else (0, 0)
    for at, verb, victims in _deaths(sentence):
        if earlier_from <= at < earlier_to or at < counted_from:
            continue  # the dead of an earlier incident the sentence recalls (or, counted from it, not)
        if not victims:
            continue
        found = {"fatalities": 0, "perpetrators_killed": 0}
        for victim in victims:
            for noun in _conjuncts(victim):
                if noun.ent_type_ in ("DATE", "TIME") or (
                        noun.ent_type_ in ("GPE", "LOC", "FAC") and (noun.ent_id_ or noun.text.isupper())):
                    continue  # a dateline ("KARACHI — A constable was shot") parsed as a subject
                if noun.ent_type_ in ("ORG", "NORP") and not _numbers_of(noun):
                    # a force or a group: how many of its people, the grammar cannot say; "two
                    # Maoists", a group's name with a number, counts its members
                    return {}
                if noun.tag_ == "CD":  # "two others" parses as a number heading the phrase
                    value = parse_number(noun.text)
                else:
                    value = _noun_count(noun)
                if value is None:
                    return {}
                field = "perpetrators_killed" if perpetrators.fullmatch(noun.text) else "fatalities"
                found[field] += value
        found = {k: v for k, v in found.items() if v}
        if found:
            return found
    return {}


def victims_of_death(sentence) -> Optional[int]:
    """How many people other than attackers a sentence's death verb names, if it can tell."""
    return grammar_counts(sentence).get("fatalities")


def implied_single_death(sentence) -> bool:
    """One person died though no number is written: "a night watchman was shot dead"."""
    return victims_of_death(sentence) == 1
