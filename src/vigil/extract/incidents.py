"""Incidents in one report: find the sentences that report one, type them, read their
arguments, and gather the sentences that tell the same incident into one record.

How a report tells incidents: a headline and a lead name the incident (often with a date, a
place, a toll); the sentences after it add detail; a background incident comes with its own
date ("In January, a bomber killed ..."). So sentences are read in order: a sentence continues
the incident just told unless its date, place or kind says otherwise, or it says "in a separate
incident". Statements about many incidents ("militants have gunned down police officers",
"the 100th officer this year") are not incidents. Every field comes from a sentence whose
offsets are kept as evidence.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable, Optional

from vigil.extract.attribution import name_state_forces
from vigil.extract.counts import find_counts, grammar_counts, is_toll_update
from vigil.extract.dates import (add_days, earlier_by, is_date_line, is_recency, names_a_day, names_another_time, report_dated, resolve_date,
                                 resolve_earlier, resolve_later, without_day_dates)
from vigil.extract.event_types import decide_type, judicial_act
from vigil.extract.non_events import (counted, is_reaction, is_statistic, negated_trigger, present_perfect_tells_one,
                                      tells_void_story, vague_plural_participant)
from vigil.extract.numbers import parse_number
from vigil.extract.places import (PlaceMention, context_city_location, country_id, facility_mentions, find_dateline,
                                  locate, locate_together, most_precise, place_candidates)
from vigil.extract.spans import span_ents
from vigil.extract.triggers import TriggerHit, find_triggers, is_non_event
from vigil.extract.weapons import find_weapons
from vigil.model import Count, DateRange, Document, Evidence, Incident, Location, Source, stable_id

COUNT_FIELDS = ("fatalities", "injured", "kidnapped", "arrested", "perpetrators_killed")
PRECISION_ORDER = ["point", "neighbourhood", "town", "district", "city", "province", "country", "unknown"]
DATE_PRECISION_ORDER = ["day", "week", "month", "season", "year", "unknown"]
JUDICIAL = "Strategic developments"
# How many sentences after the last one about an incident a dateless sentence may still continue it.
CONTINUATION_WINDOW = 4

# A sentence that totals many incidents over a period is a claim, not an incident:
# "the 100th police officer killed this year", "on average one dies every day".
_AGGREGATE = re.compile(
    r"\b(?:this year|so far|since (?:january|the start|the beginning)|per (?:year|month|day)|every (?:day|week|month|year)"
    r"|each (?:day|year)|on average|annual(?:ly)?|toll (?:of|for) (?:the year|\d{4})|\d+(?:st|nd|rd|th)\b"
    r"|(?:figures|statistics|data|tally) (?:from|by|compiled|released|show)"
    r"|\b(?:figures|statistics|data)\b.{0,60}\b(?:show|count|put)\b|(?:passed|crossed|reached) the (?:\w+ )?(?:mark|milestone))",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1)
def cues() -> dict[str, re.Pattern]:
    data = json.loads(resources.files("vigil.extract").joinpath("data/incident_cues.json").read_text("utf-8"))
    return {k: re.compile(rf"\b(?:{v})\b", re.IGNORECASE) for k, v in data.items()
            if not k.startswith("_") and isinstance(v, str)}


@functools.lru_cache(maxsize=1)
def cue_lemmas() -> dict[str, frozenset]:
    data = json.loads(resources.files("vigil.extract").joinpath("data/incident_cues.json").read_text("utf-8"))
    return {k: frozenset(v) for k, v in data.items() if isinstance(v, list)}


@dataclass
class Mention:
    """One sentence about an incident, before sentences are gathered into incidents."""

    index: int  # the sentence's position in the report
    hit: Optional[TriggerHit]  # None for a sentence that only adds a toll ("28 people died")
    evidence: Evidence
    date: Optional[DateRange]
    places: list[tuple[PlaceMention, Location]]
    counts: dict[str, Count] = field(default_factory=dict)
    anchored: bool = False  # says something specific: a date, a toll, a named place or person
    separate: bool = False  # "in a separate incident"
    anaphoric: bool = False  # "the attack", "the blast": points back at an incident already told
    # places of the sentences just before and after, when those tell no incident of their own
    neighbour_places: list = field(default_factory=list)
    indefinite: bool = False  # "in an attack in June": introduces an incident rather than continuing one
    actors: object = None
    void: bool = False  # tells a story the report calls false or rumoured ("fake news of a blast")
    reaction: bool = False  # a condemnation or a funeral: joins an incident, never starts one
    # "his mentor, who died in a drone strike in August 2010": an earlier incident recalled
    # in a clause about someone; the sentences after it do not go on telling it
    recalled: bool = False
    # "The ambush came three days after the market bombing, in which two guards died": the sentence
    # tells an earlier incident, this many days before the one the report is telling
    earlier_by: Optional[tuple[int, bool]] = None


# --------------------------------------------------------------------------- one sentence


def _trigger_token(sent, hit: TriggerHit):
    start, end = sent.start_char + hit.start, sent.start_char + hit.end
    first = next((t for t in sent if t.idx >= start), None)
    if first is not None and first.pos_ in ("NOUN", "PROPN"):
        # "protesters torched", "jets bombed": the verb, not the doers, says whether it happened
        verb = next((t for t in sent if start < t.idx < end and t.pos_ == "VERB"), None)
        return verb or first
    return first


def _governing_verb(token):
    """The finite verb that carries the tense for a trigger: "killing" in "have been expanding,
    killing rivals" is governed by "expanding"; the noun "bombers" by "sent"."""
    seen = 0
    while seen < 6 and token.head.i != token.i:
        if token.pos_ in ("VERB", "AUX") and (token.dep_ not in ("conj", "xcomp", "advcl", "acl", "pcomp", "amod")
                                              or (token.dep_ == "conj" and _own_tense(token))):
            return token
        token = token.head
        seen += 1
    return token if token.pos_ in ("VERB", "AUX") else None


