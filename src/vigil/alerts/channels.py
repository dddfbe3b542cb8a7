"""Where an alert goes: a line on stdout, a line of a JSONL file, or an HTTP POST to a webhook.

stdout gets one readable line; the JSONL file gets ``{"alert", "reason", "fired_at", "incident"}``
with the incident's contract JSON; a webhook gets the incident's contract JSON as the body, the
alert's name and the reason in the ``X-Vigil-Alert`` and ``X-Vigil-Reason`` headers.
"""
from __future__ import annotations

import json
import sys
from typing import Any, Optional

from vigil.alerts.rules import Alert, summary_line
from vigil.store.store import timestamp

WEBHOOK_TIMEOUT = 10.0
WEBHOOK_RETRIES = 1


def deliver(alert: Alert, incident: dict[str, Any], reason: str, *, fetcher=None) -> Optional[str]:
    """Send ``incident``; None when it went, else the problem in one line.  ``fetcher``: a
    vigil.watch.fetch.Fetcher to post webhooks with (one is made when needed)."""
    if alert.channel == "stdout":
        sys.stdout.write(f"alert {alert.name}: {reason}: {summary_line(incident)}\n")
        sys.stdout.flush()
        return None
    if alert.channel == "jsonl":
        return _append_jsonl(alert, incident, reason)
    if alert.channel == "webhook":
        return _post(alert, incident, reason, fetcher)
    return f"unknown destination {alert.destination!r}"


def _append_jsonl(alert: Alert, incident: dict[str, Any], reason: str) -> Optional[str]:
    line = json.dumps({"alert": alert.name, "reason": reason,
                       "fired_at": timestamp(),
                       "incident": incident}, ensure_ascii=False, sort_keys=True)
    try:
        with open(alert.target, "a", encoding="utf-8") as out:
            out.write(line + "\n")
    except OSError as error:
        return f"cannot write {alert.target}: {(error.strerror or str(error)).lower()}"
    return None


def _post(alert: Alert, incident: dict[str, Any], reason: str, fetcher) -> Optional[str]:
    from vigil.watch.fetch import Fetcher, FetchError

    body = json.dumps(incident, ensure_ascii=False, sort_keys=True).encode("utf-8")
    headers = {"X-Vigil-Alert": alert.name, "X-Vigil-Reason": reason}
    own = fetcher is None
    fetcher = fetcher or Fetcher(timeout=WEBHOOK_TIMEOUT, retries=WEBHOOK_RETRIES, host_gap=0)
    try:
        fetcher.post_json(alert.target, body, headers)
    except FetchError as error:
        return f"webhook {alert.target}: {error}"
    finally:
        if own:
            fetcher.close()
    return None
