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

import heapq
import itertools
import weakref
from dataclasses import dataclass, field
from typing import Iterable, Optional

from vigil.resolve.features import MentionFeatures
from vigil.resolve.similarity import THRESHOLD, compatible, could_link, score

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


class _PairScores:
    """Scores of pairs of feature objects, kept while those objects live.  Each report about an
    incident re-clusters its whole component, so without this a component of n mentions would be
    scored n*n/2 times over for every report that joins it, not only its new pairs.  A hit needs
    the very objects scored before (stored mentions' features are parsed once per process and
    reused), so an edited mention, parsed anew, is scored anew; the objects are held weakly, so
    the cache keeps no mention alive."""

    def __init__(self, size: int = 200_000):
        self.size = size
        self.scores: dict[tuple[str, str], tuple[weakref.ref, weakref.ref, Optional[float]]] = {}

    def __call__(self, a: MentionFeatures, b: MentionFeatures) -> Optional[float]:
        held = self.scores.get((a.id, b.id))
        if held is not None and held[0]() is a and held[1]() is b:
            return held[2]
        value = pair_score(a, b)
        if len(self.scores) >= self.size:
            self.scores.clear()  # a long ingest moves on through time: start afresh
        self.scores[(a.id, b.id)] = (weakref.ref(a), weakref.ref(b), value)
        return value


cached_pair_score = _PairScores()


def link_score(a: MentionFeatures, b: MentionFeatures) -> Optional[float]:
    """The score of a new mention and a candidate when they may link (above THRESHOLD), else
    None: most candidates fall short on their cheap terms and are never scored in full.  A full
    score goes through the cache in the order clustering asks for it (the lower id first), so
    the mention's component is not scored again when it is clustered."""
    if not compatible(a, b) or not could_link(a, b):
        return None
    return cached_pair_score(a, b) if a.id < b.id else cached_pair_score(b, a)


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


def _pairs_in_reach(mentions: list[MentionFeatures]) -> Iterable[tuple[str, str]]:
    """Every pair of these mentions (lower id first) but those of two dated mentions whose date
    windows do not overlap, which blocking rules out (similarity.dates_compatible): found by
    sweeping the windows in order, not by trying every pair."""
    dated = sorted((m for m in mentions if m.block is not None), key=lambda m: (m.block[0], m.id))
    undated = [m for m in mentions if m.block is None]
    for i, a in enumerate(dated):
        for j in range(i + 1, len(dated)):
            b = dated[j]
            if b.block[0] > a.block[1]:
                break
            yield (a.id, b.id) if a.id < b.id else (b.id, a.id)
    for i, a in enumerate(undated):
        for b in itertools.chain(itertools.islice(undated, i + 1, None), dated):
            yield (a.id, b.id) if a.id < b.id else (b.id, a.id)


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

    # Only pairs that pass blocking are scored and kept: a pair that fails it counts INCOMPATIBLE,
    # and so does, summed, a pair of groups every cross pair of which fails it (its mean is then
    # INCOMPATIBLE: never merged), so such a pair of groups has no entry at all.  A component that
    # an undated report ties to years of dated ones stays cheap: its far-apart pairs are never met.
    # Sums of multiples of INCOMPATIBLE are exact, so every sum is the one the dense table gave.
    scores: dict[tuple[str, str], float] = {}
    for a, b in _pairs_in_reach(mentions):
        value = cached_pair_score(by_id[a], by_id[b])
        if value is not None:
            scores[(a, b)] = value

    reports = {key: frozenset(by_id[m].document for m in group) for key, group in groups.items()}

    def blocked(ka: str, kb: str) -> bool:
        return bool(reports[ka] & reports[kb]) or (bool(constraints.cannot)
                                                   and constraints.forbids(groups[ka], groups[kb]))

    # Sums of pair scores between groups (each pair under both keys), kept up to date as groups merge.
    between: dict[str, dict[str, float]] = {key: {} for key in groups}
    for (a, b), value in scores.items():
        if len(groups.get(a, ())) == 1 and len(groups.get(b, ())) == 1:
            between[a][b] = between[b][a] = value  # the usual case: no analyst has joined anything
    joined = [key for key in sorted(groups) if len(groups[key]) > 1]
    for ka in joined:
        for kb in sorted(groups):
            if kb == ka or (len(groups[kb]) > 1 and kb < ka):
                continue  # each pair of joined groups once
            first, second = (ka, kb) if ka < kb else (kb, ka)
            pairs = [(x, y) if x < y else (y, x) for x in groups[first] for y in groups[second]]
            if any(pair in scores for pair in pairs):
                between[ka][kb] = between[kb][ka] = sum(scores.get(pair, INCOMPATIBLE) for pair in pairs)

    # Candidate merges, best mean first (ties: by group keys), in a heap; an entry goes stale when
    # either group has merged since (its generation moved on), and a blocked pair stays blocked
    # until one of its groups changes, so both are simply dropped when they come up.
    generation = {key: 0 for key in groups}
    heap: list[tuple[float, str, str, int, int]] = []

    def offer(ka: str, kb: str) -> None:
        if kb < ka:
            ka, kb = kb, ka
        mean = between[ka][kb] / (len(groups[ka]) * len(groups[kb]))
        if mean > THRESHOLD:
            heapq.heappush(heap, (-mean, ka, kb, generation[ka], generation[kb]))

    for (a, b), value in scores.items():
        if value > THRESHOLD and len(groups.get(a, ())) == 1 and len(groups.get(b, ())) == 1:
            heapq.heappush(heap, (-value, a, b, 0, 0))  # offer(a, b) of two single mentions
    for ka in joined:
        for kb in between[ka]:
            offer(ka, kb)
    while heap:
        _, ka, kb, gen_a, gen_b = heapq.heappop(heap)
        if generation.get(ka) != gen_a or generation.get(kb) != gen_b or ka not in groups or kb not in groups:
            continue
        if blocked(ka, kb):
            continue
        # A group missing from one side's row shares only pairs that fail blocking with it.
        size_a, size_b = len(groups[ka]), len(groups[kb])
        row_a, row_b = between.pop(ka), between.pop(kb)
        sums: dict[str, float] = {}
        for other, total in row_a.items():
            if other != kb:
                other_b = row_b.get(other)
                sums[other] = total + (INCOMPATIBLE * size_b * len(groups[other]) if other_b is None else other_b)
        for other, total in row_b.items():
            if other != ka and other not in sums:
                sums[other] = INCOMPATIBLE * size_a * len(groups[other]) + total
        for other in sums:
            row = between[other]
            row.pop(ka, None)
            row.pop(kb, None)
        merged = sorted(groups.pop(ka) + groups.pop(kb))
        key = merged[0]
        generation.pop(ka)
        generation.pop(kb)
        groups[key] = merged
        generation[key] = max(gen_a, gen_b) + 1
        reports[key] = reports.pop(ka) | reports.pop(kb)
        between[key] = sums
        for other, total in sums.items():
            between[other][key] = total
            offer(key, other)
    return sorted(groups.values(), key=lambda g: g[0])