def _own_tense(verb) -> bool:
    """A coordinated verb with a tense of its own ("... have become rare, but the group claimed
    the attack"), not one sharing its first verb's auxiliaries ("have attacked and killed")."""
    return verb.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _tense_says_generic(verb, narrative_present: bool) -> Optional[bool]:
    """What a verb's own tense says: True for a pattern or a possibility ("attack", "have killed",
    "can be killed", "to kidnap"), False for one happening ("killed", "was shot"), None when the
    verb has no tense of its own (a participle: "a policeman murdered in ...")."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "TO" for a in auxiliaries) and verb.head.lemma_ in cue_lemmas()["attempt_verbs"]:
        return _tense_says_generic(verb.head, narrative_present)  # "tried to storm": an attempt is an incident
    if (any(a.tag_ == "TO" for a in auxiliaries) and not any(a.tag_ == "MD" for a in auxiliaries)
            and any(a.lemma_ == "have" for a in auxiliaries)):
        return False  # "were reported to have been killed", "is said to have died": done, told with a hedge
    if any(a.tag_ in ("MD", "TO") for a in auxiliaries):
        return True  # "could kill", "planning to kidnap": not a report of something done
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries):
        return False
    present_aux = [a for a in auxiliaries if a.tag_ in ("VBP", "VBZ")]
    if any(a.lemma_ == "have" for a in present_aux):
        # present perfect: "militants have gunned down police officers" is a pattern, "gunmen
        # have killed 11 tourists" a news lead
        return not present_perfect_tells_one(verb)
    if verb.tag_ in ("VBP", "VBZ") or present_aux:
        return not narrative_present  # broadcast narration tells what the camera sees now
    if verb.tag_ == "VB":
        return True
    return None


def _present_perfect(verb) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ")
               for c in verb.children)


def _is_past_report(verb) -> bool:
    """A verb told in the past: "was shot", "killed", "had stormed"."""
    return _tense_says_generic(verb, narrative_present=False) is False


def _hit_is_generic(sent, hit: TriggerHit, narrative_present: bool, headline: bool = False) -> bool:
    token = _trigger_token(sent, hit)
    if token is None:
        return False
    while token.dep_ == "compound" and token.head.i != token.i:
        token = token.head  # "suicide bombers": the phrase's head noun decides
    if headline:
        # Headlines drop articles and tell the past in the present: "Gunmen storm airport",
        # "Fourteen dead in base attack". Only a modal or an infinitive marks a non-event there.
        verb = token if token.pos_ in ("VERB", "AUX") else _governing_verb(token)
        return verb is not None and any(c.tag_ in ("MD", "TO") for c in verb.children if c.dep_ in ("aux", "auxpass"))
    if token.pos_ in ("NOUN", "PROPN"):
        if token.tag_ in ("NNS", "NNPS"):
            # plurals name many incidents ("attacks have killed 80", "these attacks") unless counted
            return not counted(token)
        if not any(c.dep_ in ("det", "poss") for c in token.children) and not _dated_noun(token):
            return True  # a bare noun names a kind of violence: "extortion and kidnap"
    verb = token
    judicial = hit.trigger.event_type == JUDICIAL
    if token.pos_ in ("VERB", "AUX"):
        if judicial and _present_perfect(token):
            # news reports arrests and charges in the present perfect, but "many citizens have
            # been detained" is a pattern
            return vague_plural_participant(token)
        said = _tense_says_generic(token, narrative_present)
        if said is not None:
            return said
        verb = token.head  # a participle takes its tense from the clause it sits in
    verb = _governing_verb(verb)
    if verb is None:
        return False
    if any(c.dep_ == "expl" for c in verb.children):
        return False  # "there has been news of an officer murdered": an existential report
    return bool(_tense_says_generic(verb, narrative_present))


def _dated_noun(noun) -> bool:
    """A noun the text dates names one incident, article or not: "during Wednesday's rally
    attack", "the Wednesday cracker attack", "a 2019 raid"."""
    return any(t.i < noun.i and (t.shape_ == "dddd" or names_a_day(t.text)) for t in noun.subtree)


def _under_non_event_verb(sent, hit: TriggerHit) -> bool:
    """The trigger sits under a verb of denying, threatening or planning: "denied reports that
    gunmen had attacked", "warned it would bomb", however far apart the words are; or under the
    reason given for the incident ("in retaliation for the death of a commander in an air
    strike"), an earlier event."""
    token = _trigger_token(sent, hit)
    governors = cue_lemmas()["non_event_governors"] | cue_lemmas()["reason_governors"]
    steps = 0
    while token is not None and token.head.i != token.i and steps < 8:
        token = token.head
        steps += 1
        if token.lemma_ in governors:
            return True
    return False


def is_generic(sent, hits: list[TriggerHit], date: Optional[DateRange], narrative_present: bool = False,
               headline: bool = False) -> bool:
    """The sentence describes a pattern of violence rather than one incident.

    Present-tense and present-perfect verbs ("the Taliban attack", "militants have gunned down
    police officers") and bare nouns ("bombings, assassinations") speak of many incidents,
    unless the sentence pins one down ("today", a day's date). One trigger told as a single
    happening ("a bomber killed ...") is enough to make the sentence a report.
    """
    if cues()["habitual"].search(sent.text):
        return True
    if (date is not None and date.precision in ("day", "week") and not is_recency(date)) or cues()["deictic"].search(sent.text):
        return False
    if names_a_day(sent.text) or is_toll_update(sent.text):
        return False  # "on Friday evening" in a report of unknown date; "the toll has risen to 20"
    return all(_hit_is_generic(sent, hit, narrative_present, headline) for hit in hits)


def _is_headline(document: Document, sent) -> bool:
    """The report's title: its first line (below any line that only dates the page), standing
    alone without a full stop."""
    text = document.text
    if sent.text.rstrip().endswith((".", "?", "!")) or text[sent.end_char:sent.end_char + 1] not in ("\n", ""):
        return False
    above = text[:sent.start_char]
    return not above.strip() or (len(above) < 200 and all(is_date_line(line) for line in above.split("\n")
                                                           if line.strip()))


def _told_as_happening(sent, hits: list[TriggerHit], narrative_present: bool) -> bool:
    """A trigger verb tells one happening: in the past, or in a broadcast's narrative present."""
    for hit in hits:
        token = _trigger_token(sent, hit)
        verb = _governing_verb(token) if token is not None else None
        if verb is None:
            continue
        if (_is_past_report(verb) or (narrative_present and not _hit_is_generic(sent, hit, narrative_present))
                or (hit.trigger.event_type == JUDICIAL and _present_perfect(token)
                    and not vague_plural_participant(token))):
            return True
    return False


_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Za-z .'-]{2,40},[^—–:]{1,40}?\s*(?:—|–|--)\s*")
_DAYS_AFTER = re.compile(r"\b(?P<n>a|one|two|three|four|five|six|\d+) days? after\s+(?:the |this |a |an |last |its )?", re.I)
_SMALL_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


# A day a toll was counted by: "as of Monday", "by Tuesday evening", "as of today, April 2nd".
_COUNTED_BY = re.compile(r"\b(?:as of|as at|by|until|till)\s+(?:[\w,]+\s+){0,2}$", re.IGNORECASE)
_CARRIED = re.compile(r"\b(?:armed with|equipped with|carr(?:y|ying|ied)|laden with|bearing)\b[^.;]{0,40}$", re.I)


def _of_victims_told(text: str, hit: TriggerHit) -> bool:
    """"one of those killed", "families of those who died": the fate word names victims already
    told, so it is no trigger of an incident of its own."""
    before = text[max(0, hit.start - 30):hit.start].rstrip()
    return any(m.end() == len(before) for m in cues()["victims_told"].finditer(before))


def _carried(text: str, hit: TriggerHit) -> bool:
    return bool(_CARRIED.search(text[max(0, hit.start - 60):hit.start]))


def _shift_for_days_after(text: str, hit: TriggerHit, date: DateRange) -> DateRange:
    """"a day after the attack, ... this Saturday": the attack itself was on the Friday."""
    for m in _DAYS_AFTER.finditer(text):
        if m.end() <= hit.start <= m.end() + 40:
            n = m.group("n").lower()
            days = parse_number(n) if n[:1].isdigit() else _SMALL_NUMBERS[n]
            from datetime import date as Day

            day = add_days(Day.fromisoformat(date.start), -days) if days is not None else None
            if day is None:  # "99999999999 days after": before any calendar, so no shift
                return date
            return DateRange(start=day.isoformat(), end=day.isoformat(), precision="day", text=date.text)
    return date


