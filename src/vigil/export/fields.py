"""Small readings of an incident record shared by the exports and the report."""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional


def count_value(count: Optional[dict], key: str = "best") -> Optional[int]:
    """One bound of a count; ``best`` falls back to ``low`` (a count "at least 28" is best 28)."""
    if not count:
        return None
    value = count.get(key)
    if value is None and key == "best":
        value = count.get("low")
    return value


def count_phrase(count: Optional[dict]) -> str:
    """A count in words for notes: "13", "at least 50", "20–25 (best 20)", "not reported"."""
    if not count:
        return "not reported"
    low, best, high = count.get("low"), count.get("best"), count.get("high")
    if low is None and best is None and high is None:
        return "not reported"
    if low is not None and high is not None and low != high:
        return f"{low}–{high}" + (f" (best {best})" if best is not None and best not in (low, high) else "")
    if high is None and (low is not None or best is not None):
        shown = low if low is not None else best
        return f"at least {shown}"
    value = best if best is not None else (low if low is not None else high)
    return str(value)


def parse_date(value: Optional[str], *, end: bool = False) -> Optional[dt.date]:
    """An ISO date; a partial one ("2014-02", "2014") widens to its first day, or last with ``end``."""
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return dt.date.fromisoformat(value)
        year = int(parts[0])
        if len(parts) == 2:
            month = int(parts[1])
            if not end:
                return dt.date(year, month, 1)
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        if len(parts) == 1:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    except ValueError:
        return None
    return None


def date_bounds(record: dict) -> tuple[Optional[dt.date], Optional[dt.date]]:
    date = record.get("date") or {}
    start = parse_date(date.get("start"))
    finish = parse_date(date.get("end"), end=True)
    return start or finish, finish or start


def middle_date(record: dict) -> Optional[dt.date]:
    """The middle day of the incident's date range (ACLED codes a known week or month so)."""
    start, finish = date_bounds(record)
    if start is None:
        return None
    return start + (finish - start) // 2


def names(items: list[dict], key: str = "name") -> list[str]:
    """Distinct non-empty values of ``key``, in order."""
    seen: list[str] = []
    for item in items or []:
        value = (item or {}).get(key)
        if value and value not in seen:
            seen.append(value)
    return seen


def outlets(record: dict) -> list[str]:
    """Each source's outlet (or its document id when the outlet is unknown), in order, once."""
    found: list[str] = []
    for source in record.get("sources") or []:
        label = source.get("outlet") or source.get("document")
        if label and label not in found:
            found.append(label)
    return found


def place_line(location: Optional[dict]) -> str:
    """A place as a reader says it: "Razzakabad, Karachi, Sindh, Pakistan" (no level twice)."""
    if not location:
        return ""
    parts: list[str] = []
    for key in ("name", "neighbourhood", "town", "city", "province", "country"):
        value = location.get(key)
        if value and value not in parts:
            parts.append(value)
    return ", ".join(parts)


def first(values: list[Any]) -> Any:
    return values[0] if values else None


def edited_fields(record: dict) -> list[str]:
    """The fields a reviewer changed by hand (the record's ``edited`` list; docs/contracts.md)."""
    edited = record.get("edited")
    return [f for f in edited if isinstance(f, str)] if isinstance(edited, list) else []
