"""One merged incident from the mentions of every report that tells it.

Figures: each report keeps its own (``reports``, with the sentence that states it); the
incident's low is the smallest report, high the largest (none when the largest is only a lower
bound, "at least 30"), best the best-supported figure, preferring later and more precise reports
as UCDP's best estimate does (the rule: ``best_figure``; docs/counting.md).  Date and place take the most
precise value the reports support; where reports disagree (sub-event type, date, place,
claim of responsibility) the disagreement is recorded in ``conflicts``, not silently resolved.
"""
from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any, Callable, Hashable, Iterable, Optional

from vigil.model import Count, DateRange, Evidence, Incident, Location, ReportFigures, stable_id
from vigil.resolve.features import _place_chain, normalise_name, place_written

DATE_PRECISION = ("day", "week", "month", "season", "year", "unknown")
PLACE_PRECISION = ("point", "neighbourhood", "town", "district", "city", "province", "country", "unknown")
COUNT_FIELDS = ("fatalities", "injured", "kidnapped", "arrested", "perpetrators_killed")


def merged_incident_id(member_ids: Iterable[str]) -> str:
    """A merged incident's id: from its smallest member id, so it does not depend on arrival order
    and survives reports joining or leaving unless that very mention leaves."""
    return stable_id("merged", min(member_ids))


def _document(incident: Incident) -> str:
    if incident.evidence:
        return incident.evidence[0].document
    return incident.sources[0].document if incident.sources else incident.id


def _count_value(count: Optional[Count]) -> Optional[int]:
    if count is None:
        return None
    for value in (count.best, count.low, count.high):
        if value is not None:
            return value
    return None


def _widest(counts: list[Count]) -> Optional[Count]:
    known = [c for c in counts if _count_value(c) is not None]
    if not known:
        return None
    return max(known, key=lambda c: (_count_value(c), c.high or 0))


def _bounds(count: Count) -> tuple[int, Optional[int]]:
    """(smallest stated value, largest; None when open-ended as in "at least 30")."""
    values = [v for v in (count.low, count.best, count.high) if v is not None]
    if count.high is None and count.low is not None:
        return min(values), None
    return min(values), max(values)


def _exact(count: Count) -> bool:
    """A figure stated as one number ("13 were killed"), not a bound or a range."""
    low, high = _bounds(count)
    return high is not None and low == high


def best_figure(per_report: list[tuple[Count, Optional[str], int]]) -> int:
    """The best estimate among reports' figures, each given as (count, report's date, how many
    sentences the report gives the incident).  The rule (docs/counting.md):

    1. a figure stated as one number beats a bound or a range ("at least 12", "20 or 25") when
       any report gives one; the others still set the low and high;
    2. the latest report wins: tolls rise as the wounded die and bodies are found, and a later
       report has seen the earlier ones (reports without a date count as the earliest);
    3. among reports of one day, the figure the most reports are consistent with (a figure lies
       within a report's own range; "at least 12" is consistent with 13);
    4. then the report that tells the incident in more sentences, then the higher figure.
    """
    exact = [item for item in per_report if _exact(item[0])]
    ranked = exact or per_report

    ranges = [_bounds(count) for count, _, _ in per_report]  # each report's, once: ranked n times

    @functools.lru_cache(maxsize=None)
    def support(value: int) -> int:
        return sum(1 for low, high in ranges if low <= value and (high is None or value <= high))

    def key(item: tuple[Count, Optional[str], int]):
        count, published, detail = item
        value = _count_value(count)
        return ((published or "")[:10], support(value), detail, value)

    return _count_value(max(ranked, key=key)[0])


def reconcile_counts(per_report: list[Optional[Count]], published: Optional[list[Optional[str]]] = None,
                     detail: Optional[list[int]] = None) -> Optional[Count]:
    """low = smallest report, high = largest report (None when the largest is a lower bound no
    other report caps), best = ``best_figure`` over the reports (``published``: each report's
    date; ``detail``: how many sentences each gives the incident)."""
    published = published or [None] * len(per_report)
    detail = detail or [1] * len(per_report)
    known = [(c, p, d) for c, p, d in zip(per_report, published, detail) if c is not None and _count_value(c) is not None]
    if not known:
        return None
    counts = [c for c, _, _ in known]
    lows = [_bounds(c)[0] for c in counts]
    closed = [_bounds(c)[1] for c in counts if _bounds(c)[1] is not None]
    open_lows = [_bounds(c)[0] for c in counts if _bounds(c)[1] is None]
    if open_lows and (not closed or max(open_lows) > max(closed)):
        high = None
    else:
        high = max(closed)
    return Count(low=min(lows), best=best_figure(known), high=high)