def _dates_the_charge(sent, date_at: int) -> bool:
    """The date sits in what a court step is for ("convicted for the bombing of a bus in 2014",
    "arrested over the killing of a trader on May 3"): it dates the crime."""
    token = next((t for t in sent if t.idx >= sent.start_char + date_at), None)
    steps = 0
    while token is not None and token.head.i != token.i and steps < 10:
        if token.dep_ == "prep" and token.lower_ in ("for", "over") or token.lower_ == "connection":
            return True
        token = token.head
        steps += 1
    return False


def _dates_another_clause(sent, date_at: int, hit: TriggerHit) -> bool:
    """The date sits in a relative clause about something else ("the council that took power in
    2022", "a leader who was jailed in 2019") or in the reason given for the incident, one that
    does not hold the trigger."""
    token = next((t for t in sent if t.idx >= sent.start_char + date_at), None)
    trigger = _trigger_token(sent, hit)
    if token is None or trigger is None:
        return False
    for ancestor in [token, *token.ancestors]:
        if ancestor.dep_ == "relcl":
            return trigger not in set(ancestor.subtree) and ancestor.head.i != trigger.i
        if ancestor.lemma_.lower() in cue_lemmas()["reason_governors"]:
            return trigger not in set(ancestor.subtree)  # "in retaliation for a strike in March"
    return False


# "the deadliest attack since the 2008 Mumbai attacks", "the worst since 2014": from "since" to
# the end of the phrase.
_COMPARED_SINCE = re.compile(
    r"\b(?:deadliest|worst|bloodiest|biggest|largest|most \w+)\b[^.;:]{0,80}?\b(?P<since>since\b[^,.;:—–()]{1,80})",
    re.IGNORECASE)


def _blanked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the given character spans turned to spaces: offsets stay those of the sentence."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _without_comparison(text: str) -> str:
    """The sentence with the incident it is compared with blanked out (offsets kept)."""
    return _blanked(text, [m.span("since") for m in _COMPARED_SINCE.finditer(text)])


def _tells_a_new_incident(sent) -> bool:
    """"In a separate incident", "elsewhere", "meanwhile": the sentence turns to another incident;
    but "meanwhile" that points back with a definite noun ("Meanwhile, the blaze caused by the
    blast was put out") only turns to another side of the same one, and a turn inside a clause
    about someone ("a lawyer who was killed earlier in the day") is that clause's."""
    text = sent.text
    turns = [m.group(0).lower() for m in cues()["new_incident"].finditer(text)
             if not _inside_relative_clause(sent, m.start())]
    if not turns:
        return False
    return set(turns) != {"meanwhile"} or not cues()["anaphora"].search(text)


def _inside_relative_clause(sent, offset: int) -> bool:
    token = next((t for t in sent if t.idx >= sent.start_char + offset), None)
    return token is not None and any(a.dep_ in ("relcl", "acl") for a in [token, *token.ancestors])


def _clauses_of_other_incidents(sent, hit: TriggerHit, date: DateRange) -> list[tuple[int, int]]:
    """Relative clauses telling another, earlier incident's toll: "Saturday's explosions occurred
    at Zobe junction, the scene of a massive blast in 2017 that killed more than 500 people". The
    clause hangs on a noun dated otherwise than the sentence's incident and does not hold the
    trigger. Offsets in the sentence's text."""
    trigger = _trigger_token(sent, hit)
    if trigger is None:
        return []
    spans = []
    for token in sent:
        if token.dep_ != "relcl" or token.head.i == trigger.i:
            continue
        clause = set(token.subtree)
        if trigger in clause:
            continue
        own_dates = [t for t in token.head.subtree if t not in clause and t.ent_type_ == "DATE"]
        if own_dates and not any(date.text and t.text in date.text for t in own_dates):
            start = min(t.idx for t in clause) - sent.start_char
            end = max(t.idx + len(t) for t in clause) - sent.start_char
            spans.append((start, end))
    return spans


def _recalled_in_clause(sent, date_at: int, hit: TriggerHit, date: DateRange) -> bool:
    """The trigger and a month's or a year's date sit in one relative clause about someone or
    something ("his mentor, who died in a drone strike in August 2010"): news tells its own
    incident by the day, and an earlier one this way, in passing."""
    if date.precision == "day":
        return False
    token = next((t for t in sent if t.idx >= sent.start_char + date_at), None)
    trigger = _trigger_token(sent, hit)
    if token is None or trigger is None:
        return False
    clause = next((a for a in [token, *token.ancestors] if a.dep_ == "relcl"), None)
    return clause is not None and trigger in set(clause.subtree) and clause.head.pos_ in ("NOUN", "PROPN", "PRON")


def _names_the_incident(text: str, date: DateRange) -> bool:
    """The date is the incident's own: "Thursday's attack", "the attack on Thursday"."""
    if not date.text:
        return False
    written = re.escape(date.text)
    return bool(re.search(rf"{written}['’]s\b|(?:attack|bombing|blast|explosion|ambush|raid|shooting|assault)\s+"
                          rf"(?:\w+\s+){{0,4}}?(?:on|of)\s+{written}", text, re.IGNORECASE))


def _told_beside_reaction(sent, hits: list[TriggerHit], date: Optional[DateRange]) -> bool:
    """A sentence with a reaction word still tells the incident when a trigger is a verb of its own
    in the past ("mourning an officer who was killed in a bombing") or carries the day ("... killed
    on Thursday"), unlike "condemned the killing" or "the funeral on Tuesday of the slain trader"."""
    at = sent.text.find(date.text) if date is not None and date.precision == "day" and date.text else -1
    day = next((t for t in sent if t.idx >= sent.start_char + at), None) if at >= 0 else None
    for hit in hits:
        trigger = _trigger_token(sent, hit)
        if trigger is None:
            continue
        if trigger.pos_ in ("VERB", "AUX") and trigger.dep_ not in ("amod", "acl") and _is_past_report(trigger):
            return True
        if day is not None and day in list(trigger.subtree):
            return True
    return False


def _indefinite(sent, hit: TriggerHit) -> bool:
    token = _trigger_token(sent, hit)
    while token is not None and token.dep_ == "compound" and token.head.i != token.i:
        token = token.head
    return token is not None and token.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in token.children)


def _count_sum(a: Optional[int], b: Optional[int]) -> Optional[int]:
    return None if a is None or b is None else a + b


_MORE_VICTIMS = re.compile(r"\b(?:others?|more|also|another|additional|later)\b", re.IGNORECASE)


