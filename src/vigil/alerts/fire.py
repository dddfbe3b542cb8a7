"""After an ingest: each alert's matching incidents that the ingest made or changed are sent,
once per incident and again only when its figures change.

The incidents an ingest touched are those with a report stored since it began (the index on
``documents.ingested_at``); incidents whose last delivery failed are tried again too.  The
filters are `vigil incidents`' own, run in SQL (vigil.store.filters.merged_conditions).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from sqlalchemy import func, select, tuple_, union

from vigil.alerts.channels import deliver
from vigil.alerts.rules import Alert, figures_of
from vigil.alerts.saved import last_sent, list_alerts, record_delivery
from vigil.store.filters import merged_conditions
from vigil.store.schema import alert_deliveries, documents, incident_members, merged_incidents

NEW, CHANGED = "new", "figures changed"
PAGE = 500  # matching incidents read at once


@dataclass
class Fired:
    alert: str
    incident: str  # the merged incident's id when it fired
    reason: str  # new | figures changed
    problem: Optional[str] = None  # why it could not be sent (tried again after the next ingest)


def fire_alerts(store, *, since: str, on_notice: Callable[[str], None] = lambda line: None,
                fetcher=None) -> list[Fired]:
    """Send what each saved alert has not sent yet among the incidents touched since ``since``
    (an ISO time, as ``documents.ingested_at`` is written); problems go to ``on_notice``."""
    fired: list[Fired] = []
    for alert in list_alerts(store):
        for merged_id, incident, members in _candidates(store, alert, since):
            figures = figures_of(incident)
            with store.transaction(f"send alert {alert.name!r}", write=True) as connection:
                known, sent = last_sent(connection, alert.name, members)
                if figures in sent:
                    continue
                reason = CHANGED if known and sent - {None} else NEW
                problem = deliver(alert, incident, reason, fetcher=fetcher)
                record_delivery(connection, alert.name, merged_id, members, figures, problem)
            fired.append(Fired(alert.name, merged_id, reason, problem))
            if problem:
                on_notice(f"alert {alert.name}: {merged_id}: not sent, tried again after the next ingest ({problem})")
    return fired


def _candidates(store, alert: Alert, since: str) -> Iterator[tuple[str, dict, dict[str, str]]]:
    """(merged id, contract JSON, {mention id: report id}) of each incident the alert matches
    that a report stored since ``since`` is part of, or whose last delivery failed; oldest first,
    read a page at a time so an ingest of any size never holds them all."""
    members = incident_members.c
    touched = (select(members.merged_id).join(documents, documents.c.id == members.document_id)
               .where(documents.c.ingested_at >= since))
    retry = (select(members.merged_id).join(alert_deliveries, alert_deliveries.c.mention_id == members.mention_id)
             .where(alert_deliveries.c.alert == alert.name, alert_deliveries.c.failed.is_not(None)))
    day = func.coalesce(merged_incidents.c.date_start, "")
    statement = (select(merged_incidents.c.id, merged_incidents.c.data, day.label("day"))
                 .where(merged_incidents.c.id.in_(union(touched, retry)), *merged_conditions(**alert.filters))
                 .order_by(day, merged_incidents.c.id).limit(PAGE))
    after: Optional[tuple[str, str]] = None
    while True:
        with store.transaction(f"match alert {alert.name!r}") as connection:
            query = statement if after is None else statement.where(tuple_(day, merged_incidents.c.id) > after)
            found = connection.execute(query).all()
            mentions = {merged_id: dict(connection.execute(
                select(members.mention_id, members.document_id).where(members.merged_id == merged_id)).all())
                for merged_id, _, _ in found}
        for merged_id, data, _ in found:
            yield merged_id, data, mentions[merged_id]
        if len(found) < PAGE:
            return
        after = (found[-1].day, found[-1].id)