@functools.lru_cache(maxsize=16384)
def _stated_counts(sentence: str) -> tuple:
    """The counts a sentence states, read once per process: a merged incident is reconciled
    again each time a report joins it, over the same evidence sentences."""
    from vigil.extract.counts import find_counts

    return tuple(find_counts(sentence))


def figure_sentence(evidence: list[Evidence], field: str, count: Optional[Count]) -> Optional[Evidence]:
    """The sentence of one report's evidence that states its figure for ``field``: the one whose
    counts give that value, else the one with the number written in it."""
    value = _count_value(count)
    if value is None:
        return None
    for item in evidence:
        for found in _stated_counts(item.sentence):
            quantity = found.quantity
            if found.field == field and value in (quantity.value, quantity.low, quantity.best, quantity.high):
                return item
    digits = re.compile(rf"(?<![\d,.]){value}(?![\d,])")
    return next((item for item in evidence if digits.search(item.sentence)), None)


def _vote(values: list[tuple[Hashable, str]], order: Callable[[Any], Any] = lambda v: str(v)) -> Any:
    """The value most reports give (ties: by ``order``), from (value, document) pairs."""
    documents: dict[Hashable, set[str]] = {}
    for value, document in values:
        documents.setdefault(value, set()).add(document)
    if not documents:
        return None
    return min(documents, key=lambda v: (-len(documents[v]), order(v)))


@functools.lru_cache(maxsize=1)
def _specificity() -> dict[str, int]:
    data = json.loads(resources.files("vigil.resolve").joinpath("data/event_types.json").read_text("utf-8"))
    return {sub_type: rank for rank, sub_type in enumerate(data["specific_first"])}


def _specific_first(sub_event_type: str) -> tuple[int, str]:
    """Order of sub-types in a tie: the more telling first (resolve/data/event_types.json)."""
    return _specificity().get(sub_event_type, len(_specificity())), sub_event_type


def _conflict(field: str, values: list[tuple[Hashable, str]]) -> Optional[dict[str, Any]]:
    """A conflict record when reports give more than one value for ``field``."""
    documents: dict[Hashable, set[str]] = {}
    for value, document in values:
        documents.setdefault(value, set()).add(document)
    if len(documents) < 2:
        return None
    ordered = sorted(documents, key=lambda v: (-len(documents[v]), "" if v is None else str(v)))
    return {"field": field, "values": [{"value": v, "documents": sorted(documents[v])} for v in ordered]}


def _date(members: list[Incident]) -> tuple[Optional[DateRange], Optional[dict]]:
    dated = [(m.date, _document(m)) for m in members if m.date and (m.date.start or m.date.end)]
    # A date the text gives beats one taken from a report's own date.
    dated = [(d, doc) for d, doc in dated if not d.approximate] or dated
    if not dated:
        return next((m.date for m in members if m.date), None), None
    finest = min(DATE_PRECISION.index(d.precision) if d.precision in DATE_PRECISION else 5 for d, _ in dated)
    precise = [(d, doc) for d, doc in dated if DATE_PRECISION.index(d.precision if d.precision in DATE_PRECISION
                                                                    else "unknown") == finest]
    chosen_key = _vote([((d.start, d.end), doc) for d, doc in precise], order=lambda v: v)
    chosen = next(d for d, _ in precise if (d.start, d.end) == chosen_key)
    day_values = [(d.start, doc) for d, doc in dated if d.precision == "day"]
    return (DateRange(chosen.start, chosen.end, chosen.precision, chosen.text, chosen.approximate),
            _conflict("date", day_values))


UNNAMED_PLACE_WEIGHT = 0.5


def _named(incident: Incident) -> bool:
    return place_written(incident.location, incident.evidence)


