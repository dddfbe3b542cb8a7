"""Scoring predicted incidents and claims against gold annotations.

Matching (documented here because every figure depends on it):

- **Spans**: a predicted evidence span and a gold span *agree* when their character overlap is at
  least half the shorter of the two.  A predicted incident can match a gold incident when any of
  their spans agree; the pair's weight is the total overlap of agreeing spans.
- **Incidents**: one-to-one, maximum total weight (Hungarian assignment), first against the required
  gold incidents, then the remaining predictions against the optional ones.  A prediction matched to
  an optional gold incident is neither a true nor a false positive.
- **Fields**, on pairs matched to required gold incidents:
  type — event type equal (to the gold one or a listed alternative); sub-event type — the pair
  (event type, sub-event type) equal to the gold pair or an alternative;
  date — gold precision ``day``: same start day; coarser or unknown: the predicted start day lies in
  the gold range (an open bound is unbounded); a missing predicted date is right only when the gold
  precision is ``unknown``;
  place — same gazetteer id (gold ``also`` ids count), or one place is the other's parent (one level
  up or down in the gazetteer), or the same normalised name; not scored when gold has no place;
  counts (fatalities, injured, kidnapped, arrested, perpetrators_killed) — best value (low when
  best is absent) equal, both absent counts as equal;
  perpetrators — both empty, or the name sets intersect (names compared lower-case without a
  parenthesised faction); not scored when gold leaves them open (``null``);
  targets — both empty, or the category sets intersect (``unknown`` ignored).
- **Claims**: a predicted claim matches a gold claim when its evidence agrees with one of the gold
  spans and its value equals the gold value; one-to-one, required gold first.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from vigil.evaluation.gold import GoldClaim, GoldDocument, GoldIncident, Span

COUNT_FIELDS = ("fatalities", "injured", "kidnapped", "arrested", "perpetrators_killed")
FIELDS = ("event_type", "sub_event_type", "date", "place", *COUNT_FIELDS, "perpetrators", "targets")


# --------------------------------------------------------------------------- spans


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def spans_agree(a: Span, b: Span) -> bool:
    """Character overlap at least half the shorter span."""
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and 2 * overlap(a, b) >= shorter


def match_weight(predicted: Iterable[Span], gold: Iterable[Span]) -> int:
    gold = list(gold)
    return sum(overlap(p, g) for p in predicted for g in gold if spans_agree(p, g))


def _evidence_spans(incident) -> list[Span]:
    return [(e.start, e.end) for e in incident.evidence or []]


# --------------------------------------------------------------------------- tallies


@dataclass
class FieldTally:
    correct: int = 0
    scored: int = 0

    @property
    def accuracy(self) -> Optional[float]:
        return self.correct / self.scored if self.scored else None

    def add(self, ok: Optional[bool]) -> None:
        if ok is None:
            return
        self.scored += 1
        self.correct += int(ok)


def _ratio(num: int, den: int) -> Optional[float]:
    return num / den if den else None


def _f1(p: Optional[float], r: Optional[float]) -> Optional[float]:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocumentScores:
    document: str
    gold_incidents: int = 0  # required ones
    predicted_incidents: int = 0  # less those matched to optional gold
    matched_incidents: int = 0
    gold_claims: int = 0
    predicted_claims: int = 0
    matched_claims: int = 0
    fields: dict[str, FieldTally] = field(default_factory=lambda: {f: FieldTally() for f in FIELDS})
    pairs: list[dict] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)
    missed_claims: list[dict] = field(default_factory=list)
    spurious_claims: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> Optional[float]:
        return _ratio(self.matched_incidents, self.predicted_incidents)

    @property
    def recall(self) -> Optional[float]:
        return _ratio(self.matched_incidents, self.gold_incidents)

    @property
    def f1(self) -> Optional[float]:
        return _f1(self.precision, self.recall)

    @property
    def claim_precision(self) -> Optional[float]:
        return _ratio(self.matched_claims, self.predicted_claims)

    @property
    def claim_recall(self) -> Optional[float]:
        return _ratio(self.matched_claims, self.gold_claims)

    def add(self, other: "DocumentScores") -> None:
        for name in ("gold_incidents", "predicted_incidents", "matched_incidents",
                     "gold_claims", "predicted_claims", "matched_claims"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name, tally in other.fields.items():
            self.fields[name].correct += tally.correct
            self.fields[name].scored += tally.scored

    def to_dict(self, details: bool = True) -> dict:
        out = {
            "document": self.document,
            "incidents": {"gold": self.gold_incidents, "predicted": self.predicted_incidents,
                          "matched": self.matched_incidents, "precision": self.precision,
                          "recall": self.recall, "f1": self.f1},
            "fields": {name: {"correct": t.correct, "scored": t.scored, "accuracy": t.accuracy}
                       for name, t in self.fields.items()},
            "claims": {"gold": self.gold_claims, "predicted": self.predicted_claims,
                       "matched": self.matched_claims, "precision": self.claim_precision,
                       "recall": self.claim_recall},
        }
        if details:
            out.update(pairs=self.pairs, missed=self.missed, spurious=self.spurious,
                       missed_claims=self.missed_claims, spurious_claims=self.spurious_claims)
        return out


@dataclass
class Scores:
    documents: list[DocumentScores]
    overall: DocumentScores

    def to_dict(self, details: bool = True) -> dict:
        return {"overall": self.overall.to_dict(details=False),
                "documents": [d.to_dict(details=details) for d in self.documents]}


# --------------------------------------------------------------------------- field checks


def _count_value(count) -> Optional[float]:
    if count is None:
        return None
    if isinstance(count, dict):
        best, low = count.get("best"), count.get("low")
    else:
        best, low = count.best, count.low
    return best if best is not None else low


def count_correct(gold: Optional[dict], predicted) -> bool:
    return _count_value(gold) == _count_value(predicted)


def date_correct(gold: Optional[dict], predicted) -> Optional[bool]:
    if not gold:
        return None
    precision = gold.get("precision") or "unknown"
    start = getattr(predicted, "start", None) if predicted is not None else None
    if not start:
        return precision == "unknown"
    day = start[:10]
    if precision == "day":
        return day == gold.get("start")
    low, high = gold.get("start"), gold.get("end")
    # Partial ISO dates ("2014-06") compare correctly as prefixes of the range bounds.
    return (low is None or day >= low) and (high is None or day[:len(high)] <= high)


def _normalise(name: Optional[str]) -> str:
    name = re.sub(r"\([^)]*\)", " ", (name or "").lower())
    return re.sub(r"[^a-z0-9]+", " ", name).strip()


def place_correct(gold: Optional[dict], predicted, gazetteer=None) -> Optional[bool]:
    if not gold:
        return None
    if predicted is None:
        return False
    gold_ids = {i for i in [gold.get("gazetteer_id"), *(gold.get("also") or [])] if i}
    pred_id = getattr(predicted, "gazetteer_id", None)
    if pred_id and pred_id in gold_ids:
        return True
    if pred_id and gold_ids and gazetteer is not None and pred_id in gazetteer:
        pred_parent = gazetteer.get(pred_id).parent_id
        for gid in gold_ids:
            if gid in gazetteer and (pred_parent == gid or gazetteer.get(gid).parent_id == pred_id):
                return True
    gold_name = _normalise(gold.get("name"))
    return bool(gold_name) and _normalise(getattr(predicted, "name", None)) == gold_name


def perpetrators_correct(gold: Optional[list[str]], predicted) -> Optional[bool]:
    if gold is None:
        return None
    gold_names = {_normalise(n) for n in gold if n}
    pred_names = {_normalise(p.name) for p in predicted or [] if p.name}
    if not gold_names and not pred_names:
        return True
    return bool(gold_names & pred_names)


def targets_correct(gold: list[str], predicted) -> bool:
    gold_set = {c for c in gold if c and c != "unknown"}
    pred_set = {t.category for t in predicted or [] if t.category and t.category != "unknown"}
    if not gold_set and not pred_set:
        return True
    return bool(gold_set & pred_set)


def type_correct(gold: GoldIncident, predicted) -> tuple[bool, bool]:
    accepted = [(gold.event_type, gold.sub_event_type), *gold.alternative_types]
    event_ok = any(predicted.event_type == et for et, _ in accepted)
    sub_ok = any((predicted.event_type, predicted.sub_event_type) == pair for pair in accepted)
    return event_ok, sub_ok


def field_results(gold: GoldIncident, predicted, gazetteer=None) -> dict[str, Optional[bool]]:
    event_ok, sub_ok = type_correct(gold, predicted)
    results: dict[str, Optional[bool]] = {
        "event_type": event_ok,
        "sub_event_type": sub_ok,
        "date": date_correct(gold.date, predicted.date),
        "place": place_correct(gold.place, predicted.location, gazetteer),
    }
    for name in COUNT_FIELDS:
        results[name] = count_correct(getattr(gold, name), getattr(predicted, name))
    results["perpetrators"] = perpetrators_correct(gold.perpetrators, predicted.perpetrators)
    results["targets"] = targets_correct(gold.target_categories, predicted.targets)
    return results


# --------------------------------------------------------------------------- matching


def _assign(weights: list[list[int]]) -> list[tuple[int, int]]:
    """Row/column pairs of maximum total weight, keeping only pairs of positive weight."""
    if not weights or not weights[0]:
        return []
    try:
        from scipy.optimize import linear_sum_assignment
    except ImportError:  # greedy by weight, good enough without scipy
        cells = sorted(((w, i, j) for i, row in enumerate(weights) for j, w in enumerate(row) if w > 0), reverse=True)
        used_i, used_j, pairs = set(), set(), []
        for _, i, j in cells:
            if i not in used_i and j not in used_j:
                used_i.add(i), used_j.add(j), pairs.append((i, j))
        return sorted(pairs)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols) if weights[i][j] > 0]


def match_incidents(gold: list[GoldIncident], predicted: list) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(required pairs, optional pairs) as (gold index, predicted index)."""
    required = [i for i, g in enumerate(gold) if not g.optional]
    optional = [i for i, g in enumerate(gold) if g.optional]
    pred_spans = [_evidence_spans(p) for p in predicted]

    def run(gold_indices, pred_indices):
        weights = [[match_weight(pred_spans[j], gold[i].evidence) for j in pred_indices] for i in gold_indices]
        return [(gold_indices[a], pred_indices[b]) for a, b in _assign(weights)]

    first = run(required, list(range(len(predicted))))
    taken = {j for _, j in first}
    second = run(optional, [j for j in range(len(predicted)) if j not in taken])
    return first, second