def _sentence_counts(text: str) -> dict[str, Count]:
    counts: dict[str, Count] = {}
    found = find_counts(text)
    updated = {m.field for m in found if m.update}
    last_end: dict[str, int] = {}
    for mention in found:
        if mention.field in updated and not mention.update:
            continue  # "the toll from the blast that killed 44 has climbed to 54": the 44 is superseded
        q = mention.quantity
        previous = counts.get(mention.field)
        if mention.subset and previous is not None:
            continue  # "10 people, including four policemen": the four are among the ten
        if (previous is not None and cues()["other_estimate"].search(text, last_end[mention.field], q.start)
                and not _MORE_VICTIMS.search(text, last_end[mention.field], q.end + 30)):
            # "officials said 168 were killed; however, locals say 174 died": two estimates of one toll
            counts[mention.field] = _widest([previous, Count(q.low, q.best, q.high)])
            last_end[mention.field] = q.end
            continue
        last_end[mention.field] = q.end
        # Several groups in one sentence add up ("two policemen and a passer-by were killed").
        counts[mention.field] = Count(q.low, q.best, q.high) if previous is None else Count(
            _count_sum(previous.low, q.low), _count_sum(previous.best, q.best), _count_sum(previous.high, q.high))
    return counts


def _sentence_mention(document: Document, index: int, sent, context_city_id: Optional[str]) -> Optional[Mention]:
    text = sent.text
    # "the deadliest attack since the 2019 Pulwama bombing": the incident it is measured against
    # gives it neither its date, its kind nor its toll
    told = _without_comparison(text)
    # "KARACHI, June 9 — ... late on Sunday night": the dateline's date is the report's, the
    # incident's is in the story.
    dateline = _DATELINE_PREFIX.match(told)
    resolved = resolve_date(told[dateline.end():] if dateline else told, document.published)
    date_at = dateline.end() if dateline and resolved else 0
    if resolved is None and dateline:
        resolved = resolve_date(told, document.published)
    date = resolved[0] if resolved else None
    date_at += resolved[1] if resolved else 0
    found = find_triggers(told)
    # "the blast seems to have been a suicide bombing": the hedge names the kind of the incident told
    named_kind = cues()["identification"].search(text)
    kind_at = named_kind.end() if named_kind else -1
    hits = [h for h in found if h.start == kind_at or (
        not is_non_event(text, h) and not _under_non_event_verb(sent, h) and not negated_trigger(_trigger_token(sent, h))
        and not _of_victims_told(text, h))]
    # "gunmen armed with rifles and grenades attacked": the grenades are equipment, the attack the event
    hits.sort(key=lambda h: (_carried(text, h), -h.trigger.priority, h.start))
    hit = hits[0] if hits else None
    earlier = earlier_by(text) if date is None and hits else None
    if earlier is not None:
        after = [h for h in hits if h.start >= earlier[2]]
        if after and not _sentence_counts(text[:earlier[2]]):
            hit = min(after, key=lambda h: (-h.trigger.priority, h.start))  # the earlier incident's trigger
        else:
            earlier = None  # "police came two days after the attack": no incident of its own
    act = judicial_act(text) if hit is not None and hit.trigger.event_type != JUDICIAL else None
    for_crime = False  # the sentence's violence is only the crime a judicial step is for
    if act is not None and any(h.start == act.start and h.end == act.end for h in hits):
        hit = act  # "police arrested two men in connection with the killing": an arrest, not the killing
        for_crime = True
    if date is not None and any(h.trigger.event_type == JUDICIAL for h in hits) and _dates_the_charge(sent, date_at):
        date = None  # "sentenced ... for starting the fire at a factory in 2012": the crime's date, not the verdict's
    if date is not None and hit is not None and _dates_another_clause(sent, date_at, hit):
        date = None  # "the raid was a blow to the generals who took control in 2021"
    if hit is not None and date is not None and date.precision == "day":
        date = _shift_for_days_after(text, hit, date)
    if date is not None and is_toll_update(text) and not _names_the_incident(text, date):
        date = None  # "by Saturday the toll had risen to 26": when the toll was counted, not the attack
    if date is not None and hit is None and _COUNTED_BY.search(text[:date_at]):
        date = None  # "14 deaths as of Monday morning": when the dead were counted
    # A running total ("the 100th officer this year") is a claim, unless the sentence also pins
    # one killing to a day ("the force lost its 40th officer on Monday").
    if ((_AGGREGATE.search(without_day_dates(text)) or is_statistic(text))
            and not (date is not None and date.precision == "day")):
        return None
    if cues()["summary_of_several"].search(text):
        return None  # "two men were shot dead in separate incidents": the sentences after tell each
    counted_from = earlier[2] if earlier else 0  # an earlier incident's sentence counts its dead only
    other_clauses = _clauses_of_other_incidents(sent, hit, date) if hit is not None and date is not None else []
    recalled_tolls = {c.best for start, end in other_clauses for c in _sentence_counts(text[start:end]).values()}
    counts = _sentence_counts(_blanked(told, other_clauses)[counted_from:])
    if hit is not None:
        # The grammar counts what numbers alone miss: "three teachers and their driver" are four.
        for figure, by_grammar in grammar_counts(sent, counted_from).items():
            if by_grammar in recalled_tolls:
                continue
            stated = counts.get(figure)
            if any(other != figure and c.best == by_grammar for other, c in counts.items()):
                continue  # a misparse gave the number of another figure ("31 wounded, 17 killed")
            if stated is None or (stated.low == stated.high and (stated.best or 0) < by_grammar):
                counts[figure] = Count(by_grammar, by_grammar, by_grammar)
    if for_crime:
        # "sentenced ... for starting the fire at a factory which killed 259 people": the toll is the
        # crime's, told with its own incident; the verdict kills nobody
        counts = {field: count for field, count in counts.items() if field not in ("fatalities", "injured")}
    if hit is None:
        # A toll without a trigger ("Altogether, at least 28 people died") can only add to an
        # incident already being told.
        if not (counts and (cues()["weak_fate"].search(text) or is_toll_update(text))):
            return None
        if found:
            return None  # "dozens could have been killed": the toll of what did not happen
    elif hit.start != kind_at and is_generic(sent, hits, date, narrative_present=bool(document.cues),
                                             headline=_is_headline(document, sent)):
        return None
    if (date and date.precision == "year" and not (date.text or "").lower().endswith(" ago")
            and (counts.get("fatalities") or Count()).best and counts["fatalities"].best >= 50):
        return None  # a year's toll is a statistic about many incidents ("three years ago" is a moment)
    places = locate_together(place_candidates(sent), context_city_id, sent) + facility_mentions(sent, context_city_id)
    named_person = any(e.label_ == "PERSON" for e in span_ents(sent))
    below_city = any(loc.precision in PRECISION_ORDER[:4] for _, loc in places)
    start = sent.start_char
    return Mention(
        index=index,
        hit=hit,
        evidence=Evidence(document=document.id, sentence=text, start=start, end=start + len(text),
                          timestamp=document.timestamp_at(start)),
        date=date,
        places=places,
        counts=counts,
        anchored=bool(date or counts or below_city or named_person or _is_headline(document, sent)
                      or (hits and _told_as_happening(sent, hits, bool(document.cues)))
                      or cues()["deictic"].search(text)),
        # In an undated report "just last month" cannot be placed, but it is not the report's news.
        separate=bool(_tells_a_new_incident(sent)
                      or (date is None and document.published is None and names_another_time(text))),
        indefinite=any(_indefinite(sent, h) for h in hits),
        anaphoric=bool(cues()["anaphora"].search(text)) or (hit is not None and hit.start == kind_at),
        void=tells_void_story(text),
        recalled=hit is not None and date is not None and _recalled_in_clause(sent, date_at, hit, date),
        earlier_by=earlier[:2] if earlier else None,
        # "the governor condemned the killing": a reaction ("the city mourns an officer who was
        # killed in a bombing" tells the killing)
        reaction=(bool(hits) and is_reaction(text, min(h.start for h in hits))
                  and not _told_beside_reaction(sent, hits, date)),
    )