def _location(members: list[Incident]) -> tuple[Optional[Location], Optional[dict]]:
    placed = [(m.location, _document(m)) for m in members if m.location]
    if not placed:
        return None, None
    known = [(loc, doc) for loc, doc in placed if loc.gazetteer_id]
    if not known:
        name = _vote([(loc.name, doc) for loc, doc in placed if loc.name])
        return next((loc for loc, _ in placed if loc.name == name), placed[0][0]), None
    # A report whose sentences name its place weighs more than one that took it from its
    # dateline or setting.
    weight = {_document(m): (1.0 if _named(m) else UNNAMED_PLACE_WEIGHT) for m in members if m.location}
    chains = {loc.gazetteer_id: _place_chain(loc.gazetteer_id) for loc, _ in known}

    def support(place_id: str) -> float:
        # Reports consistent with this place: the same, a wider place holding it, or a narrower one in it.
        return sum(weight[doc] for doc in {doc for loc, doc in known
                                           if loc.gazetteer_id in chains[place_id] or place_id in chains[loc.gazetteer_id]})

    # Most precise first among places every report is consistent with; then the best supported.
    candidates = sorted(chains, key=lambda pid: (-support(pid), -len(chains[pid]), pid))
    chosen_id = candidates[0]
    # Of the reports placing it at that entry, one naming a smaller place inside it ("Madyan"
    # placed at Swat district's point) says more.
    at_chosen = [loc for loc, _ in known if loc.gazetteer_id == chosen_id]
    chosen = next((loc for loc in at_chosen if loc.coord_quality == "parent" and loc.name
                   and loc.name != at_chosen[0].name), at_chosen[0]) if len(at_chosen) > 1 else at_chosen[0]
    chosen = _village_near(chosen, chosen_id, chains, members) or chosen
    # Places that are not nested in one another are a disagreement about where it happened.
    clashing = [(loc.gazetteer_id, doc) for loc, doc in known
                if not (loc.gazetteer_id in chains[chosen_id] or chosen_id in chains[loc.gazetteer_id])]
    conflict = None
    if clashing:
        values = clashing + [(chosen_id, doc) for loc, doc in known if (loc.gazetteer_id, doc) not in clashing]
        names = {loc.gazetteer_id: loc.name for loc, _ in known}
        conflict = _conflict("place", [(names.get(pid) or pid, doc) for pid, doc in values])
    return Location(**chosen.to_dict()), conflict


def _village_near(chosen: Location, chosen_id: str, chains: dict, members: list[Incident]) -> Optional[Location]:
    """"the rice fields at Koshebe" in one report, "near Maiduguri" in the others: a place Vigil
    does not know, written in a report's own sentences and placed at an area holding the chosen
    city, names the incident; the city's point stands for it (marked as borrowed). None when the
    chosen place already is such a place or no report names one."""
    from vigil.knowledge.geoparse import is_fallback

    if is_fallback(chosen):
        return None
    villages = [m.location for m in members
                if m.location is not None and m.location.gazetteer_id and m.location.gazetteer_id != chosen_id
                and _named(m) and m.location.gazetteer_id in chains[chosen_id] and is_fallback(m.location)]
    if not villages:
        return None
    sentences = [e.sentence for m in members for e in m.evidence]
    # "Koshebe village of Zabarmari community": of two villages, the one written inside the
    # other is where it happened; then the one placed in the smallest area ("between Rijana and
    # Katari in Kaduna" at the city, before "Dutse, Kaduna State" at the state).
    inner = [v for v in villages if not any(_written_inside(other.name, v.name, sentences)
                                            for other in villages if other.name != v.name)] or villages
    village = max(inner, key=lambda v: len(_place_chain(v.gazetteer_id)))
    near = Location(**chosen.to_dict())
    near.name, near.text = village.name, village.text
    if near.lat is not None:
        near.coord_quality = "parent"
    return near


def _written_inside(inner: Optional[str], outer: Optional[str], sentences: list[str]) -> bool:
    """A sentence says the place ``inner`` lies in ``outer``: "Koshebe village of Zabarmari",
    "Kwashabe village in Zabarmari district", "Koshebe, in Zabarmari"."""
    if not inner or not outer:
        return False
    pattern = re.compile(rf"\b{re.escape(inner)}(?: village| town| hamlet)?,? (?:of|in) (?:the )?{re.escape(outer)}\b")
    return any(pattern.search(s) for s in sentences)


