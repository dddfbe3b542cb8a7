"""Cases: which earlier incident a judicial step follows, and how far each incident's case went.

A judicial step (an arrest, charge, trial, conviction, acquittal or release: event type
"Strategic developments") concerns an earlier incident.  Reports say which one by its victim
("over the May murder of journalist X"), its date or period ("the 2016 killing", "the 2012
Baldia factory fire case"), its place, or by telling both in one report ("police arrested two
men in connection with the killing").  ``case_terms`` weighs that evidence for one step and one
earlier incident, term by term as ``similarity.score_terms`` does for two reports of one
incident; a step follows the best-scoring incident above THRESHOLD.  Every term reads the two
mentions alone, so which incident a step follows depends on what is stored, never on the order
it arrived in.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Iterable, Optional

from vigil.extract.dates import resolve_date
from vigil.extract.event_types import crime_cue
from vigil.extract.triggers import find_triggers
from vigil.model import Count
from vigil.resolve.features import DATE_SLACK, MentionFeatures, day_number, normalise_name
from vigil.resolve.names import shared_names
from vigil.resolve.similarity import count_agreement, event_types_compatible, places_nested

JUDICIAL = "Strategic developments"
# A step follows the incident it scores best with, when that score is above this.
THRESHOLD = 0.5
# A verdict may come decades after the killing; nothing follows an incident from after it.
MAX_CASE_DAYS = 40 * 366
# A night killing reported the next morning can look a day younger than its arrest.
STEP_SLACK_DAYS = 1


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    return json.loads(resources.files("vigil.resolve").joinpath("data/cases.json").read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def _crime_words() -> dict[str, re.Pattern]:
    return {kind: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for kind, words in _table()["crime_words"].items()}


@functools.lru_cache(maxsize=1)
def _case_cue() -> re.Pattern:
    return re.compile(_table()["case_cue"], re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _pointing() -> re.Pattern:
    return re.compile(rf"\b(?:{_table()['pointing']})\b", re.IGNORECASE)


# Where the crime clause stops: a speaker's tag (", police said on Monday") dates the telling.
_CLAUSE_END = re.compile(r"[;:]|,\s+(?:[\w'’-]+\s+){0,4}(?:said|says|told|added|stated)\b|\s+(?:and|but)\s+(?:was|were|has|have|had)\b",
                         re.IGNORECASE)


def is_judicial(event_type: Optional[str]) -> bool:
    return event_type == JUDICIAL


STAGES: tuple[str, ...] = tuple(_table()["stage_order"])
NO_STEP: str = _table()["no_step"]


def stage_of(sub_event_type: Optional[str]) -> Optional[str]:
    """The stage a judicial step shows its case reached ("Arrests" → "arrest made")."""
    return _table()["stages"].get(sub_event_type or "")


def stage_reached(follow_ups: Iterable[dict[str, Any]]) -> str:
    """The furthest stage an incident's case reached by its judicial steps: the highest in
    ``stage_order``; of two verdicts the later one, a conviction on a tie."""
    verdicts = set(_table()["verdicts"])

    def rank(step: dict[str, Any]) -> tuple:
        stage = stage_of(step.get("sub_event_type")) or NO_STEP
        if stage in verdicts:
            return (len(STAGES), ((step.get("date") or {}).get("start") or ""), STAGES.index(stage))
        return (STAGES.index(stage), "", 0)

    steps = list(follow_ups)
    if not steps:
        return NO_STEP
    return stage_of(max(steps, key=rank).get("sub_event_type")) or NO_STEP


def case_stage(record: dict[str, Any]) -> Optional[str]:
    """A merged incident's case stage; None for a judicial step, which is a stage of a case."""
    if is_judicial(record.get("event_type")):
        return None
    return stage_reached(record.get("follow_ups") or [])


def timeline_order(step: dict[str, Any]) -> tuple:
    """Judicial steps oldest first (undated last), then by stage, then by id."""
    stage = stage_of(step.get("sub_event_type")) or NO_STEP
    return ((step.get("date") or {}).get("start") or "9999", STAGES.index(stage), step.get("incident") or "")


# --------------------------------------------------------------------------- what a step says


def crime_clause(sentence: str) -> Optional[tuple[int, frozenset[str]]]:
    """Where a judicial sentence starts naming the crime its step is for, and the event types of
    the violence named there: "sentenced ... **for the 2016 killing** of a journalist".  None
    when the sentence names no step, or no crime after it."""
    hits = find_triggers(sentence)
    steps = [h.end for h in hits if h.trigger.event_type == JUDICIAL]
    if not steps:
        return None
    after = min(steps)
    violence = [(h.start, h.trigger.event_type) for h in hits if h.trigger.event_type != JUDICIAL and h.start >= after]
    violence += [(m.start(), kind) for kind, words in _crime_words().items() for m in words.finditer(sentence, after)]
    cue = crime_cue()
    starts, kinds = [], set()
    for at, kind in sorted(violence):
        led = list(cue.finditer(sentence, after, at))
        if led:
            starts.append(led[-1].start())
            kinds.add(kind)
    case = _case_cue().search(sentence, after)
    if case:
        starts.append(case.start())
    if not starts:
        return None
    return min(starts), frozenset(kinds)


