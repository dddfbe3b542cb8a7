"""Alerts and what they sent, kept in the store (tables ``alerts`` and ``alert_deliveries``)."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import delete, insert, select, update

from vigil.alerts.rules import Alert, AlertError, alert_from_row
from vigil.store.schema import alert_deliveries, alerts
from vigil.store.store import timestamp


def save_alert(store, alert: Alert) -> None:
    with store.transaction(f"save alert {alert.name!r}", write=True) as connection:
        if connection.execute(select(alerts.c.name).where(alerts.c.name == alert.name)).first() is not None:
            raise AlertError(f"an alert named {alert.name!r} exists already (vigil alerts remove {alert.name} first)")
        connection.execute(insert(alerts).values(name=alert.name, filters=alert.filters,
                                                 destination=alert.destination, created_at=timestamp()))


def list_alerts(store) -> list[Alert]:
    with store.transaction("list alerts") as connection:
        return [alert_from_row(dict(row)) for row in connection.execute(select(alerts).order_by(alerts.c.name))
                .mappings()]


def remove_alert(store, name: str) -> None:
    """Delete an alert and what it sent (added again later, it starts afresh)."""
    with store.transaction(f"remove alert {name!r}", write=True) as connection:
        if connection.execute(select(alerts.c.name).where(alerts.c.name == name)).first() is None:
            raise AlertError(f"no alert named {name!r} (vigil alerts list shows them)")
        connection.execute(delete(alert_deliveries).where(alert_deliveries.c.alert == name))
        connection.execute(delete(alerts).where(alerts.c.name == name))


def last_sent(connection, alert: str, members: dict[str, str]) -> tuple[bool, set[Optional[str]]]:
    """(whether this alert ever dealt with the incident, the figures it last sent for it).

    The incident is known by its mentions (``members``: mention id -> report id): merged ids
    change when incidents are re-clustered, mentions do not.  When none of its mentions is known
    (a report replaced by a new version has new mention ids) its reports stand in for them."""
    d = alert_deliveries.c
    rows = connection.execute(select(d.figures).where(d.alert == alert, d.mention_id.in_(list(members)))).all()
    if not rows:
        rows = connection.execute(select(d.figures).where(
            d.alert == alert, d.document_id.in_(sorted(set(members.values()))))).all()
    return bool(rows), {row.figures for row in rows}


def record_delivery(connection, alert: str, merged_id: str, members: dict[str, str], figures: str,
                    problem: Optional[str]) -> None:
    """Remember, for each mention of the incident, the figures sent (or, when sending failed,
    the problem, so the next ingest tries again; figures sent before are kept)."""
    d = alert_deliveries.c
    known = {row.mention_id: row for row in connection.execute(
        select(d.mention_id, d.figures).where(d.alert == alert, d.mention_id.in_(list(members))))}
    sent = {"figures": figures, "failed": None, "sent_at": timestamp()} if problem is None else {"failed": problem}
    for mention_id, document_id in members.items():
        values = {"document_id": document_id, "merged_id": merged_id, **sent}
        if mention_id in known:
            connection.execute(update(alert_deliveries).where(d.alert == alert, d.mention_id == mention_id)
                               .values(**values))
        else:
            connection.execute(insert(alert_deliveries).values(alert=alert, mention_id=mention_id, **values))