def _unique(items: list, key: Callable) -> list:
    seen, out = set(), []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _claim_conflict(members: list[Incident]) -> Optional[dict]:
    """Claimed by one group in one report, another group or nobody in others."""
    claims: dict[str, set[str]] = {}
    for member in members:
        document = _document(member)
        claimed = sorted({p.name for p in member.perpetrators if p.name and p.attribution == "claimed"})
        claims.setdefault(document, set()).update(claimed)
    if not any(claims.values()):
        return None
    values = [("; ".join(sorted(names)) if names else None, document) for document, names in claims.items()]
    return _conflict("claimed_by", values)


def _published(group: list[Incident]) -> Optional[str]:
    dates = sorted(s.published for m in group for s in m.sources if s.published)
    return dates[-1] if dates else None


def _report_figures(document: str, group: list[Incident]) -> ReportFigures:
    """One report's own figures for the incident, each with the sentence that states it."""
    fatalities = _widest([m.fatalities for m in group if m.fatalities])
    injured = _widest([m.injured for m in group if m.injured])
    evidence = [e for m in group for e in m.evidence]
    return ReportFigures(document, fatalities, injured, _published(group),
                         figure_sentence(evidence, "fatalities", fatalities),
                         figure_sentence(evidence, "injured", injured))


def reconcile(members: list[Incident], *, edited: bool = False) -> dict[str, Any]:
    """The merged incident (contract-shaped dict, plus ``conflicts`` and ``mentions``) of the
    mentions of one cluster."""
    members = sorted(members, key=lambda m: (_document(m), m.id))
    by_document: dict[str, list[Incident]] = {}
    for member in members:
        by_document.setdefault(_document(member), []).append(member)
    votes = lambda attribute: [(getattr(m, attribute), _document(m)) for m in members if getattr(m, attribute)]

    event_type = _vote(votes("event_type"))
    sub_votes = [(m.sub_event_type, _document(m)) for m in members if m.event_type == event_type and m.sub_event_type]
    date, date_conflict = _date(members)
    location, place_conflict = _location(members)

    report_counts = {
        f: [_widest([getattr(m, f) for m in group if getattr(m, f)]) for group in by_document.values()]
        for f in COUNT_FIELDS
    }
    report_dates = [_published(group) for group in by_document.values()]
    report_detail = [sum(len(m.evidence) for m in group) for group in by_document.values()]
    incident = Incident(
        id=merged_incident_id(m.id for m in members),
        event_type=event_type,
        sub_event_type=_vote(sub_votes, order=_specific_first),
        attack_type=_vote(votes("attack_type")),
        weapons=sorted({w for m in members for w in m.weapons}),
        date=date,
        location=location,
        perpetrators=_unique([p for m in members for p in m.perpetrators],
                             key=lambda p: normalise_name(p.name or p.text or "")),
        targets=_unique([t for m in members for t in m.targets], key=lambda t: (t.category, normalise_name(t.name or ""))),
        victims=_unique([v for m in members for v in m.victims],
                        key=lambda v: (normalise_name(v.name or v.text or ""), v.role)),
        **{f: reconcile_counts(report_counts[f], report_dates, report_detail) for f in COUNT_FIELDS},
        evidence=sorted((e for m in members for e in m.evidence), key=lambda e: (e.document, e.start, e.end)),
        sources=_unique(sorted((s for m in members for s in m.sources), key=lambda s: s.document),
                        key=lambda s: s.document),
        reports=[_report_figures(document, group) for document, group in by_document.items()],
        status="edited" if edited else _vote(votes("status")) or "extracted",
        confidence=max((m.confidence for m in members if m.confidence is not None), default=None),
    )
    conflicts = [c for c in (
        _conflict("event_type", votes("event_type")),
        _conflict("sub_event_type", [(m.sub_event_type, _document(m)) for m in members if m.sub_event_type]),
        _conflict("attack_type", votes("attack_type")),
        date_conflict,
        place_conflict,
        _claim_conflict(members),
    ) if c]
    record = incident.to_dict()
    record["conflicts"] = conflicts
    record["mentions"] = [m.id for m in sorted(members, key=lambda m: m.id)]
    return record