@dataclass(frozen=True)
class CaseFeatures:
    """What a judicial step tells about the incident it follows."""

    step: MentionFeatures
    offset: int  # where the report first tells the step
    latest: Optional[int]  # the last day (ordinal) the step can have happened on
    crime: Optional[tuple[int, int]]  # the crime's date range the text gives, as day ordinals
    crime_precision: str
    crime_kinds: frozenset[str]  # event types of the violence the step is for
    victims: frozenset[str]  # names of the people the crime was done to (not the suspects)
    fatalities: Optional[Count]  # a toll the step states for its crime ("for killing 260 workers")
    lookup: tuple[MentionFeatures, ...] = ()  # whose rare keys find the incident: the step, a companion it borrows from
    points: bool = False  # names what it is for (a crime, its suspects): not an operation of its own


def _published(record: dict[str, Any]) -> Optional[str]:
    dates = sorted(s.get("published") for s in record.get("sources") or [] if s.get("published"))
    return dates[-1] if dates else None


def case_features(record: dict[str, Any], features: MentionFeatures) -> CaseFeatures:
    """A judicial step's case features from its stored record (a contract dict) and features."""
    published = _published(record)
    evidence = record.get("evidence") or []
    crime, precision, kinds, points = None, "unknown", set(), False
    for item in evidence:
        sentence = item.get("sentence") or ""
        points = points or bool(_pointing().search(sentence))
        clause = crime_clause(sentence)
        if clause is None:
            continue
        start, found = clause
        kinds |= found
        points = True
        text = sentence[start:]
        end = _CLAUSE_END.search(text)
        dated = resolve_date(text[:end.start()] if end else text, published) if crime is None else None
        if dated is not None:
            first, last = day_number(dated[0].start), day_number(dated[0].end, last=True)
            if first is not None and last is not None:
                crime, precision = (first, last), dated[0].precision
    roles = set(_table()["victim_roles"])
    victims = frozenset(normalise_name(v["name"]) for v in record.get("victims") or []
                        if v.get("name") and v.get("role") in roles)
    latest = features.end if features.end is not None else (features.block[1] if features.block else None)
    if crime is not None and latest is not None and crime[0] > latest:
        crime, precision = None, "unknown"  # a "crime" after the step is some other date
    return CaseFeatures(
        step=features,
        offset=min((item.get("start") or 0 for item in evidence), default=0),
        latest=latest,
        crime=crime,
        crime_precision=precision,
        crime_kinds=frozenset(kinds),
        victims=victims,
        fatalities=features.fatalities,
        lookup=(features,),
        points=points,
    )


# A crime dated to the day or the week the step names is looked for by its date as well.
WINDOW_PRECISIONS = ("day", "week")


def crime_window(case: CaseFeatures) -> Optional[tuple[int, int]]:
    """The days (ordinals) to look for the step's incident in by date alone, when the step dates
    its crime that finely: the crime's range widened as a mention's date window is."""
    if case.crime is None or case.crime_precision not in WINDOW_PRECISIONS:
        return None
    slack = DATE_SLACK[case.crime_precision]
    return case.crime[0] - slack, case.crime[1] + slack


def names_no_crime(case: CaseFeatures) -> bool:
    return not (case.victims or case.crime or case.crime_kinds)


def companion_types(sub_event_type: Optional[str]) -> frozenset[str]:
    """The judicial sub-event types one hearing gives together with this one (none: empty)."""
    return next((frozenset(group) for group in _table()["companions"] if sub_event_type in group), frozenset())


def borrow_crime(case: CaseFeatures, companions: Iterable[CaseFeatures]) -> CaseFeatures:
    """A step that names no crime of its own, told beside a companion step of one hearing that
    does ("sentenced two men for the 2016 killing ... The judge acquitted a third accused"), is
    about that crime: it takes the nearest such companion's victims, crime date and kind."""
    if not names_no_crime(case):
        return case
    told = [c for c in companions if c.step.id != case.step.id and not names_no_crime(c)
            and c.step.sub_event_type in companion_types(case.step.sub_event_type)]
    if not told:
        return case
    other = min(told, key=lambda c: (abs(c.offset - case.offset), c.offset, c.step.id))
    return dataclasses.replace(case, crime=other.crime, crime_precision=other.crime_precision,
                               crime_kinds=other.crime_kinds, victims=other.victims,
                               fatalities=case.fatalities or other.fatalities, lookup=case.lookup + other.lookup,
                               points=True)


# --------------------------------------------------------------------------- scoring


