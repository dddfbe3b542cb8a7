"""Analysts' review decisions kept in the store, inside the caller's transaction.

A decision (confirm, edit, reject; a restore is recorded the same way but only switches a reject
off, a revert the edits of one field) is made on a merged incident, whose id may change when reports join, leave or are
re-clustered.  So it is anchored, as merge constraints are, on the mentions the incident had
when it was made, with their reports and evidence sentences.  After every re-clustering each
active decision goes to the merged incident holding most of its anchors (a tie: the one holding
the smallest, which keeps the id the incident had), and ``vigil.review.apply`` lays it over the
machine's record.  An anchor whose report was re-extracted (its mention ids changed) stands for
the report's new mention that shares most of its sentences, or for the report's only mention.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from typing import Any, Iterable, Optional

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from vigil.review.apply import STATUS_OF_ACTION, Decision
from vigil.store.schema import (incident_evidence, incident_members, incidents, review_anchors, review_decisions,
                                revisions)

_CHUNK = 500


def _chunks(items: list, size: int = _CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def record(connection: Connection, revision: int, action: str, members: list[str], *, author: str,
           reason: Optional[str], field: Optional[str] = None, value: Any = None, active: bool = True,
           created_at: Optional[str] = None) -> int:
    """Keep one decision on the merged incident whose mentions are ``members``."""
    now = created_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
    decision_id = connection.execute(insert(review_decisions).values(
        revision_id=revision, action=action, field=field, value=value, author=author, reason=reason,
        active=active, created_at=now)).inserted_primary_key[0]
    sentences: dict[str, list[str]] = {}
    for chunk in _chunks(sorted(members)):
        for row in connection.execute(select(incident_evidence.c.incident_id, incident_evidence.c.sentence)
                                      .where(incident_evidence.c.incident_id.in_(chunk))
                                      .order_by(incident_evidence.c.incident_id, incident_evidence.c.idx)):
            sentences.setdefault(row.incident_id, []).append(row.sentence)
    documents = _documents_of(connection, members)
    connection.execute(insert(review_anchors), [
        {"decision_id": decision_id, "mention_id": m, "document_id": documents[m], "sentences": sentences.get(m, [])}
        for m in sorted(members)])
    return decision_id


def recreate(connection: Connection, incident: dict[str, Any], members: list[str]) -> int:
    """Keep again the decisions an exported merged incident carries in its marks (``edits``,
    ``review``: docs/contracts.md#review-marks), as revisions and decisions made by whom and when
    the marks say, so that later ones (a revert, a restore) take them back one by one as they
    would in the store they came from: each edited field's value, then the status of the latest
    decision (a confirmation or a rejection).  Returns how many decisions that was."""
    review = incident.get("review")
    if not isinstance(review, dict):
        return 0
    edits = incident.get("edits") or {}
    made: list[tuple[str, Optional[str], Any, Any, dict[str, Any]]] = []  # action, field, before, after, mark
    for field in incident.get("edited") or []:
        mark = edits.get(field) or {}
        made.append(("edit", field, mark.get("machine"), incident.get(field), mark))
    status_before = "edited" if made else review.get("machine") or "extracted"
    if review.get("status") in ("confirmed", "rejected"):
        made.append(({"confirmed": "confirm", "rejected": "reject"}[review["status"]], None, status_before,
                     review["status"], review))
    for action, field, before, after, mark in made:
        author = mark.get("by") or "unknown"
        at = mark.get("at") or datetime.now(timezone.utc).isoformat(timespec="seconds")
        revision = connection.execute(insert(revisions).values(
            entity="incident", entity_id=incident["id"], field=field or "status", old_value=before, new_value=after,
            author=author, reason=mark.get("reason"), created_at=at)).inserted_primary_key[0]
        record(connection, revision, action, members, author=author, reason=mark.get("reason"), field=field,
               value=after if action == "edit" else None, created_at=at)
    return len(made)


def deactivate_rejects(connection: Connection, members: list[str]) -> int:
    """Switch off the active rejects anchored on these mentions (a restore); returns how many."""
    ids = [decision.id for decision, anchors in touching(connection, set(members))
           if decision.action == "reject" and anchors & set(members)]
    for chunk in _chunks(ids):
        connection.execute(update(review_decisions).where(review_decisions.c.id.in_(chunk)).values(active=False))
    return len(ids)


def deactivate_edits(connection: Connection, members: list[str], fields: tuple[str, ...]) -> int:
    """Switch off the active edits of ``fields`` anchored on these mentions (a revert); returns how many."""
    ids = [decision.id for decision, anchors in touching(connection, set(members))
           if decision.action == "edit" and decision.field in fields and anchors & set(members)]
    for chunk in _chunks(ids):
        connection.execute(update(review_decisions).where(review_decisions.c.id.in_(chunk)).values(active=False))
    return len(ids)


def _documents_of(connection: Connection, mentions: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(sorted(set(mentions))):
        out.update(connection.execute(select(incidents.c.id, incidents.c.document_id)
                                      .where(incidents.c.id.in_(chunk))).all())
    return out


_ANY_ACTIVE = select(review_decisions.c.id).where(review_decisions.c.active.is_(True)).limit(1)


def any_active(connection: Connection) -> bool:
    return connection.execute(_ANY_ACTIVE).first() is not None


def touching(connection: Connection, mention_ids: set[str], *,
             applied_only: bool = True) -> list[tuple[Decision, set[str]]]:
    """Decisions anchored on these mentions or on their reports, each with its anchors resolved
    to mentions placed in merged incidents now.  ``applied_only``: only the active confirm, edit
    and reject decisions (what shapes the incidents); otherwise every one, for the history."""
    if not mention_ids or (applied_only and not any_active(connection)):
        return []
    documents = set(_documents_of(connection, mention_ids).values())
    a = review_anchors.c
    decision_ids: set[int] = set()
    for chunk in _chunks(sorted(mention_ids)):
        decision_ids.update(connection.execute(select(a.decision_id).where(a.mention_id.in_(chunk))).scalars())
    for chunk in _chunks(sorted(documents)):
        decision_ids.update(connection.execute(select(a.decision_id).where(a.document_id.in_(chunk))).scalars())
    d = review_decisions.c
    rows, anchors = [], []
    for chunk in _chunks(sorted(decision_ids)):
        statement = select(review_decisions).where(d.id.in_(chunk))
        if applied_only:
            statement = statement.where(d.active.is_(True), d.action.in_(list(STATUS_OF_ACTION)))
        rows.extend(connection.execute(statement).mappings())
    for chunk in _chunks(sorted(r["id"] for r in rows)):
        anchors.extend(connection.execute(select(review_anchors).where(a.decision_id.in_(chunk))).mappings())
    resolved = _resolve(connection, anchors)
    out = []
    for row in sorted(rows, key=lambda r: r["id"]):
        decision = Decision(id=row["id"], revision=row["revision_id"], action=row["action"], field=row["field"],
                            value=row["value"], author=row["author"], reason=row["reason"],
                            created_at=row["created_at"])
        out.append((decision, resolved.get(row["id"], set())))
    return out


def anchored_mentions(connection: Connection, mention_ids: set[str]) -> set[str]:
    """Every placed mention an active decision touching these mentions is anchored on: they
    belong in one re-clustering pool, so each decision can go to the incident holding most."""
    return set().union(*(anchors for _, anchors in touching(connection, mention_ids))) if mention_ids else set()


def _resolve(connection: Connection, anchors: list[dict[str, Any]]) -> dict[int, set[str]]:
    """decision id -> the placed mentions its anchors stand for now."""
    named = sorted({r["mention_id"] for r in anchors})
    existing: set[str] = set()
    placed: set[str] = set()
    for chunk in _chunks(named):
        existing.update(connection.execute(select(incidents.c.id).where(incidents.c.id.in_(chunk))).scalars())
        placed.update(connection.execute(select(incident_members.c.mention_id)
                                         .where(incident_members.c.mention_id.in_(chunk))).scalars())
    by_document: dict[str, dict[str, set[str]]] = {}
    out: dict[int, set[str]] = {}
    for anchor in anchors:
        mention = anchor["mention_id"]
        if mention in existing:
            if mention in placed:
                out.setdefault(anchor["decision_id"], set()).add(mention)
            continue
        document = anchor["document_id"]
        if document not in by_document:
            by_document[document] = _placed_sentences(connection, document)
        found = _successor(by_document[document], set(anchor["sentences"] or ()))
        if found:
            out.setdefault(anchor["decision_id"], set()).add(found)
    return out


def _placed_sentences(connection: Connection, document: str) -> dict[str, set[str]]:
    """The report's placed mentions, each with its evidence sentences."""
    rows = connection.execute(
        select(incident_members.c.mention_id, incident_evidence.c.sentence)
        .join(incident_evidence, incident_evidence.c.incident_id == incident_members.c.mention_id, isouter=True)
        .where(incident_members.c.document_id == document)).all()
    out: dict[str, set[str]] = {}
    for mention, sentence in rows:
        out.setdefault(mention, set()).update([sentence] if sentence else [])
    return out


def _successor(candidates: dict[str, set[str]], sentences: set[str]) -> Optional[str]:
    """The mention of a re-extracted report that a gone mention became: the one sharing most of
    its evidence sentences; failing any, the report's only mention."""
    shared = {m: len(s & sentences) for m, s in candidates.items() if s & sentences}
    if shared:
        most = max(shared.values())
        best = [m for m, n in shared.items() if n == most]
        return best[0] if len(best) == 1 else None
    return next(iter(candidates)) if len(candidates) == 1 else None


def holding(anchors: set[str], where: dict[str, Any]) -> Any:
    """Of the groups (``where``: mention -> its group), the one holding most of ``anchors``; a
    tie goes to the one holding the smallest of them.  None when no group holds any."""
    held = Counter(where[m] for m in anchors if m in where)
    if not held:
        return None
    holder_of_smallest = where[min(m for m in anchors if m in where)]
    return max(held, key=lambda g: (held[g], g == holder_of_smallest))


def assign(decisions: list[tuple[Decision, set[str]]], groups: list[set[str]]) -> list[list[Decision]]:
    """For each group of mentions (a merged incident), the decisions that go to it."""
    where = {m: i for i, group in enumerate(groups) for m in group}
    out: list[list[Decision]] = [[] for _ in groups]
    for decision, anchors in decisions:
        chosen = holding(anchors, where)
        if chosen is not None:
            out[chosen].append(decision)
    return out


def merged_ids_of(connection: Connection, mentions: Iterable[str]) -> dict[str, str]:
    """mention -> the merged incident it is in now."""
    out: dict[str, str] = {}
    for chunk in _chunks(sorted(set(mentions))):
        out.update(connection.execute(select(incident_members.c.mention_id, incident_members.c.merged_id)
                                      .where(incident_members.c.mention_id.in_(chunk))).all())
    return out


def history_revisions(connection: Connection, members: list[str]) -> set[int]:
    """The revisions of every review decision made on (or now anchored in) these mentions."""
    wanted = set(members)
    return {decision.revision for decision, anchors in touching(connection, wanted, applied_only=False)
            if anchors & wanted}

