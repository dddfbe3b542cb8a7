"""Grouping linked mentions into incidents, deterministically and under analysts' constraints.

Input is a set of mentions (a connected component of the link graph) and the analysts'
must-link / cannot-link pairs; output depends on that set alone, never on the order the
mentions arrived in: ties are broken by mention id.

Method: must-links first (newest decision first, one that contradicts a cannot-link is
skipped), then average-linkage agglomeration: the two groups with the highest mean pairwise
score merge while that mean is above the threshold, unless a cannot-link or a shared report
stands between them (one report tells one incident once; the extractor already split it).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from vigil.resolve.features import MentionFeatures
from vigil.resolve.similarity import THRESHOLD, compatible, score

# The score of a pair that fails blocking (different place, far-apart dates, unrelated types).
INCOMPATIBLE = -3.0


@dataclass
class Constraints:
    """Analysts' decisions as mention pairs. ``must`` is ordered newest first."""

    must: list[tuple[str, str]] = field(default_factory=list)
    cannot: set[frozenset[str]] = field(default_factory=set)

    def forbids(self, a: Iterable[str], b: Iterable[str]) -> bool:
        b = list(b)
        return any(frozenset((x, y)) in self.cannot for x in a for y in b)


def pair_score(a: MentionFeatures, b: MentionFeatures) -> Optional[float]:
    """The link score of two mentions, or None when blocking rules the pair out."""
    if not compatible(a, b):
        return None
    return score(a, b)


def linked(a: MentionFeatures, b: MentionFeatures) -> bool:
    value = pair_score(a, b)
    return value is not None and value > THRESHOLD


class _UnionFind:
    def __init__(self, items: Iterable[str]):
        self.parent = {i: i for i in items}

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller id becomes the root, so roots do not depend on the order of unions.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = {}
        for item in sorted(self.parent):
            out.setdefault(self.find(item), []).append(item)
        return sorted(out.values(), key=lambda g: g[0])


def connected_components(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Sorted groups of ids joined by edges (edges to ids outside ``ids`` are ignored)."""
    uf = _UnionFind(ids)
    for a, b in edges:
        if a in uf.parent and b in uf.parent:
            uf.union(a, b)
    return uf.groups()


def cluster_mentions(mentions: list[MentionFeatures], constraints: Optional[Constraints] = None) -> list[list[str]]:
    """Groups of mention ids, each sorted, the list sorted by first id."""
    constraints = constraints or Constraints()
    mentions = sorted(mentions, key=lambda m: m.id)
    by_id = {m.id: m for m in mentions}
    ids = [m.id for m in mentions]

    uf = _UnionFind(ids)
    members: dict[str, list[str]] = {i: [i] for i in ids}
    for a, b in constraints.must:
        if a not in by_id or b not in by_id:
            continue
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb or constraints.forbids(members[ra], members[rb]):
            continue
        merged = sorted(members.pop(ra) + members.pop(rb))
        uf.union(ra, rb)
        members[uf.find(ra)] = merged
    groups = {g[0]: g for g in uf.groups()}

    scores: dict[tuple[str, str], float] = {}
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            value = pair_score(by_id[a], by_id[b])
            scores[(a, b)] = INCOMPATIBLE if value is None else value

    reports = {key: frozenset(by_id[m].document for m in group) for key, group in groups.items()}

    def blocked(ka: str, kb: str) -> bool:
        return bool(reports[ka] & reports[kb]) or (bool(constraints.cannot)
                                                   and constraints.forbids(groups[ka], groups[kb]))

    # Sums of pair scores between groups, kept up to date as groups merge.
    keys = sorted(groups)
    between: dict[tuple[str, str], float] = {}
    for i, ka in enumerate(keys):
        for kb in keys[i + 1:]:
            if len(groups[ka]) == 1 and len(groups[kb]) == 1:
                between[(ka, kb)] = scores[(ka, kb)]  # the usual case: no analyst has joined anything
            else:
                between[(ka, kb)] = sum(scores[(x, y) if x < y else (y, x)] for x in groups[ka] for y in groups[kb])

    while True:
        # The best pair above the threshold that nothing keeps apart (ties: by group keys).
        ranked = sorted((-total / (len(groups[ka]) * len(groups[kb])), ka, kb)
                        for (ka, kb), total in between.items()
                        if total / (len(groups[ka]) * len(groups[kb])) > THRESHOLD)
        best = next((item for item in ranked if not blocked(item[1], item[2])), None)
        if best is None:
            break
        _, ka, kb = best
        merged = sorted(groups.pop(ka) + groups.pop(kb))
        key = merged[0]
        sums: dict[str, float] = {}
        for (x, y), total in list(between.items()):
            if x in (ka, kb) or y in (ka, kb):
                del between[(x, y)]
                other = y if x in (ka, kb) else x
                if other not in (ka, kb):
                    sums[other] = sums.get(other, 0.0) + total
        groups[key] = merged
        reports[key] = reports.pop(ka) | reports.pop(kb)
        for other, total in sums.items():
            between[(key, other) if key < other else (other, key)] = total
    return sorted(groups.values(), key=lambda g: g[0])