# --------------------------------------------------------------------------- gathering sentences


def _dates_clash(a: Optional[DateRange], b: Optional[DateRange]) -> bool:
    if a is None or b is None or not (a.start and b.start):
        return False
    return a.end < b.start or b.end < a.start


def _best_place(mention: Mention) -> Optional[Location]:
    located = [loc for _, loc in mention.places if loc.gazetteer_id]
    if not located:
        return None
    return most_precise(located)


# Only areas clash: a landmark and the road it stands on are named together all the time.
CLASHING_PRECISIONS = ("neighbourhood", "town")


_UNKNOWN = object()  # a cached value not computed yet


class _Told(list):
    """The sentences told about one incident, in the order they joined it, with what deciding
    whether the next sentence joins needs kept up to date as they join, so that each decision
    costs the same however many sentences the incident already has (a report repeating one
    sentence thousands of times once made gathering quadratic)."""

    def __init__(self, first: Mention) -> None:
        super().__init__()
        self.dated = False  # some sentence has a date
        self.latest_start: Optional[str] = None  # over the sentences' dates that have a start
        self.earliest_end: Optional[str] = None
        self.first_day: Optional[DateRange] = None  # the first day-precision date told
        self.day_starts: set[str] = set()
        self.kinds: set[str] = set()  # event types of the triggered sentences
        self.sub_event_types: set[str] = set()
        self.areas: set[str] = set()  # gazetteer ids of the neighbourhoods and towns named
        self._place: object = _UNKNOWN  # the group's place and toll, read when first asked for
        self._toll: object = _UNKNOWN
        self.append(first)

    def append(self, mention: Mention) -> None:
        super().append(mention)
        self._place = self._toll = _UNKNOWN
        date = mention.date
        if date:
            self.dated = True
            if date.precision == "day":
                self.day_starts.add(date.start)
                self.first_day = self.first_day or date
            if date.start:
                self.latest_start = max(filter(None, (self.latest_start, date.start)))
                self.earliest_end = min(filter(None, (self.earliest_end, date.end)), default=None)
        if mention.hit is not None:
            self.kinds.add(mention.hit.trigger.event_type)
            self.sub_event_types.add(mention.hit.trigger.sub_event_type)
        place = _best_place(mention)
        if place is not None and place.precision in CLASHING_PRECISIONS:
            self.areas.add(place.gazetteer_id)

    @property
    def place(self) -> Optional[Location]:
        """The most precise place its sentences, or the quiet sentences beside them, name."""
        if self._place is _UNKNOWN:
            self._place = _group_place(self)
        return self._place

    @property
    def toll(self) -> Optional[Count]:
        if self._toll is _UNKNOWN:
            self._toll = _incident_count(self, "fatalities")
        return self._toll

    def take(self, other: "_Told") -> None:
        """Another group's sentences joined to these, in the report's order."""
        for mention in other:
            self.append(mention)
        self.sort(key=lambda m: m.index)  # before place and toll are read again: both read in order

    def dates_clash(self, date: Optional[DateRange]) -> bool:
        """Some sentence's date and ``date`` do not overlap."""
        if date is None or not date.start or self.latest_start is None:
            return False
        return ((self.earliest_end is not None and self.earliest_end < date.start)
                or (date.end is not None and date.end < self.latest_start))


def _places_clash(group: _Told, mention: Mention) -> bool:
    """Two different neighbourhoods (neither inside the other) are two incidents."""
    mine = _best_place(mention)
    if mine is None or mine.precision not in CLASHING_PRECISIONS:
        return False
    return any(not _nested(mine.gazetteer_id, area) for area in group.areas)


def _nested(a: str, b: str) -> bool:
    """Two gazetteer ids are one place, or one lies inside the other."""
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    return a == b or gazetteer.is_within(a, b) or gazetteer.is_within(b, a)


def _kind(mention: Mention) -> Optional[str]:
    return mention.hit.trigger.event_type if mention.hit else None


def _compatible_kinds(group: _Told, mention: Mention) -> bool:
    """Judicial steps are incidents of their own; violent kinds mix within one incident
    (militants storm a building, then blow themselves up)."""
    kind = _kind(mention)
    if kind is None:
        return True
    if group.kinds and (kind == JUDICIAL) != (JUDICIAL in group.kinds):
        return False
    if kind == JUDICIAL:
        return mention.hit.trigger.sub_event_type in group.sub_event_types
    return True


def _fits(group: _Told, mention: Mention) -> bool:
    return (not group.dates_clash(mention.date) and _compatible_kinds(group, mention)
            and not _places_clash(group, mention))


# A dateless sentence further on than this (in sentences, or characters for short transcript cues)
# does not continue an incident unless it points back at it ("the attack").
CONTINUATION_CHARS = 600
# A dated sentence may still date an undated incident while the incident is being introduced
# (headline, then a lead with the date), but not once several sentences have told it.
INTRODUCTION_SENTENCES = 2
# How many incidents back a dated sentence may return to one told earlier.
RETURN_REACH = 100


def _in_passing(group: _Told) -> bool:
    """An earlier incident the report recalls in a clause about someone ("his mentor, who was
    killed in August 2009"): the sentences after it go back to the report's own story. (One
    counted back from the lead, "came days after militants raided ...", may go on being told.)"""
    return group[0].recalled


def _continues(group: _Told, mention: Mention) -> bool:
    if mention.separate or not _fits(group, mention):
        return False
    if _in_passing(group) and mention.date is None:
        return False  # the report goes back to its own story after recalling an earlier one
    if mention.date is not None and not group.dated and len(group) > INTRODUCTION_SENTENCES:
        return False  # "And in June 2020, gunmen attacked ...": another incident, told in passing
    if mention.indefinite and mention.date is not None and len(group) >= INTRODUCTION_SENTENCES:
        return False  # "... wounded in an attack in June": a new incident, with its own date
    gap = mention.index - group[-1].index
    if gap <= CONTINUATION_WINDOW or mention.evidence.start - group[-1].evidence.end <= CONTINUATION_CHARS:
        return True
    # Further on, only a sentence that points back ("the attack") and names no new date.
    return mention.anaphoric and mention.date is None


def _returns_to(group: _Told, mention: Mention) -> bool:
    """A dated sentence returning to an incident told earlier: the same day, or "the attack" with
    a date that fits it."""
    if mention.separate or mention.indefinite or mention.date is None or not _fits(group, mention):
        return False
    if mention.date.start in group.day_starts:
        return True
    return mention.anaphoric and group.dated


def _points_back(mention: Mention) -> bool:
    """A sentence about "the attack" with no date of its own and no "a"/"another" of a new one."""
    return (mention.anaphoric and mention.date is None and not mention.indefinite and not mention.separate
            and mention.hit is not None)


