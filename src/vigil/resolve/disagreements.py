"""Where reports disagree, in one list: what `vigil conflicts` prints and the HTML report shows.

Two sources of disagreement:

- stated figures that conflict across reports (claims about one quantity, place and period:
  ``vigil.resolve.claims.find_conflicts``), kept as they are with ``"disagreement": "stated figure"``;
- merged incidents whose reports differ: each report's own toll or injured figure (with the
  sentence that states it) and the fields the merge recorded in ``conflicts`` (date, place,
  type, claim of responsibility), each as ``"disagreement": "incident"``.

Every entry has ``disagreement``, ``subject`` (what it is about), ``quantity`` (the figure or field),
``values`` (each with ``value``, ``text`` as shown, ``documents`` and, where one sentence says it,
``sentence``/``evidence``) and ``explanation``.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

FIGURES = ("fatalities", "injured")


def count_text(count: Optional[dict]) -> Optional[str]:
    """A report's figure as a reader reads it: "13", "at least 13", "20–25"; None when absent."""
    if not count:
        return None
    low, best, high = count.get("low"), count.get("best"), count.get("high")
    if low is None and best is None and high is None:
        return None
    if high is None and low is not None:
        return f"at least {low}"
    first = low if low is not None else best
    if high is not None and first is not None and high != first:
        return f"{first}–{high}"
    return str(best if best is not None else first if first is not None else high)


def incident_subject(record: dict) -> str:
    place = (record.get("location") or {}).get("name") or "unknown place"
    date = record.get("date") or {}
    when = date.get("start") or "undated"
    if date.get("end") and date.get("end") != date.get("start"):
        when = f"{when} to {date['end']}"
    return f"{record.get('sub_event_type') or record.get('event_type')}, {place}, {when}"


def incident_disagreements(record: dict) -> list[dict[str, Any]]:
    """The disagreements between the reports of one merged incident (a contract dict)."""
    subject = incident_subject(record)
    common = {"disagreement": "incident", "incident": record.get("id"), "subject": subject,
              "place": (record.get("location") or {}).get("name"), "explanation": None}
    found = []
    for quantity in FIGURES:
        by_text: dict[str, dict[str, Any]] = {}
        for report in record.get("reports") or []:
            text = count_text(report.get(quantity))
            if text is None:
                continue
            entry = by_text.setdefault(text, {"value": report.get(quantity), "text": text, "documents": [],
                                              "sentence": None, "evidence": []})
            entry["documents"].append(report.get("document"))
            evidence = report.get(f"{quantity}_evidence")
            if evidence:
                entry["evidence"].append(evidence)
                entry["sentence"] = entry["sentence"] or evidence.get("sentence")
        if len(by_text) > 1:
            found.append({**common, "quantity": quantity, "values": list(by_text.values())})
    for conflict in record.get("conflicts") or []:
        if not isinstance(conflict, dict) or not conflict.get("field"):
            continue
        values = [{"value": entry.get("value"),
                   "text": "unknown" if entry.get("value") is None else str(entry.get("value")),
                   "documents": list(entry.get("documents") or []), "sentence": None, "evidence": []}
                  for entry in conflict.get("values") or []]
        if len(values) > 1:
            found.append({**common, "quantity": conflict["field"].replace("_", " "), "values": values})
    return found


def _claim_value_text(entry: dict) -> str:
    low, high, value = entry.get("low"), entry.get("high"), entry.get("value")

    def show(number: Any) -> str:
        return f"{number:g}" if isinstance(number, float) else str(number)

    if low is not None and high is not None and low != high:
        return f"{show(low)}–{show(high)}"
    if value is None:
        return "?"
    return ("about " if entry.get("approximate") else "") + show(value)


def figure_disagreement(conflict: dict) -> dict[str, Any]:
    """A conflict between stated figures, as find_conflicts gives it, with the common keys added
    (its own keys, which `vigil conflicts --format json` has always printed, are kept)."""
    values = []
    for claim in conflict.get("claims") or []:  # a conflict given as its group of claims
        claim = claim.to_dict() if hasattr(claim, "to_dict") else claim
        if isinstance(claim, dict):
            values.append({**claim, "evidence": [claim["evidence"]] if claim.get("evidence") else []})
    for entry in conflict.get("values") or []:
        evidence = entry.get("evidence") or []
        evidence = evidence if isinstance(evidence, list) else [evidence]
        values.append({**entry, "evidence": evidence})
    for entry in values:
        evidence = entry["evidence"]
        entry.update(text=_claim_value_text(entry), sentence=evidence[0].get("sentence") if evidence else None,
                     documents=sorted({e.get("document") for e in evidence if e.get("document")}))
    period = conflict.get("period") if isinstance(conflict.get("period"), dict) else {}
    when = " to ".join(p for p in (period.get("start"), period.get("end")) if p)
    subject = ", ".join(p for p in (conflict.get("place"), when) if p) or "stated figure"
    return {"disagreement": "stated figure", "subject": subject,
            **{k: v for k, v in conflict.items() if k != "claims"}, "values": values}


def find_disagreements(conflicts: Iterable[Any], incidents: Iterable[dict]) -> list[dict[str, Any]]:
    """Every disagreement: conflicting stated figures first, then incidents' (in the order given)."""
    out = [figure_disagreement(c.to_dict() if hasattr(c, "to_dict") else c) for c in conflicts or []]
    for record in incidents or []:
        out.extend(incident_disagreements(record))
    return out
