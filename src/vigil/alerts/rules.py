"""What an alert is: a name, the incident filters of `vigil incidents`, and a destination."""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from vigil.store.contract import COUNT_FIELDS
from vigil.store.errors import StoreError
from vigil.store.filters import check_filters

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
DESTINATIONS = "stdout, jsonl:PATH or webhook:URL"


class AlertError(StoreError):
    """A bad alert (name, filters, destination); the message is one line."""


@dataclass(frozen=True)
class Alert:
    name: str
    filters: dict[str, Any]
    destination: str  # stdout | jsonl:/absolute/path | webhook:http(s)://...

    @property
    def channel(self) -> str:
        return self.destination.partition(":")[0]

    @property
    def target(self) -> str:
        """The file or URL after ``jsonl:`` or ``webhook:`` ("" for stdout)."""
        return self.destination.partition(":")[2]


def check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise AlertError(f"bad alert name {name!r}: letters, digits, '.', '_' and '-', at most 64, "
                         "starting with a letter or digit")
    return name


def check_alert_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """The filters given (None dropped), checked as `vigil incidents` checks them; at least one."""
    try:
        given = check_filters(filters, "save an alert")
    except StoreError as error:
        raise AlertError(str(error)) from None
    if not given:
        raise AlertError("an alert needs at least one filter (--place, --target, --min-fatalities, --type, ...)")
    return given


def check_destination(value: str) -> str:
    """``stdout``, ``jsonl:PATH`` (made absolute: cron runs elsewhere) or ``webhook:URL``."""
    value = (value or "").strip()
    if value == "stdout":
        return value
    channel, _, target = value.partition(":")
    if channel == "jsonl" and target:
        path = os.path.abspath(os.path.expanduser(target))
        if not os.path.isdir(os.path.dirname(path)):
            raise AlertError(f"bad destination {value!r}: folder {os.path.dirname(path)} does not exist")
        if os.path.isdir(path):
            raise AlertError(f"bad destination {value!r}: {path} is a folder")
        return f"jsonl:{path}"
    if channel == "webhook" and target:
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise AlertError(f"bad destination {value!r}: a webhook needs an http(s) URL")
        return f"webhook:{target}"
    raise AlertError(f"bad destination {value!r}: use {DESTINATIONS}")


def figures_of(incident: dict[str, Any]) -> str:
    """The figures an incident states, as canonical JSON: an alert sends an incident again only
    when these differ from what it last sent."""
    return json.dumps({name: incident.get(name) for name in COUNT_FIELDS}, sort_keys=True, separators=(",", ":"))


def describe_filters(filters: dict[str, Any]) -> str:
    """The filters as the flags that give them ("--place 'Orangi Town' --target police")."""
    parts = []
    for name, value in filters.items():
        shown = str(value)
        parts.append(f"{_FLAGS.get(name, '--' + name.replace('_', '-'))} {json.dumps(shown) if ' ' in shown else shown}")
    return " ".join(sorted(parts))


_FLAGS = {"event_type": "--type", "sub_event_type": "--sub-type"}


def alert_from_row(row: dict[str, Any]) -> Alert:
    filters = row["filters"]
    if isinstance(filters, str):
        filters = json.loads(filters)
    return Alert(row["name"], dict(filters or {}), row["destination"])


def summary_line(incident: dict[str, Any]) -> str:
    """One line naming an incident: id, date, type, place, fatalities and how many reports tell it."""
    date = (incident.get("date") or {}).get("start") or "undated"
    kind = incident.get("sub_event_type") or incident.get("event_type") or "incident"
    location = incident.get("location") or {}
    place = location.get("name") or location.get("city") or "unknown place"
    from vigil.render import count_range

    killed = count_range(incident.get("fatalities"))
    reports = len(incident.get("sources") or []) or 1
    toll = f"{killed} killed" if killed else "toll unknown"
    return f"{incident.get('id')} {date} {kind} in {place}, {toll} ({reports} report{'s' if reports != 1 else ''})"
