"""Judicial steps linked to the incidents they follow, inside the caller's transaction.

The linker (vigil.resolve.cases) gives each judicial mention the earlier incident mention it
follows, found among the incidents its own report tells and those sharing a rare name or
place with it (``mention_keys``), and keeps the answer in ``case_links`` (a null incident: it
looked and found none; no row: not looked at yet).  Analysts' links and unlinks
(``case_decisions``) rule over it.  A merged judicial incident follows the merged incident of
its members' link: the newest decision of any member, else the best-scoring automatic link.

Merged records carry the result (``follows``, ``follow_ups``, ``case_stage``) and are rewritten
whenever a link or a cluster they depend on changes (``refresh``).  Which incident a step
follows depends on the stored mentions alone: a step stored before its incident is looked at
with it when the incident arrives (``offer``), and looked at again when its incident is removed
(``forget``).
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from vigil.resolve.cases import (JUDICIAL, NO_STEP, THRESHOLD, best_followed, borrow_crime, case_features, case_score,
                                 case_stage, companion_types, crime_window, names_no_crime, report_neighbours,
                                 timeline_order)
from vigil.resolve.features import MentionFeatures, block_bounds, candidate_keys, day_number, iso_day
from vigil.store.schema import (case_decisions, case_links, incident_evidence, incident_members, incidents,
                                mention_keys, merged_incidents)

_CHUNK = 500
# A key held by more stored mentions than this says too little to find a step's incident by.
KEY_POSTINGS_CAP = 200
# At most this many incidents by key per step, those sharing the most keys first.
KEY_CANDIDATES = 100
# The longest a crime window can be (a week widened by a week each side): bounds index scans.
CRIME_WINDOW_DAYS = 21

# The statements every placed report runs, built once (building one costs more than running it).
_IDS = bindparam("ids", expanding=True)
_KEY_COUNTS = (select(mention_keys.c.key, func.count()).where(mention_keys.c.key.in_(_IDS))
               .group_by(mention_keys.c.key))
_STEPS_HOLDING = (select(mention_keys.c.key, mention_keys.c.mention_id)
                  .join(incidents, incidents.c.id == mention_keys.c.mention_id)
                  .where(and_(mention_keys.c.key.in_(_IDS), incidents.c.event_type == JUDICIAL)))
_STEPS_BY_CRIME = (select(case_links.c.judicial_id, case_links.c.crime_start, case_links.c.crime_end)
                   .where(and_(case_links.c.crime_start <= bindparam("last"), case_links.c.crime_end >= bindparam("first"),
                               case_links.c.crime_start >= bindparam("earliest"))))
_ANY_DECISION = select(case_decisions.c.id).where(case_decisions.c.active.is_(True)).limit(1)
_LINKS_TOUCHING = (select(case_links.c.judicial_id, case_links.c.incident_id, case_links.c.score)
                   .where(and_(case_links.c.incident_id.is_not(None),
                               or_(case_links.c.judicial_id.in_(_IDS), case_links.c.incident_id.in_(_IDS)))))
_WITH_CASE_FIELDS = (select(merged_incidents.c.id)
                     .join(incident_members, incident_members.c.merged_id == merged_incidents.c.id)
                     .where(and_(incident_members.c.mention_id.in_(_IDS), or_(
                         merged_incidents.c.event_type == JUDICIAL, merged_incidents.c.follows.is_not(None),
                         merged_incidents.c.case_stage.is_(None), merged_incidents.c.case_stage != NO_STEP)))
                     .limit(1))


def _chunks(items: Iterable, size: int = _CHUNK):
    items = sorted(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _record(value: Any) -> dict[str, Any]:
    from vigil.store.clusters import record_of  # clusters calls this module: imported late

    return record_of(value)


def _imported_merged(record: dict[str, Any]) -> bool:
    """A merged incident imported as it was (vigil.store.importer): its links came with it."""
    return "mentions" in record


def _load(connection: Connection, ids: Iterable[str]):
    from vigil.store.clusters import load_mentions  # clusters calls this module: imported late

    return load_mentions(connection, ids)


# ------------------------------------------------------------------ finding what a step follows


def _report_incidents(connection: Connection, document: str) -> dict[str, int]:
    """The placed, non-judicial incidents a report tells, with where it first tells each."""
    e = incident_evidence.c
    rows = connection.execute(
        select(e.incident_id, e.start)
        .join(incidents, incidents.c.id == e.incident_id)
        .join(incident_members, incident_members.c.mention_id == e.incident_id)
        .where(and_(incidents.c.document_id == document, incidents.c.event_type != JUDICIAL)))
    offsets: dict[str, int] = {}
    for mention, start in rows:
        offsets[mention] = min(start, offsets.get(mention, start))
    return offsets


def _rare_keys(connection: Connection, keys: set[str]) -> set[str]:
    """The keys held by at most KEY_POSTINGS_CAP stored mentions (those a step's lookup reads)."""
    rare = set()
    for chunk in _chunks(keys):
        rare.update(key for key, held in connection.execute(_KEY_COUNTS, {"ids": chunk}) if held <= KEY_POSTINGS_CAP)
    return rare


def _by_keys(connection: Connection, features: MentionFeatures) -> list[str]:
    """Non-judicial mentions sharing a rare key (a name word, a precise place) with a step."""
    rare = _rare_keys(connection, set(candidate_keys(features)))
    shared: dict[str, int] = {}
    for chunk in _chunks(rare):
        for mention in connection.execute(
                select(mention_keys.c.mention_id).join(incidents, incidents.c.id == mention_keys.c.mention_id)
                .where(and_(mention_keys.c.key.in_(chunk), incidents.c.event_type != JUDICIAL))).scalars():
            shared[mention] = shared.get(mention, 0) + 1
    return sorted(shared, key=lambda m: (-shared[m], m))[:KEY_CANDIDATES]


def _by_window(connection: Connection, window: Optional[tuple[int, int]]) -> list[str]:
    """Non-judicial mentions whose date windows overlap the day or week a step dates its crime
    to; none when more than KEY_POSTINGS_CAP do (a busy week says nothing by itself)."""
    if window is None:
        return []
    from vigil.store.clusters import MAX_WINDOW_DAYS  # the longest mention window

    m = incident_members.c
    found = connection.execute(
        select(m.mention_id).join(incidents, incidents.c.id == m.mention_id).where(and_(
            m.block_start >= iso_day(window[0] - MAX_WINDOW_DAYS), m.block_start <= iso_day(window[1]),
            m.block_end >= iso_day(window[0]), incidents.c.event_type != JUDICIAL))
        .order_by(m.mention_id).limit(KEY_POSTINGS_CAP + 1)).scalars().all()
    return [] if len(found) > KEY_POSTINGS_CAP else list(found)


def _companions(connection: Connection, features: MentionFeatures) -> list:
    """The case features of the other judicial steps the same report tells."""
    others = connection.execute(select(incidents.c.id).where(and_(
        incidents.c.document_id == features.document, incidents.c.event_type == JUDICIAL,
        incidents.c.id != features.id))).scalars().all()
    return [case_features(_record(record), found) for record, found in _load(connection, others).values()]


def evaluate(connection: Connection, steps: Iterable[str]) -> set[str]:
    """Find (again) the incident each of these judicial mentions follows and store it.  Returns
    the mentions whose merged incidents' case fields may change: the steps, and the incidents
    they followed before and follow now."""
    steps = sorted(set(steps))
    if not steps:
        return set()
    touched: set[str] = set(steps)
    before = {}
    for chunk in _chunks(steps):
        before.update(connection.execute(select(case_links.c.judicial_id, case_links.c.incident_id)
                                         .where(case_links.c.judicial_id.in_(chunk))).all())
        connection.execute(delete(case_links).where(case_links.c.judicial_id.in_(chunk)))
    touched.update(m for m in before.values() if m)
    loaded = _load(connection, steps)
    rows = []
    for step in steps:
        if step not in loaded:
            continue
        record, features = _record(loaded[step][0]), loaded[step][1]
        found, window = None, None
        if not _imported_merged(record) and features.event_type == JUDICIAL:
            case = _case(connection, record, features)
            window = crime_window(case)
            neighbours = report_neighbours(case.offset, _report_incidents(connection, features.document))
            wanted = set(neighbours).union(*[_by_keys(connection, mention) for mention in case.lookup],
                                           _by_window(connection, window))
            candidates = _load(connection, wanted)
            found = best_followed(case, [(candidates[m][1], neighbours.get(m)) for m in sorted(candidates)
                                         if not _imported_merged(_record(candidates[m][0]))])
        rows.append({"judicial_id": step, "incident_id": found[0] if found else None,
                     "score": found[1] if found else None,
                     "crime_start": iso_day(window[0]) if window else None,
                     "crime_end": iso_day(window[1]) if window else None})
        if found:
            touched.add(found[0])
    if rows:
        connection.execute(insert(case_links), rows)
    return touched


def _steps_dated_around(connection: Connection, offered: list[MentionFeatures]) -> dict[str, set[str]]:
    """Steps whose crime window (``case_links.crime_start/end``) overlaps these incidents' date
    windows (one query over their span): step -> the incidents."""
    windows = {f.id: block_bounds(f) for f in offered if f.block is not None}
    if not windows:
        return {}
    first, last = min(w[0] for w in windows.values()), max(w[1] for w in windows.values())
    out: dict[str, set[str]] = {}
    for step, start, end in connection.execute(_STEPS_BY_CRIME, {
            "last": last, "first": first, "earliest": iso_day(day_number(first) - CRIME_WINDOW_DAYS)}):
        out[step] = {m for m, (a, b) in windows.items() if start <= b and end >= a}
    return {step: found for step, found in out.items() if found}


def _case(connection: Connection, record: Any, features: MentionFeatures):
    """A step's case features, its crime borrowed from a companion step when it names none."""
    case = case_features(_record(record), features)
    if names_no_crime(case) and companion_types(features.sub_event_type):
        case = borrow_crime(case, _companions(connection, features))
    return case


def offer(connection: Connection, features: list[MentionFeatures]) -> set[str]:
    """Offer newly placed incidents to the judicial steps stored earlier that share a rare key
    with them: a step follows one of them instead when it scores better than what it follows
    now, as looking again from scratch would find (a step stored before its incident links
    once the incident arrives).  Returns the mentions whose case fields change."""
    offered = [f for f in features if f.event_type != JUDICIAL]
    keys_of = {f.id: set(candidate_keys(f)) for f in offered}
    rare = _rare_keys(connection, set().union(*keys_of.values()) if keys_of else set())
    dated = _steps_dated_around(connection, offered)
    if not (rare or dated):
        return set()
    sharing: dict[str, set[str]] = {}  # step -> rare keys it holds
    for chunk in _chunks(rare):
        for key, step in connection.execute(_STEPS_HOLDING, {"ids": chunk}):
            sharing.setdefault(step, set()).add(key)
    # Steps told beside them may borrow their crime, and find incidents by their keys.
    steps = set(sharing) | set(dated)
    for chunk in _chunks(_documents(connection, set(sharing))):
        steps.update(connection.execute(select(incidents.c.id).where(and_(
            incidents.c.document_id.in_(chunk), incidents.c.event_type == JUDICIAL))).scalars())
    steps -= set(keys_of)
    current = {}
    for chunk in _chunks(steps):
        current.update((r.judicial_id, r) for r in connection.execute(
            select(case_links).where(case_links.c.judicial_id.in_(chunk))))
    loaded = _load(connection, [s for s in steps if s in current])  # a step with no row is looked at in full
    touched: set[str] = set()
    for step in sorted(loaded):
        record, step_features = loaded[step]
        if _imported_merged(_record(record)):
            continue
        case = _case(connection, record, step_features)
        held = set().union(*[sharing.get(m.id, set()) for m in case.lookup])
        row = current[step]
        best = (-row.score, row.incident_id) if row.incident_id else None
        for incident in offered:
            if not (keys_of[incident.id] & held or incident.id in dated.get(step, ())):
                continue
            value = case_score(case, incident)
            if value is not None and value > THRESHOLD and (best is None or (-value, incident.id) < best):
                best = (-value, incident.id)
        if best is not None and best[1] != row.incident_id:
            connection.execute(update(case_links).where(case_links.c.judicial_id == step)
                               .values(incident_id=best[1], score=-best[0]))
            touched.update(m for m in (step, row.incident_id, best[1]) if m)
    return touched


def forget(connection: Connection, mention_ids: Iterable[str]) -> set[str]:
    """Drop the links of mentions about to be deleted.  Returns the other mentions whose case
    fields change: steps that followed them (looked at again by ``settle``) and incidents
    they followed."""
    ids = set(mention_ids)
    others: set[str] = set()
    for chunk in _chunks(ids):
        for step, incident in connection.execute(
                select(case_links.c.judicial_id, case_links.c.incident_id).where(or_(
                    case_links.c.judicial_id.in_(chunk), case_links.c.incident_id.in_(chunk)))):
            others.update(m for m in (step, incident) if m)
        connection.execute(delete(case_links).where(or_(
            case_links.c.judicial_id.in_(chunk), case_links.c.incident_id.in_(chunk))))
    others -= ids
    for chunk in _chunks(others):  # steps that followed a deleted incident look again
        connection.execute(delete(case_links).where(case_links.c.judicial_id.in_(chunk)))
    return others


def pending_steps(connection: Connection, mention_ids: Optional[Iterable[str]] = None, limit: Optional[int] = None
                  ) -> list[str]:
    """Placed judicial mentions not looked at yet (all, or among ``mention_ids``)."""
    statement = (select(incidents.c.id)
                 .join(incident_members, incident_members.c.mention_id == incidents.c.id)
                 .where(and_(incidents.c.event_type == JUDICIAL,
                             incidents.c.id.not_in(select(case_links.c.judicial_id))))
                 .order_by(incidents.c.id))
    if mention_ids is None:
        return list(connection.execute(statement.limit(limit) if limit else statement).scalars())
    found = []
    for chunk in _chunks(mention_ids):
        found.extend(connection.execute(statement.where(incidents.c.id.in_(chunk))).scalars())
    return found


def settle(connection: Connection, mentions: Iterable[str], judicial: Optional[Iterable[str]] = None) -> None:
    """Look at the judicial steps among ``mentions`` not looked at yet (``judicial``: which of
    them are steps, when the caller knows), then bring the case fields of every merged incident
    they touch up to date."""
    mentions = set(mentions)
    if not mentions:
        return
    steps = mentions if judicial is None else set(judicial)
    refresh(connection, mentions | evaluate(connection, pending_steps(connection, steps) if steps else []))


# ------------------------------------------------------------------ analysts' decisions


def _any_decisions(connection: Connection) -> bool:
    return connection.execute(_ANY_DECISION).first() is not None


def _current(connection: Connection, mention: Optional[str], document: Optional[str], judicial: bool) -> Optional[str]:
    """The mention a decision names; if its report was re-extracted, that report's one new
    mention of the same kind (judicial step or not)."""
    if mention is None:
        return None
    if connection.execute(select(incidents.c.id).where(incidents.c.id == mention)).first():
        return mention
    kind = incidents.c.event_type == JUDICIAL if judicial else incidents.c.event_type != JUDICIAL
    found = connection.execute(select(incidents.c.id).where(and_(incidents.c.document_id == document, kind))).scalars().all()
    return found[0] if len(found) == 1 else None


def _documents(connection: Connection, mentions: set[str]) -> set[str]:
    out: set[str] = set()
    for chunk in _chunks(mentions):
        out.update(connection.execute(select(incidents.c.document_id).where(incidents.c.id.in_(chunk))).scalars())
    return out


def _decisions(connection: Connection, column: str, mentions: set[str], any_made: Optional[bool] = None
               ) -> list[dict[str, Any]]:
    """Active decisions whose judicial (``column`` "judicial") or incident ("incident") side is
    one of ``mentions`` or their reports, newest first, with both sides resolved to current
    mentions (``step``, ``target``).  ``any_made``: whether any decision is active, when known."""
    if not mentions or not (_any_decisions(connection) if any_made is None else any_made):
        return []
    c = case_decisions.c
    ids, documents = getattr(c, f"{column}_id"), getattr(c, f"{column}_document")
    rows: dict[int, dict] = {}
    for chunk in _chunks(mentions | _documents(connection, mentions)):
        for row in connection.execute(select(case_decisions).where(and_(
                c.active.is_(True), or_(ids.in_(chunk), documents.in_(chunk))))).mappings():
            rows[row["id"]] = dict(row)
    out = []
    for row in sorted(rows.values(), key=lambda r: -r["id"]):
        row["step"] = _current(connection, row["judicial_id"], row["judicial_document"], judicial=True)
        row["target"] = _current(connection, row["incident_id"], row["incident_document"], judicial=False)
        if (row["step"] if column == "judicial" else row["target"]) in mentions:
            out.append(row)
    return out


def decide(connection: Connection, kind: str, steps: list[str], target: Optional[str], revision: int,
           created_at: str) -> None:
    """Record an analyst's link (``target``: the incident mention the steps follow) or unlink
    (``target`` None) of a merged judicial incident's mentions, superseding their earlier ones."""
    documents = dict(connection.execute(select(incidents.c.id, incidents.c.document_id)
                                        .where(incidents.c.id.in_(steps + ([target] if target else [])))).all())
    connection.execute(update(case_decisions).where(and_(
        case_decisions.c.active.is_(True), case_decisions.c.judicial_id.in_(steps))).values(active=False))
    connection.execute(insert(case_decisions), [
        {"kind": kind, "judicial_id": step, "judicial_document": documents[step], "incident_id": target,
         "incident_document": documents.get(target), "revision_id": revision, "active": True,
         "created_at": created_at} for step in sorted(steps)])


# ------------------------------------------------------------------ merged incidents' case fields


def _members(connection: Connection, merged_ids: set[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for chunk in _chunks(merged_ids):
        for mention, merged in connection.execute(
                select(incident_members.c.mention_id, incident_members.c.merged_id)
                .where(incident_members.c.merged_id.in_(chunk))):
            out.setdefault(merged, set()).add(mention)
    return out


def _merged_of(connection: Connection, mentions: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(mentions):
        out.update(connection.execute(select(incident_members.c.mention_id, incident_members.c.merged_id)
                                      .where(incident_members.c.mention_id.in_(chunk))).all())
    return out


def _auto_links(connection: Connection, column, mentions: set[str]) -> list[tuple[str, str, float]]:
    """(step, incident, score) of the automatic links whose ``column`` is one of ``mentions``."""
    out = []
    for chunk in _chunks(mentions):
        out.extend(connection.execute(select(case_links.c.judicial_id, case_links.c.incident_id, case_links.c.score)
                                      .where(and_(column.in_(chunk), case_links.c.incident_id.is_not(None)))).all())
    return out


def _followed(decisions: list[dict[str, Any]], links: list[tuple[str, str, float]]) -> Optional[str]:
    """The incident mention a merged judicial incident follows, from its members' decisions
    (newest first) and automatic links: the newest decision, else the best-scoring link."""
    if decisions:
        return decisions[0]["target"] if decisions[0]["kind"] == "link" else None
    if not links:
        return None
    return min(links, key=lambda link: (-link[2], link[1]))[1]


def _links_touching(connection: Connection, mentions: set[str]) -> list[tuple[str, str, float]]:
    """(step, incident, score) of the automatic links with either end among ``mentions``."""
    out = []
    for chunk in _chunks(mentions):
        out.extend(connection.execute(_LINKS_TOUCHING, {"ids": chunk}).all())
    return out


def _case_fields_set(connection: Connection, mentions: set[str]) -> bool:
    """Whether a merged incident of these mentions is a judicial step or has case fields other
    than those of an incident nothing follows (written before, or stale)."""
    for chunk in _chunks(mentions):
        if connection.execute(_WITH_CASE_FIELDS, {"ids": chunk}).first():
            return True
    return False


def refresh(connection: Connection, mentions: set[str]) -> None:
    """Rewrite the case fields (``follows``, ``follow_ups``, ``case_stage``) of the merged
    incidents of these mentions and of the incidents linked to them (a fixed number of queries
    however many there are)."""
    if not mentions:
        return
    any_made = _any_decisions(connection)
    related = set(mentions)
    touching = _links_touching(connection, mentions)
    if not (touching or any_made or _case_fields_set(connection, mentions)):
        return  # no link, no decision, and every incident as one nothing follows: nothing to change
    for step, incident, _ in touching:
        related.update((step, incident))
    for row in (_decisions(connection, "judicial", mentions, any_made)
                + _decisions(connection, "incident", mentions, any_made)):
        related.update(m for m in (row["step"], row["target"]) if m)
    merged_of = _merged_of(connection, related)
    members = _members(connection, set(merged_of.values()))
    # The steps following any of these incidents, and their merged incidents too.
    everything = set().union(*members.values()) if members else set()
    into = _auto_links(connection, case_links.c.incident_id, everything)
    decided_into = [row for row in _decisions(connection, "incident", everything, any_made)
                    if row["kind"] == "link" and row["step"]]
    steps = {step for step, _, _ in into} | {row["step"] for row in decided_into}
    merged_of.update(_merged_of(connection, steps - set(merged_of)))
    members.update(_members(connection, set(merged_of.values()) - set(members)))
    rows = {}
    for chunk in _chunks(members):
        rows.update((r.id, r) for r in connection.execute(
            select(merged_incidents.c.id, merged_incidents.c.event_type, merged_incidents.c.sub_event_type,
                   merged_incidents.c.follows, merged_incidents.c.case_stage, merged_incidents.c.data)
            .where(merged_incidents.c.id.in_(chunk))))
    # What each merged judicial incident follows, from all its members' decisions and links.
    step_members = set().union(*[members[m] for m, row in rows.items() if row.event_type == JUDICIAL] or [set()])
    decided = _decisions(connection, "judicial", step_members, any_made)
    links = _auto_links(connection, case_links.c.judicial_id, step_members)
    targets: dict[str, Optional[str]] = {}
    for merged_id, row in rows.items():
        if row.event_type == JUDICIAL:
            own = members[merged_id]
            targets[merged_id] = _followed([d for d in decided if d["step"] in own], [l for l in links if l[0] in own])
    merged_of.update(_merged_of(connection, {t for t in targets.values() if t} - set(merged_of)))
    follow_ups: dict[str, list[dict[str, Any]]] = {}
    for merged_id, target in sorted(targets.items()):
        if target and merged_of.get(target):
            row = rows[merged_id]
            follow_ups.setdefault(merged_of[target], []).append(
                {"incident": merged_id, "sub_event_type": row.sub_event_type, "date": row.data.get("date")})
    for merged_id, row in sorted(rows.items()):
        record = dict(row.data)
        if merged_id in members[merged_id]:
            pass  # an imported merged incident (its own one member) keeps the links it came with
        elif row.event_type == JUDICIAL:
            target = targets.get(merged_id)
            record["follows"] = merged_of.get(target) if target else None
            record["follow_ups"] = []
        else:
            record["follows"] = None
            record["follow_ups"] = sorted(follow_ups.get(merged_id, []), key=timeline_order)
        record["case_stage"] = case_stage(record)
        if record == row.data and (row.follows, row.case_stage) == (record.get("follows"), record["case_stage"]):
            continue
        connection.execute(update(merged_incidents).where(merged_incidents.c.id == merged_id).values(
            data=record, follows=record.get("follows"), case_stage=record["case_stage"]))


def stale_merged(connection: Connection, limit: Optional[int] = None) -> list[str]:
    """Merged incidents (not judicial steps) written before they had a case stage."""
    statement = select(merged_incidents.c.id).where(and_(
        merged_incidents.c.case_stage.is_(None), merged_incidents.c.event_type != JUDICIAL)).order_by(merged_incidents.c.id)
    return list(connection.execute(statement.limit(limit) if limit else statement).scalars())


def link_pending(connection: Connection) -> int:
    """Look at every judicial step not looked at yet and give every merged incident written
    before cases existed its case fields.  Returns how many steps and incidents that was."""
    steps = pending_steps(connection)
    stale = stale_merged(connection)
    mentions = set(steps)
    for members in _members(connection, set(stale)).values():
        mentions |= members
    settle(connection, mentions)
    return len(steps) + len(stale)