def _values_equal(a, b) -> bool:
    return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def claim_matches(gold: GoldClaim, predicted) -> bool:
    if predicted.evidence is None or not _values_equal(predicted.value, gold.value):
        return False
    span = (predicted.evidence.start, predicted.evidence.end)
    return any(spans_agree(span, g) for g in gold.evidence)


def match_claims(gold: list[GoldClaim], predicted: list) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    used: set[int] = set()
    result: dict[bool, list[tuple[int, int]]] = {False: [], True: []}
    for want_optional in (False, True):
        for i, g in enumerate(gold):
            if g.optional != want_optional:
                continue
            for j, p in enumerate(predicted):
                if j not in used and claim_matches(g, p):
                    used.add(j)
                    result[want_optional].append((i, j))
                    break
    return result[False], result[True]


# --------------------------------------------------------------------------- scoring


def _describe_incident(incident, text: Optional[str] = None) -> dict:
    spans = incident.evidence if isinstance(incident, GoldIncident) else _evidence_spans(incident)
    out = {"event_type": incident.event_type, "sub_event_type": incident.sub_event_type,
           "evidence": [list(s) for s in spans]}
    if text is not None and spans:
        out["first_sentence"] = text[spans[0][0]:spans[0][1]][:160]
    return out


def score_document(gold: GoldDocument, extraction, gazetteer=None) -> DocumentScores:
    """Score one report's Extraction (or None when it was not extracted) against its gold."""
    scores = DocumentScores(document=gold.document)
    predicted = list(extraction.incidents) if extraction is not None else []
    claims = list(extraction.claims) if extraction is not None else []
    text = extraction.document.text if extraction is not None else None

    required, optional = match_incidents(gold.incidents, predicted)
    scores.gold_incidents = sum(1 for g in gold.incidents if not g.optional)
    scores.predicted_incidents = len(predicted) - len(optional)
    scores.matched_incidents = len(required)
    for gi, pj in required:
        results = field_results(gold.incidents[gi], predicted[pj], gazetteer)
        for name, ok in results.items():
            scores.fields[name].add(ok)
        scores.pairs.append({"gold": _describe_incident(gold.incidents[gi]),
                             "predicted": _describe_incident(predicted[pj]),
                             "fields": {k: v for k, v in results.items() if v is not None}})
    matched_gold = {gi for gi, _ in required + optional}
    matched_pred = {pj for _, pj in required + optional}
    scores.missed = [_describe_incident(g, text) for i, g in enumerate(gold.incidents)
                     if i not in matched_gold and not g.optional]
    scores.spurious = [_describe_incident(p, text) for j, p in enumerate(predicted) if j not in matched_pred]

    required_c, optional_c = match_claims(gold.claims, claims)
    scores.gold_claims = sum(1 for c in gold.claims if not c.optional)
    scores.predicted_claims = len(claims) - len(optional_c)
    scores.matched_claims = len(required_c)
    matched_gc = {i for i, _ in required_c + optional_c}
    matched_pc = {j for _, j in required_c + optional_c}
    scores.missed_claims = [{"value": c.value, "quantity": c.quantity, "evidence": [list(s) for s in c.evidence]}
                            for i, c in enumerate(gold.claims) if i not in matched_gc and not c.optional]
    scores.spurious_claims = [{"value": c.value, "quantity": c.quantity,
                               "evidence": [c.evidence.start, c.evidence.end] if c.evidence else None}
                              for j, c in enumerate(claims) if j not in matched_pc]
    return scores


def score_documents(gold_docs: list[GoldDocument], extractions: dict, gazetteer=None) -> Scores:
    """Score extractions (document id -> Extraction) against gold; a missing extraction scores as empty."""
    if gazetteer is None:
        try:
            from vigil.knowledge.gazetteer import load_gazetteer
            gazetteer = load_gazetteer()
        except Exception:  # place scoring falls back to ids and names
            gazetteer = None
    documents = [score_document(g, extractions.get(g.document), gazetteer) for g in gold_docs]
    overall = DocumentScores(document="overall")
    for d in documents:
        overall.add(d)
    return Scores(documents=documents, overall=overall)