def group_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Sentences gathered into incidents, in the order the report tells them."""
    groups: list[_Told] = []
    current: Optional[_Told] = None
    for mention in mentions:
        if current is not None and mention.date is None:
            mention.date = resolve_later(mention.evidence.sentence, current.first_day)
            mention.anchored = mention.anchored or mention.date is not None
        if mention.earlier_by is not None:
            # an earlier incident: dated back from the one being told, and never a part of it
            mention.date = resolve_earlier(*mention.earlier_by, current.first_day if current is not None else None)
            mention.separate = mention.anchored = True
        current_is_void = current is not None and current[0].void
        if mention.void and current is not None and not current_is_void:
            continue  # a rumour told beside a real incident says nothing about it
        if current is not None and _continues(current, mention):
            current.append(mention)
            continue
        earlier = None
        if mention.date is not None:
            earlier = next((g for g in reversed(groups[-RETURN_REACH:]) if _returns_to(g, mention)), None)
        if earlier is None and _points_back(mention):
            # "the explosion happened close to the truck": an incident already told, not a new one; the
            # report's lead incident first, since background incidents are told in passing
            earlier = next((g for g in groups[:RETURN_REACH]
                            if not g[0].void and not _in_passing(g) and _fits(g, mention)), None)
        if earlier is not None and not (mention.void and not earlier[0].void):
            earlier.append(mention)
            current = earlier
        elif mention.hit is not None and (mention.anchored or mention.void) and not mention.reaction:
            current = _Told(mention)
            groups.append(current)
        # else: an unanchored trigger or a lone toll with no incident to join says too little; a
        # reaction ("the president condemned the killing") is about an incident, not a new one
    # A story the report calls false, and the sentences that go on telling it, are no incident;
    # in a report about such a story, with no real violence told, an arrest is for spreading it.
    real = [group for group in groups if not group[0].void]
    if len(real) < len(groups) and all(_kind(m) in (None, JUDICIAL) for group in real for m in group):
        return []
    return real


# A retelling's toll and the incident's may differ this much (the wounded die, outlets round) and
# still be one incident; "three bodies found" beside "171 killed in the air strike" are not.
RETELLING_TOLL_RATIO = 2.0
# A dated part of a report's story, told after its undated lead, is the lead's own day only when it
# falls this close before the report's date (older dates are background: "the last such attack, in
# January 2018").
RETELLING_DAYS = 10


def _group_place(group: list[Mention]) -> Optional[Location]:
    for places in ([p for m in group for p in m.places], [p for m in group for p in m.neighbour_places]):
        located = [loc for place, loc in places if loc.gazetteer_id and not place.origin and not place.possessor]
        if located:
            return most_precise(located)
    return None


def _places_nest(a: Location, b: Location) -> bool:
    return _nested(a.gazetteer_id, b.gazetteer_id)


def _same_spot(a: Optional[Location], b: Optional[Location]) -> bool:
    """Both name one spot: the same village the gazetteer lacks (placed at its region, under its own
    name), or a spot below the district inside the other."""
    if a is None or b is None:
        return False
    if a.name and b.name and a.name.casefold() == b.name.casefold():
        return True
    return b.precision in PRECISION_ORDER[:3] and _places_nest(a, b)


def _tolls_agree(a: _Told, b: _Told) -> bool:
    ta, tb = a.toll, b.toll
    if ta is None or tb is None or ta.best is None or tb.best is None:
        return True
    small, large = sorted((ta.best, tb.best))
    return large <= RETELLING_TOLL_RATIO * small + 2


def _recent(date: DateRange, published: Optional[str]) -> bool:
    """A day-precision date within RETELLING_DAYS before the report's own day (any day when the
    report's date is unknown)."""
    if date.precision != "day" or not date.start:
        return False
    if not published or len(published) < 10:
        return True
    gap = _days_between(date.start, published[:10])
    return gap is None or 0 <= gap <= RETELLING_DAYS


def _days_between(first: str, second: str) -> Optional[int]:
    """Days from one ISO day to another; None when either is no day."""
    from datetime import date as day

    try:
        return (day.fromisoformat(second) - day.fromisoformat(first)).days
    except ValueError:
        return None


def _retells(earlier: _Told, later: _Told, published: Optional[str], setting: Optional[Location],
             lead: Optional[_Told] = None) -> bool:
    """Whether a later group of sentences goes on telling an earlier one, though the sentence
    walk started a new group (an indefinite "a major explosion" in the body, a dated paragraph
    after an undated lead): their kinds, places and tolls agree, nothing marks the later one as
    another incident, and one of them has no date of its own or both name days a day apart."""
    first = later[0]
    if first.separate or first.void or earlier[0].void or _told_in_passing(later):
        return False
    if any(not _compatible_kinds(earlier, m) for m in later) or any(_kind(m) == JUDICIAL for m in (*earlier, *later)):
        return False
    if earlier.dated and later.dated:
        return _next_day_retelling(earlier, later)
    if earlier is lead and _lead_points_ahead(earlier):
        return _tolls_agree(earlier, later)
    if later.dated and not (all(_recent(m.date, published) for m in later if m.date)
                            and _same_spot(earlier.place, later.place)):
        # an undated lead and a dated incident told after it: the lead's own day only when it is
        # recent and names the lead's own spot ("on April 11 ... in Pazigyi village"), not the
        # city ("On Sunday, two party workers were shot dead" in a report of Tuesday's killing)
        return False
    here, there = earlier.place, later.place
    if earlier.dated and here is None:
        here = setting  # the dated lead happened where the report is set (its dateline)
    # Places must say so: two undated groups at one spot, or an undated group placed inside (or
    # around) the dated one's place; a group that names no place is left where the walk put it.
    if not earlier.dated:
        placed = _same_spot(here, there)
    elif there is None:
        # a placeless body told after the report's own dated lead (not after a background incident)
        placed = earlier.first_day is not None and _recent(earlier.first_day, published)
    else:
        placed = here is not None and _places_nest(here, there)
    return placed and _tolls_agree(earlier, later)


def _lead_points_ahead(group: _Told) -> bool:
    """A report opening on "the incident" ("Fresh details came out about the attacker killed
    during the incident") with no date or place: it points at the incident the report goes on
    to tell, not at one told before. (``group`` is the report's first.)"""
    return group[0].anaphoric and not group.dated and group.place is None


def _next_day_retelling(earlier: _Told, later: _Told) -> bool:
    """Two dated groups a day apart that tell one incident: reports reckon "a day ago" from
    their own writing, not the day the lead names ("Thursday's attack" ... "a day ago, the convoy
    came under attack"). Only a definite retelling at the same or a nested place, tolls agreeing."""
    a, b = earlier.first_day, later.first_day
    if a is None or b is None or later[0].indefinite:
        return False
    gap = _days_between(a.start, b.start)
    if gap is None or abs(gap) > 1:
        return False
    here, there = earlier.place, later.place
    return here is not None and there is not None and _places_nest(here, there) and _tolls_agree(earlier, later)


def gather_retellings(groups: list[_Told], published: Optional[str],
                      setting: Optional[Location] = None) -> list[_Told]:
    """Groups that retell an earlier group joined to it, in the report's order (``setting``: the
    report's dateline place, if any)."""
    kept: list[_Told] = []
    for told in groups:
        target = next((k for k in kept if _retells(k, told, published, setting, lead=kept[0])), None)
        if target is None:
            kept.append(told)
        else:
            target.take(told)
    return kept


