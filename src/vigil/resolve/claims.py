"""Figures reports state (claims), compared across reports: conflicts and ordinal checks.

Claims are grouped by kind, quantity (normalised through ``data/quantities.json``) and place;
within a group, claims whose periods overlap (or, for "as of" figures, lie within a year of
each other) are about the same thing.  A group whose stated values differ is a conflict; it
lists each value with its evidence and, where the claims say why they differ, the explanation:
a different scope (qualifier), period or source, or bounds that are in fact consistent
("more than 20 million" and "almost 24 million").
"""
from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any, Callable, Optional

from vigil.model import Claim, Period, stable_id
from vigil.resolve.features import day_number, normalise_name

# Two "as of" figures (no period start) this many days apart still describe the same state.
AS_OF_TOLERANCE_DAYS = 366
# Values within this fraction of each other are the same value, rounded differently.
SAME_VALUE = 0.005
# Values further apart than this factor count different things ("a team of 25 officers" and a
# force of 15,000): reports disagreeing about one figure are rarely out by more.
SAME_MAGNITUDE = 3.0


@functools.lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    data = json.loads(resources.files("vigil.resolve").joinpath("data/quantities.json").read_text("utf-8"))
    return {_singular_phrase(form): name for name, forms in data["synonyms"].items() for form in [name, *forms]}


def _singular(word: str) -> str:
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _singular_phrase(text: str) -> str:
    return " ".join(_singular(w) for w in normalise_name(text).split())


def quantity_key(quantity: Optional[str]) -> str:
    """A claim's quantity as grouped: lower case, singular, synonyms folded ("policemen" ->
    "police officer")."""
    phrase = _singular_phrase(quantity or "")
    synonyms = _synonyms()
    if phrase in synonyms:
        return synonyms[phrase]
    # The head noun decides when the whole phrase is not listed ("karachi police officer").
    words = phrase.split()
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        if tail in synonyms:
            return synonyms[tail]
    return phrase


def _period_range(period: Optional[Period]) -> tuple[Optional[int], Optional[int]]:
    if period is None:
        return None, None
    return day_number(period.start), day_number(period.end, last=True)


def periods_compatible(a: Optional[Period], b: Optional[Period]) -> bool:
    (sa, ea), (sb, eb) = _period_range(a), _period_range(b)
    if sa is None and sb is None:
        if ea is None or eb is None:
            return True
        return abs(ea - eb) <= AS_OF_TOLERANCE_DAYS
    lo_a, hi_a = (sa if sa is not None else ea), (ea if ea is not None else sa)
    lo_b, hi_b = (sb if sb is not None else eb), (eb if eb is not None else sb)
    if None in (lo_a, hi_a, lo_b, hi_b):
        return True
    return lo_a <= hi_b and lo_b <= hi_a


def _value(claim: Claim) -> Optional[float]:
    for v in (claim.value, claim.low, claim.high):
        if v is not None:
            return float(v)
    return None


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_VALUE * max(abs(a), abs(b), 1e-9)


def _bounds(claim: Claim) -> tuple[float, float]:
    value = _value(claim)
    low = claim.low if claim.low is not None else value
    high = claim.high if claim.high is not None else (float("inf") if claim.low is not None and claim.value in (None, claim.low)
                                                     else value)
    if claim.approximate and value is not None:
        # "almost", "about": a tenth either side is within what the words allow.
        low, high = min(low, value * 0.9), max(high, value * 1.1)
    return float(low), float(high)


def _period_text(period: Optional[Period]) -> str:
    if period is None or (period.start is None and period.end is None):
        return "no period"
    if period.start is None:
        return f"as of {period.end}"
    return f"{period.start} to {period.end or 'now'}"


def _explain(values: list[dict[str, Any]], claims: list[Claim]) -> list[str]:
    notes = []
    qualifiers = sorted({c.qualifier for c in claims if c.qualifier})
    if qualifiers and len({c.qualifier for c in claims}) > 1:
        shown = " vs ".join(repr(q) for q in qualifiers)
        if len(qualifiers) == 1:
            shown += " vs none stated"
        notes.append(f"scope differs: {shown}")
    periods = {_period_text(c.period) for c in claims}
    if len(periods) > 1:
        notes.append("different periods: " + " vs ".join(sorted(periods)))
    sources = sorted({c.attributed_to for c in claims if c.attributed_to})
    if len(sources) > 1:
        notes.append("different sources: " + " vs ".join(sources))
    ranges = [_bounds(c) for c in claims]
    if max(low for low, _ in ranges) <= min(high for _, high in ranges):
        notes.append("the stated bounds are consistent with one another")
    return notes


@functools.lru_cache(maxsize=1)
def _currencies() -> frozenset:
    data = json.loads(resources.files("vigil.resolve").joinpath("data/quantities.json").read_text("utf-8"))
    return frozenset(_singular_phrase(c) for c in data["currencies"])