NEAREST, OTHER = "nearest", "other"  # an incident told in the step's own report: the closest, or not


def report_neighbours(step_offset: int, offsets: dict[str, int]) -> dict[str, str]:
    """For the incidents one report tells beside a step (id → where the report first tells it):
    NEAREST for the one told closest to the step (the earlier on a tie), OTHER for the rest."""
    if not offsets:
        return {}
    nearest = min(offsets, key=lambda m: (abs(offsets[m] - step_offset), offsets[m] > step_offset, m))
    return {m: NEAREST if m == nearest else OTHER for m in offsets}


def _victim_named(victim: str, words: frozenset[str]) -> bool:
    parts = frozenset(w for w in victim.split() if len(w) > 2)
    return bool(parts) and shared_names(parts, words) >= min(2, len(parts))


def _place_term(step: MentionFeatures, incident: MentionFeatures) -> Optional[float]:
    """A step is placed where it happened (a court, a raid), which is often not the crime's
    place: a shared place helps, another neighbourhood of the same city hardly counts against."""
    if not (step.place_id and incident.place_id):
        return None
    if places_nested(step, incident):
        return 0.7 if step.place_precision in ("point", "neighbourhood", "town", "district") else 0.1
    if step.place_city is not None and step.place_city == incident.place_city:
        return -0.3
    return -1.0


def case_terms(case: CaseFeatures, incident: MentionFeatures,
               same_report: Optional[str] = None) -> Optional[list[tuple[str, float]]]:
    """The evidence for and against a judicial step following an incident, term by term (their
    sum is ``case_score``); None when the incident cannot be the step's: another judicial step,
    an incident after the step or long before it, or outside the period the step names."""
    if is_judicial(incident.event_type) or incident.id == case.step.id:
        return None
    first = incident.start if incident.start is not None else (incident.block[0] if incident.block else None)
    if case.latest is not None and first is not None:
        last = incident.end if incident.end is not None else incident.block[1]
        if first > case.latest + STEP_SLACK_DAYS or last < case.latest - MAX_CASE_DAYS:
            return None
    if case.crime is not None and incident.block is not None and incident.start is not None:
        if incident.block[0] > case.crime[1] or incident.block[1] < case.crime[0]:
            return None

    terms: list[tuple[str, float]] = [("prior", -1.0)]
    if same_report is not None:
        # Told in one report: the step's case, when it names what it is for ("arrested in
        # connection with the killing", "the suspect"); "five militants arrested in a raid" may
        # be an operation of its own.
        terms.append(("same report", (2.0 if same_report == NEAREST else 1.0) if case.points else
                      (0.5 if same_report == NEAREST else 0.0)))
    words = incident.names | frozenset(w for name in incident.victims for w in name.split())
    if case.victims:
        if any(_victim_named(victim, words) for victim in case.victims):
            terms.append(("victim", 2.5))
        elif incident.victims:
            terms.append(("victim", -2.0))
        elif incident.names:
            terms.append(("victim", -1.0))
    elif case.step.names and incident.names and shared_names(case.step.names, incident.names) >= 2:
        terms.append(("names", 0.8))
    if case.crime is not None and incident.start is not None:
        # Less than a victim's name: a city has more than one killing on a day.
        if case.crime_precision == "day" and incident.precision == "day":
            terms.append(("crime date", 1.0 if abs(incident.start - case.crime[0]) <= 1 else 0.6))
        else:
            terms.append(("crime date", 0.3 if case.crime_precision == "year" else 0.6))
    if incident.block is None:
        terms.append(("undated", -0.5))
    place = _place_term(case.step, incident)
    if place is not None:
        terms.append(("place", place))
    if case.crime_kinds:
        if incident.event_type in case.crime_kinds:
            terms.append(("crime kind", 0.5))
        elif not any(event_types_compatible(kind, incident.event_type) for kind in case.crime_kinds):
            terms.append(("crime kind", -1.0))
    fatalities = count_agreement(case.fatalities, incident.fatalities)
    if fatalities is not None:
        terms.append(("fatalities", 0.8 * fatalities))
    return terms


def case_score(case: CaseFeatures, incident: MentionFeatures, same_report: Optional[str] = None) -> Optional[float]:
    terms = case_terms(case, incident, same_report)
    return None if terms is None else round(sum(value for _, value in terms), 6)


def best_followed(case: CaseFeatures, candidates: Iterable[tuple[MentionFeatures, Optional[str]]]
                  ) -> Optional[tuple[str, float]]:
    """(the incident mention the step follows, its score), or None when no candidate scores
    above THRESHOLD; ties go to the smaller id."""
    scored = []
    for incident, same_report in candidates:
        value = case_score(case, incident, same_report)
        if value is not None and value > THRESHOLD:
            scored.append((-value, incident.id))
    if not scored:
        return None
    value, mention = min(scored)
    return mention, -value