# --------------------------------------------------------------------------- one incident


def _widest(counts: list[Count]) -> Optional[Count]:
    """Within one report the most complete figure wins: later sentences repeat or update the lead."""
    if not counts:
        return None
    return max(counts, key=lambda c: (c.best or 0, c.low or 0, c.high or 0))


def _inside_city(location: Location, city_id: Optional[str]) -> bool:
    """A place below city level inside the report's city: a neighbouring sentence's "Korangi"
    can place an incident in a Karachi report, its "Peshawar" or "Pakistan" cannot."""
    if not city_id or not location.gazetteer_id or location.precision not in PRECISION_ORDER[:4]:
        return False
    from vigil.knowledge.gazetteer import load_gazetteer

    return load_gazetteer().is_within(location.gazetteer_id, city_id)


def _incident_count(group: list[Mention], field: str) -> Optional[Count]:
    """An incident's figure from its sentences: a later sentence repeats or updates the lead
    (the widest figure wins), unless it adds victims ("two other policemen were also killed");
    a restated running toll ("the toll has risen to 13") replaces whatever came before it."""
    total: Optional[Count] = None
    updated = False
    for mention in group:
        count = mention.counts.get(field)
        if count is None:
            continue
        if field == "fatalities" and is_toll_update(mention.evidence.sentence):
            total, updated = count, True
        elif updated and not cues()["additive"].search(mention.evidence.sentence):
            continue  # after the latest toll, a figure told again ("the blast first killed ten") is older
        elif total is not None and cues()["additive"].search(mention.evidence.sentence):
            total = Count(_count_sum(total.low, count.low), _count_sum(total.best, count.best),
                          _count_sum(total.high, count.high))
        else:
            total = _widest([c for c in (total, count) if c is not None])
    return total


def _with_attackers(group: list[Mention], fatalities: Optional[Count], attackers: Optional[Count]) -> Optional[Count]:
    """DESIGN: fatalities count everyone reported dead, attackers too, who are also kept apart.
    A toll that already includes them ("28 died, including the ten attackers") is not added to."""
    if attackers is None:
        return fatalities
    if fatalities is None:
        return attackers
    if any("fatalities" in m.counts and "perpetrators_killed" in m.counts
           and cues()["inclusive"].search(m.evidence.sentence) for m in group):
        return fatalities
    return Count(_count_sum(fatalities.low, attackers.low), _count_sum(fatalities.best, attackers.best),
                 _count_sum(fatalities.high, attackers.high))


def _incident_place(group: list[Mention], context_city: Optional[PlaceMention],
                    context_city_id: Optional[str]) -> Optional[Location]:
    """The most precise place the incident's sentences name; else one named in the sentence that
    introduces or follows it ("The market in Lyari was crowded ... a grenade exploded"); else the
    report's city."""
    for places in ([p for m in group for p in m.places], [p for m in group for p in m.neighbour_places]):
        # The dateline names where the report was filed, and "from ..." where someone came
        # from: neither says where the incident was as well as the other places named.
        told = [(p, loc) for p, loc in places if not _is_dateline(p, context_city) and not p.origin
                and not p.possessor]
        if not told and places and all(p.origin for p, _ in places):
            # "a bus travelling from Quetta was stopped": only where the victims came from is
            # named; the incident was on their way, somewhere in that province
            origin = _province_of(most_precise([loc for _, loc in places if loc.gazetteer_id] or [places[0][1]]))
            if origin is not None:
                return origin
        located = [loc for _, loc in (told or places) if loc.gazetteer_id]
        # In a report set in one city, a place elsewhere is usually background ("revenge for a
        # killing in Abbottabad"): the city's own places come first.
        # The setting itself counts when a dateline names it; a setting only named most often
        # ("DIG Hyderabad said ...") does not outweigh the town where it happened.
        local = [loc for loc in located if _inside_city(loc, context_city_id)
                 or (loc.gazetteer_id == context_city_id and context_city is not None)]
        located = local or located
        if located:
            # only places of the sentences that tell the violence ("the body was taken to
            # Hyderabad" names no place of the incident)
            told_with_event = [loc for m in group if m.hit is not None for _, loc in m.places]
            chosen = _village_in_named_place(most_precise(located, context_city_id),
                                             [loc for loc in located if any(loc is e for e in told_with_event)],
                                             context_city_id)
            return _setting_inside(chosen, context_city, context_city_id)
    if context_city is not None:
        return locate(context_city, context_city_id)
    return context_city_location(context_city_id)


def _village_in_named_place(chosen: Location, located: list[Location], context_city_id: Optional[str]) -> Location:
    """A village Vigil does not know, placed at the report's setting only because its own sentence
    names no known place ("ambushed near Kodapal village"), lies in the place the incident's other
    sentences name outside that setting ("in Chhattisgarh's Bijapur"), when that is a city,
    district or town: a report filed from the capital tells of the province's districts."""
    from vigil.knowledge.gazetteer import load_gazetteer
    from vigil.knowledge.geoparse import is_fallback, placed_within

    if not context_city_id or chosen.gazetteer_id != context_city_id or not is_fallback(chosen):
        return chosen
    named = [loc for loc in located if loc is not chosen and loc.gazetteer_id and not is_fallback(loc)
             and loc.precision in ("city", "district", "town") and not _nested(loc.gazetteer_id, context_city_id)
             and country_id(loc.gazetteer_id) == country_id(context_city_id)]
    if not named:
        return chosen
    return placed_within(chosen, most_precise(named, context_city_id).gazetteer_id, load_gazetteer())


def _province_of(location: Location) -> Optional[Location]:
    """The province (first-level division) holding a located place, as a Location."""
    if not location.gazetteer_id:
        return None
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    if location.gazetteer_id not in gazetteer:
        return None
    chain = [gazetteer.get(location.gazetteer_id), *gazetteer.ancestors(location.gazetteer_id)]
    province = next((p for p in chain if p.level == "province"), None)
    return context_city_location(province.id) if province is not None else None


def _is_dateline(mention: PlaceMention, dateline: Optional[PlaceMention]) -> bool:
    return dateline is not None and mention.start == dateline.start and mention.end == dateline.end


def _setting_inside(location: Location, context_city: Optional[PlaceMention],
                    context_city_id: Optional[str]) -> Location:
    """"KHAR: ... a blast in the Bajaur tribal region": when the report's dateline place lies
    inside the district, province or country the incident's sentences name, the dateline says
    more; else the city the report names most inside it, when one stands out ("explosions in
    Yemen" in a report that keeps naming Aden)."""
    if not location.gazetteer_id or location.precision not in ("district", "province", "country"):
        return location
    from vigil.knowledge.gazetteer import load_gazetteer
    from vigil.knowledge.geoparse import is_fallback, main_city_within

    gazetteer = load_gazetteer()
    if is_fallback(location, gazetteer):
        return location  # a place the text names, only placed at the district's point
    if context_city is not None:
        dateline = locate(context_city, context_city_id)
        if (dateline.gazetteer_id and dateline.gazetteer_id != location.gazetteer_id
                and gazetteer.is_within(dateline.gazetteer_id, location.gazetteer_id)):
            return dateline
    if location.precision == "country":
        return location  # too wide for one city to stand for it
    city = main_city_within(context_city_id, location.gazetteer_id, gazetteer)
    return context_city_location(city) if city else location