def _by_magnitude(claims: list[Claim]) -> list[list[Claim]]:
    """Claims split where one value is more than SAME_MAGNITUDE times the one below it."""
    runs: list[list[Claim]] = []
    for claim in sorted(claims, key=lambda c: (_value(c), c.id)):
        if runs and _value(claim) <= max(_value(runs[-1][-1]), 1e-9) * SAME_MAGNITUDE:
            runs[-1].append(claim)
        else:
            runs.append([claim])
    return runs


def _group(claims: list[Claim]) -> list[list[Claim]]:
    """Claims about one quantity and place, split into runs whose periods are compatible and
    whose values are of one magnitude."""
    keyed: dict[tuple, list[Claim]] = {}
    for claim in claims:
        if _value(claim) is None:
            continue
        if claim.kind == "money" and quantity_key(claim.quantity) in _currencies():
            continue
        key = (claim.kind, quantity_key(claim.quantity), normalise_name(claim.place or ""))
        keyed.setdefault(key, []).append(claim)
    groups = []
    for key in sorted(keyed):
        for run in _by_magnitude(keyed[key]):
            groups.extend(_by_period(run))
    return groups


def _by_period(claims: list[Claim]) -> list[list[Claim]]:
    """Claims split into runs whose periods are compatible with one another."""
    groups: list[list[Claim]] = []
    current: list[Claim] = []
    for claim in sorted(claims, key=lambda c: (_period_range(c.period)[1] or 0, c.id)):
        if current and not all(periods_compatible(claim.period, other.period) for other in current):
            groups.append(current)
            current = []
        current.append(claim)
    if current:
        groups.append(current)
    return groups


def find_conflicts(claims: list[Claim]) -> list[dict[str, Any]]:
    """Groups of claims about the same quantity, place and period whose values differ."""
    out = []
    for group in _group(claims):
        if len({c.evidence.document if c.evidence else c.id for c in group}) < 2:
            continue  # one report restating its own figure is not a disagreement between reports
        distinct: list[list[Claim]] = []
        for claim in sorted(group, key=lambda c: (_value(c), c.id)):
            if distinct and _same(_value(distinct[-1][0]), _value(claim)):
                distinct[-1].append(claim)
            else:
                distinct.append([claim])
        if len(distinct) < 2:
            continue
        values = [{
            "value": _value(same[0]),
            "low": same[0].low, "high": same[0].high, "approximate": same[0].approximate,
            "qualifier": same[0].qualifier, "period": same[0].period.to_dict() if same[0].period else None,
            "attributed_to": same[0].attributed_to,
            "claims": [c.id for c in same],
            "evidence": [c.evidence.to_dict() for c in same if c.evidence],
        } for same in distinct]
        first = group[0]
        out.append({
            "id": stable_id("conflict", *sorted(c.id for c in group)),
            "kind": first.kind,
            "quantity": quantity_key(first.quantity),
            "place": first.place,
            "values": values,
            "explanation": "; ".join(_explain(values, group)) or None,
        })
    return out


# ------------------------------------------------------------------ ordinal claims

_ORDINAL_TARGET_NOUNS = re.compile(r"[a-z]+", re.IGNORECASE)


def ordinal_filters(claim: Claim, published: Optional[str]) -> Optional[dict[str, Any]]:
    """The merged-incident filters that count what an ordinal claim counts ("the 100th police
    officer killed in Karachi this year": target police, place Karachi, from 1 January of the
    period's year up to the period's end or the report's date); None when the quantity names
    no target category."""
    from vigil.knowledge.actors import load_actors

    category = load_actors().category_for_noun(claim.quantity or "")
    if category is None:
        words = _ORDINAL_TARGET_NOUNS.findall(claim.quantity or "")
        for i in range(len(words)):
            category = load_actors().category_for_noun(" ".join(words[: len(words) - i]))
            if category:
                break
    if category is None:
        return None
    until = (claim.period.end if claim.period and claim.period.end else None) or published
    since = claim.period.start if claim.period and claim.period.start else (until[:4] + "-01-01" if until else None)
    filters: dict[str, Any] = {"target": category, "since": since, "until": until}
    if claim.place:
        filters["place"] = claim.place
    return filters


def check_ordinals(claims: list[Claim], tally: Callable[..., list[dict[str, Any]]],
                   published: Callable[[str], Optional[str]]) -> list[dict[str, Any]]:
    """Each ordinal claim beside the database's count over the same target, place and period.
    ``tally(by, **filters)`` is a store's merged tally; ``published(document)`` a report's date."""
    rows = []
    for claim in claims:
        if claim.kind != "ordinal":
            continue
        document = claim.evidence.document if claim.evidence else None
        filters = ordinal_filters(claim, published(document) if document else None)
        row: dict[str, Any] = {"claim": claim.id, "document": document, "stated": _value(claim),
                               "quantity": claim.quantity, "place": claim.place}
        if filters is None:
            row.update(note="the quantity names no target category the database records")
        else:
            totals = tally([], **filters)
            total = totals[0] if totals else {}
            row.update(
                target=filters["target"], since=filters.get("since"), until=filters.get("until"),
                incidents=total.get("incidents", 0),
                fatalities_low=total.get("fatalities_low"), fatalities_best=total.get("fatalities_best"),
                fatalities_high=total.get("fatalities_high"),
            )
        rows.append(row)
    return rows