def _merge_actors(group: list[Mention]):
    perpetrators, targets, victims = [], [], []
    for mention in group:
        findings = mention.actors
        if findings is None:
            continue
        for source, into, key in ((findings.perpetrators, perpetrators, lambda a: (a.name or a.text or "").lower()),
                                  (findings.targets, targets, lambda a: (a.category, (a.name or a.text or "").lower())),
                                  (findings.victims, victims, lambda a: ((a.name or a.text or "").lower(), a.role))):
            seen = {key(a) for a in into}
            for actor in source:
                if key(actor) not in seen:
                    into.append(actor)
                    seen.add(key(actor))
    return perpetrators, targets, victims


def _told_in_passing(group: list[Mention]) -> bool:
    """A later incident the report marks as past ("in retaliation for the murder of ..."): the
    report's date says nothing about when it happened."""
    return any(cues()["past_reference"].search(m.evidence.sentence) for m in group)


def _build(document: Document, group: list[Mention], context_city: Optional[PlaceMention],
           context_city_id: Optional[str], background: bool = False) -> Incident:
    triggered = [m for m in group if m.hit]
    # The trigger words propose a type, cues in the incident's sentences decide (vigil.extract.event_types).
    kind = decide_type([(m.evidence.sentence, m.hit.trigger) for m in triggered], [m.evidence.sentence for m in group])
    dated = [m.date for m in group if m.date and not (background and is_recency(m.date))]
    # A background incident with no date of its own stays undated (the merge then finds the
    # incident it names by what it tells), never dated by the report it is mentioned in.
    date = (min(dated, key=lambda d: DATE_PRECISION_ORDER.index(d.precision)) if dated
            else None if background
            else report_dated(document.published, [m.evidence.sentence for m in group]))
    weapons = sorted({w for m in triggered for w in m.hit.trigger.weapons}
                     | {w.category for m in group for w in find_weapons(m.evidence.sentence)})
    counts = {f: _incident_count(group, f) for f in COUNT_FIELDS}
    counts["fatalities"] = _with_attackers(group, counts["fatalities"], counts["perpetrators_killed"])
    evidence = [m.evidence for m in group]
    perpetrators, targets, victims = _merge_actors(group)
    location = _incident_place(group, context_city, context_city_id)
    perpetrators = name_state_forces(perpetrators, location.country if location else None,
                                     [m.evidence.sentence for m in group], document.text)
    return Incident(
        id=stable_id(document.id, *[(e.start, e.end) for e in evidence]),
        event_type=kind.event_type,
        sub_event_type=kind.sub_event_type,
        attack_type=kind.attack_type,
        weapons=weapons,
        date=date,
        location=location,
        perpetrators=perpetrators,
        targets=targets,
        victims=victims,
        fatalities=counts["fatalities"],
        injured=counts["injured"],
        kidnapped=counts["kidnapped"],
        arrested=counts["arrested"],
        perpetrators_killed=counts["perpetrators_killed"],
        evidence=evidence,
        sources=[Source(document.id, document.outlet, document.url, document.published)],
        # A plain signal, not a probability: more supporting sentences, a date and a toll raise it.
        confidence=round(min(0.95, 0.35 + 0.1 * min(len(group), 3) + (0.15 if dated else 0)
                             + (0.15 if counts["fatalities"] or counts["injured"] else 0)), 2),
    )


def _actor_finder():
    try:
        from vigil.extract.actors import find_actors
    except ImportError:  # the actor extractor is optional until it lands
        return None
    return find_actors


# How far, in sentences that tell no incident of their own, a place may stand from an incident's
# sentence and still place it ("... shot at a tea stall. He was off duty. He served at the Baldia
# police station.").
NEIGHBOUR_REACH = 2


def _nearest_mention(position: int, sentences: list, mention_indices: set[int], text: str) -> Optional[int]:
    """The incident sentence a quiet sentence's places belong to: the nearest one in the same
    paragraph within reach, not across another incident's sentence; on a tie the one after, since a
    place is usually named before the story told about it ("The checkpoint in Korangi is exposed.
    A constable was killed there"). ``text`` is the report's text the sentences point into."""
    best = None
    for index in range(max(0, position - NEIGHBOUR_REACH), position + NEIGHBOUR_REACH + 1):
        if index not in mention_indices:
            continue
        distance = abs(index - position)
        first, last = sorted((index, position))
        if any(i in mention_indices for i in range(first + 1, last)):
            continue
        if "\n" in text[sentences[first].end_char:sentences[last].start_char]:
            continue  # another paragraph
        if best is None or distance < abs(best - position) or (distance == abs(best - position) and index > best):
            best = index
    return best


def extract_incidents(document: Document, spacy_doc, context_city_id: Optional[str] = None) -> list[Incident]:
    """The incidents one report tells, each sentence of evidence pointing into its cleaned text."""
    find_actors = _actor_finder()
    sentences = list(spacy_doc.sents)
    quiet = [not find_triggers(sent.text) for sent in sentences]  # sentences that tell no incident
    mentions: dict[int, Mention] = {}
    for index, sent in enumerate(sentences):
        mention = _sentence_mention(document, index, sent, context_city_id)
        if mention is None:
            continue
        if find_actors is not None and mention.hit is not None:
            mention.actors = find_actors(sent)
        mentions[index] = mention
    mention_indices = set(mentions)
    for position, sent in enumerate(sentences):
        if not quiet[position] or position in mentions:
            continue
        owner = _nearest_mention(position, sentences, mention_indices, document.text)
        if owner is not None:
            mentions[owner].neighbour_places += [
                (p, loc) for p in place_candidates(sent)
                if _inside_city(loc := locate(p, context_city_id), context_city_id)]
    context_city = find_dateline(document.text)
    setting = locate(context_city, context_city_id) if context_city is not None else context_city_location(context_city_id)
    groups = gather_retellings(group_mentions([mentions[i] for i in sorted(mentions)]), document.published,
                               setting if setting is not None and setting.gazetteer_id else None)
    if find_actors is not None:
        from vigil.extract.attribution import attach_report_attributions

        attach_report_attributions(groups, sentences)
    incidents, news_told = [], False  # whether a group before this one told the report's own news
    for i, group in enumerate(groups):
        background = i > 0 and (_told_in_passing(group) or (news_told and _dated_only_as_recent(group)))
        incidents.append(_build(document, group, context_city, context_city_id, background=background))
        news_told = news_told or _tells_news(group, document.published)
    return incidents


def _tells_news(group: list[Mention], published: Optional[str]) -> bool:
    """The group tells the report's own news: an incident on a day just before the report."""
    return any(m.date is not None and _recent(m.date, published) for m in group) and bool(published)


def _dated_only_as_recent(group: list[Mention]) -> bool:
    """An incident that "recently" is all the report says of its time. Told after the report's
    own news, it is an earlier one the report recalls ("the third attack, on Daudpota Road,
    killed one man recently"), and keeps no date rather than the report's week."""
    dates = [m.date for m in group if m.date]
    return bool(dates) and all(is_recency(d) for d in dates)
