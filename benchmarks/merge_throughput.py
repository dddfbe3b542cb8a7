"""Merge throughput: storing reports with cross-report merging on and off, in a database that
already holds 10,000 (or 100,000) incidents, and how many stored mentions each new one is
compared with (candidates by date window and by content: vigil.store.clusters.candidates).

    .venv/bin/python benchmarks/merge_throughput.py [--stored 10000] [--rounds 3] [--base FILE] [--direct] [--clones]
                                                 [--reports FILE]

The multi-outlet fixture reports (tests/fixtures/multi_outlet) are extracted once.  Their
incidents are then copied, as synthetic stored reports, with new ids, dates spread over
2005-2025 (precision kept), places drawn from the gazetteer's Karachi places and a unique
filler paragraph so no copy is a near-duplicate of another; these are stored (merged) until the
database holds ``--stored`` incidents.  Most copies tell other incidents: their longer words are
scrambled, so they carry other names and other wording, and their tolls are shifted by one to
nine; one in a hundred retells its template
word for word.  One synthetic report in ten has no date at all, so candidates by content are
exercised too.  ``--clones`` keeps every dated copy's words (about 170 stored retellings of each
fixture incident): a stress case for the size of what one report re-clusters.  Copies of that
database then take the fixture reports themselves with merging on and with it off, each timed
round with the process's caches emptied.  Printed: store time per report both ways and their
ratio, and the same for a whole ingest (extraction + store, extraction timed once).  ``--reports``
times other reports than the fixtures against the same stored copies: real news (longer than the
fixtures, so extraction weighs more) such as the rebuilt dev corpus, which stays outside the repository.
Not part of the test suite.
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import datetime as dt
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from synthetic import date_range_at  # benchmarks/synthetic.py

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REPORTS = ROOT / "tests" / "fixtures" / "multi_outlet" / "reports.jsonl"


def extract_fixtures(path: Path = REPORTS):
    from vigil.extract import extract_documents
    from vigil.readers import iter_documents

    started = time.perf_counter()
    extractions = list(extract_documents(iter_documents([str(path)])))
    return extractions, time.perf_counter() - started


def karachi_locations():
    from vigil.knowledge import load_gazetteer
    from vigil.knowledge.geoparse import location_for

    gazetteer = load_gazetteer()
    return [location_for(p, gazetteer) for p in gazetteer
            if p.id.startswith("khi:") and p.level in ("neighbourhood", "town", "point") and p.lat is not None]


_FILLER = ("market traffic road evening morning officials residents vehicles shops families street corner "
           "houses schools offices crowd witnesses ambulance hospital station district area city week month "
           "investigation footage cameras patrol checkpoint").split()


_LONG_WORD = re.compile(r"[^\W\d_]{5,}")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _scrambled(text: str, salt: str) -> str:
    """Each word of five letters or more with its inner letters drawn anew (the same word the same
    way for one salt): another incident's names and wording, at the same offsets.  Drawn, not
    shuffled: two shuffles of one name keep its letters, its opening and its length, so merging's
    fuzzy name match (vigil.resolve.names) would still read them as one name, and the copies of one
    template would be one victim's incident after all."""
    def redraw(match: re.Match) -> str:
        word = match.group()
        rng = random.Random(f"{salt}:{word.lower()}")
        inner = "".join(rng.choice(_LETTERS).upper() if c.isupper() else rng.choice(_LETTERS) for c in word[1:-1])
        return word[0] + inner + word[-1]
    return _LONG_WORD.sub(redraw, text)


def _other_toll(incident, rng: random.Random) -> None:
    """Shift every stated bound of the copy's fatalities and injured by one to nine."""
    for figure in (incident.fatalities, incident.injured):
        if figure is None:
            continue
        offset = rng.randint(1, 9)
        for bound in ("low", "best", "high"):
            if getattr(figure, bound) is not None:
                setattr(figure, bound, getattr(figure, bound) + offset)


def synthetic_reports(extractions, locations, wanted: int, seed: int = 11, clones: bool = False):
    """(document, sentences, incidents) copies until ``wanted`` incidents, shifted in time and place."""
    from vigil.model import DateRange, Evidence, Sentence, Source

    rng = random.Random(seed)
    first, span = dt.date(2005, 1, 1), (dt.date(2025, 12, 31) - dt.date(2005, 1, 1)).days
    templates = [e for e in extractions if e.incidents]
    made, n = 0, 0
    while made < wanted:
        template = templates[n % len(templates)]
        doc_id = f"synthetic-{n:06d}"
        filler = " ".join(rng.choice(_FILLER) for _ in range(150)) + ".\n\n"
        shift = len(filler)
        # One report in ten has no date at all (a page without one): found by content alone.
        # Most copies tell other incidents (their longer words scrambled: other names, other
        # wording; and another toll); one dated copy in a hundred and one undated one in a hundred retell their
        # template word for word, as another outlet's report of it would.  With ``clones`` every
        # dated copy retells it: some 170 retellings of each fixture incident spread over twenty
        # years, each stored as an incident of its own (the stress case of earlier runs).
        undated = n % 10 == 9
        retold = n % 1000 == 999 if undated else (clones or n % 100 == 50)
        salt = None if retold else doc_id
        words = (lambda text: _scrambled(text, salt)) if salt else (lambda text: text)
        document = dataclasses.replace(template.document, id=doc_id, text=filler + words(template.document.text),
                                       published=None, published_evidence=None, outlet=f"Outlet {n % 40}")
        day = first + dt.timedelta(days=rng.randrange(span))
        incidents = []
        for k, original in enumerate(template.incidents):
            incident = copy.deepcopy(original)
            incident.id = f"{doc_id}:{k}"
            precision = incident.date.precision if incident.date else "day"
            start, end = date_range_at(day, precision)
            incident.date = None if undated else DateRange(start.isoformat(), end.isoformat(), precision, None)
            incident.location = copy.deepcopy(rng.choice(locations))
            incident.evidence = [Evidence(doc_id, words(e.sentence), e.start + shift, e.end + shift, e.timestamp)
                                 for e in original.evidence]
            for victim in incident.victims:
                victim.name = words(victim.name) if victim.name else victim.name
            if salt:  # another incident: another toll too (its own generator keeps dates and places as they were)
                _other_toll(incident, random.Random(f"{salt}:{k}"))
            incident.sources = [Source(doc_id, document.outlet, None, None if undated else day.isoformat())]
            incidents.append(incident)
        sentences = [Sentence(s.start + shift, s.end + shift) for s in template.sentences]
        yield document, sentences, incidents
        made += len(incidents)
        n += 1


def build(url: str, extractions, stored: int, clones: bool = False) -> float:
    from vigil.store import Store

    store = Store.open(url)
    started = time.perf_counter()
    for document, sentences, incidents in synthetic_reports(extractions, karachi_locations(), stored, clones=clones):
        store.add_report(document, sentences, incidents, [])
    elapsed = time.perf_counter() - started
    counts = store.counts()
    merged = len(store.merged_incidents())
    store.close()
    print(f"built: {counts['incidents']} stored incidents ({merged} merged) from {counts['documents']} "
          f"synthetic reports in {elapsed:.1f} s")
    return elapsed


def print_components(url: str) -> None:
    """How the stored mentions lie in components: what a new report touching one re-clusters."""
    from sqlalchemy import create_engine, func, select

    from vigil.store.schema import incident_members

    engine = create_engine(url)
    sizes = (select(func.count().label("n")).select_from(incident_members)
             .group_by(incident_members.c.component).subquery())
    with engine.connect() as connection:
        shared, largest = connection.execute(
            select(func.count().filter(sizes.c.n > 1), func.max(sizes.c.n))).one()
    engine.dispose()
    print(f"components of more than one mention: {shared}, the largest {largest} mentions")


def build_fast(url: str, extractions, stored: int, clones: bool = False) -> float:
    """The same synthetic database written straight into the tables, 1,000 reports a transaction:
    documents, sentences, incidents and evidence as add_report writes them, each mention placed
    as its own merged incident with its date window and content keys, without the near-duplicate
    signatures; each judicial step then looks for what it follows.  For sizes (100,000) that
    add_report would take hours to build on a laptop.  What it leaves out: the stored copies are
    never compared with one another, so the links and merges an ingest makes among them are
    missing (undated copies of one template link to its dated copies of any year, which ties
    hundreds of mentions into one component; the first new report to touch one re-clusters it
    all).  It understates merging's cost: the 10,000 figure is measured on ``build``."""
    from sqlalchemy import insert

    from vigil.resolve.features import block_bounds, candidate_keys, mention_features
    from vigil.resolve.names import context_names
    from vigil.resolve.reconcile import merged_incident_id, reconcile
    from vigil.resolve.stored_features import to_stored
    from vigil.store import Store, schema
    from vigil.store.clusters import merged_values
    from vigil.store.rows import document_values, evidence_values, incident_values

    store = Store.open(url)
    started = time.perf_counter()
    batch: list = []

    def flush() -> None:
        rows = {name: [] for name in ("documents", "sentences", "incidents", "incident_evidence",
                                      "incident_members", "mention_keys", "merged_incidents")}
        for document, sentences, incidents in batch:
            rows["documents"].append({**document_values(document), "ingested_at": "2025-01-01T00:00:00"})
            rows["sentences"] += [{"document_id": document.id, "idx": i, "start": s.start, "end": s.end}
                                  for i, s in enumerate(sentences)]
            for incident in incidents:
                rows["incidents"].append(incident_values(incident, document.id))
                rows["incident_evidence"] += evidence_values(incident, document)
                feature = mention_features(incident, document.id, context_names(document.text, incident.evidence))
                start, end = block_bounds(feature)
                merged = reconcile([incident])
                rows["incident_members"].append({
                    "mention_id": incident.id, "document_id": document.id, "merged_id": merged_incident_id([incident.id]),
                    "component": incident.id, "block_start": start, "block_end": end, "names": sorted(feature.names),
                    "features": to_stored(feature)})
                rows["mention_keys"] += [{"key": k, "mention_id": incident.id, "dated": feature.block is not None}
                                         for k in candidate_keys(feature)]
                rows["merged_incidents"].append(merged_values(merged))
        with store._engine.begin() as connection:
            for name, values in rows.items():
                if values:
                    connection.execute(insert(getattr(schema, name)), values)
        batch.clear()

    for report in synthetic_reports(extractions, karachi_locations(), stored, clones=clones):
        batch.append(report)
        if len(batch) == 1000:
            flush()
    flush()
    # Each judicial step looks for the incident it follows when it is placed (vigil.store.cases):
    # done here for all of them, so the timed ingest does not do it for the ones it meets.
    from vigil.store import cases

    with store._engine.begin() as connection:
        # ... and the incidents they follow show it (follows, case stage), as after an ingest.
        cases.settle(connection, cases.pending_steps(connection))
    elapsed = time.perf_counter() - started
    counts = store.counts()
    store.close()
    print(f"built (direct): {counts['incidents']} stored incidents from {counts['documents']} synthetic reports "
          f"in {elapsed:.1f} s")
    return elapsed


def forget_scored_pairs() -> None:
    """Empty the process's caches of parsed mentions, pair scores and name comparisons, so each
    timed round starts cold, as a new ingest process does (the static tables stay loaded)."""
    from vigil.resolve import cluster, names, reconcile
    from vigil.store import clusters

    clusters._parsed.cache_clear()
    clusters._with_stored_features.cache_clear()
    cluster.cached_pair_score.scores.clear()
    names.shared_names.cache_clear()
    names._by_opening.cache_clear()
    names._joined.cache_clear()
    names._as_text.cache_clear()
    names._telling_words.cache_clear()
    reconcile._stated_counts.cache_clear()


def ingest_fixtures(url: str, extractions, merge: bool) -> float:
    from vigil.store import Store

    forget_scored_pairs()
    store = Store.open(url)
    store.merge = merge
    started = time.perf_counter()
    for e in extractions:
        store.add_report(e.document, e.sentences, e.incidents, e.claims)
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


def candidate_counts(url: str, extractions) -> None:
    """Candidates per new mention against the stored database, by date window and by content."""
    from sqlalchemy import create_engine

    from vigil.resolve.features import mention_features
    from vigil.resolve.names import context_names
    from vigil.store import clusters

    engine = create_engine(url)
    window, content, total = [], [], []
    with engine.connect() as connection:
        for e in extractions:
            for incident in e.incidents:
                feature = mention_features(incident, e.document.id, context_names(e.document.text, incident.evidence))
                by_window = clusters._window_candidates(connection, [feature])[feature.id]
                by_content = set(clusters._content_candidates(connection, feature))
                window.append(len(by_window))
                content.append(len(by_content - by_window))
                total.append(len(by_window | by_content))
    engine.dispose()
    n = len(total)
    print(f"candidates per new mention ({n} mentions): mean {sum(total) / n:.1f}, max {max(total)} "
          f"(date window mean {sum(window) / n:.1f}; by content only mean {sum(content) / n:.1f}, max {max(content)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, default=10_000, help="incidents stored before timing")
    parser.add_argument("--rounds", type=int, default=3, help="timed repetitions (best is kept)")
    parser.add_argument("--base", help="keep the built database here and reuse it when it exists")
    parser.add_argument("--reports", type=Path,
                        help="the reports to time (default: the multi-outlet fixtures, which also make the stored "
                             "copies), e.g. a file of real news such as the rebuilt dev corpus")
    parser.add_argument("--clones", action="store_true",
                        help="every dated stored copy retells its fixture report word for word (a stress case)")
    parser.add_argument("--direct", action="store_true",
                        help="write the stored incidents straight into the tables (for 100,000: see build_fast)")
    args = parser.parse_args()

    templates, extract_seconds = extract_fixtures()
    if args.reports:
        extractions, extract_seconds = extract_fixtures(args.reports)
    else:
        extractions = templates
    n = len(extractions)
    print(f"extracted {n} reports to time ({args.reports or 'the fixtures'}) in {extract_seconds:.2f} s "
          f"({1000 * extract_seconds / n:.1f} ms/report)")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(args.base) if args.base else Path(tmp) / "base.db"
        if not base.exists():
            (build_fast if args.direct else build)(f"sqlite:///{base}", templates, args.stored, args.clones)
        print_components(f"sqlite:///{base}")
        candidate_counts(f"sqlite:///{base}", extractions)
        times = {True: [], False: []}
        for round_ in range(args.rounds):
            for merge in (False, True):
                copy_path = Path(tmp) / f"run-{round_}-{merge}.db"
                shutil.copy(base, copy_path)
                times[merge].append(ingest_fixtures(f"sqlite:///{copy_path}", extractions, merge))
                copy_path.unlink()
    off, on = min(times[False]), min(times[True])
    print(f"store {n} new reports into {args.stored} stored incidents (best of {args.rounds}):")
    print(f"  merging off: {off:.3f} s  ({1000 * off / n:.1f} ms/report, {n / off:.0f} reports/s)")
    print(f"  merging on:  {on:.3f} s  ({1000 * on / n:.1f} ms/report, {n / on:.0f} reports/s)")
    print(f"  store-only throughput ratio on/off: {off / on:.2f} (merge overhead {100 * (on - off) / off:.0f}%)")
    whole_off, whole_on = extract_seconds + off, extract_seconds + on
    print(f"whole ingest (extraction + store): off {n / whole_off:.1f} reports/s, on {n / whole_on:.1f} reports/s, "
          f"throughput ratio {whole_off / whole_on:.2f} (overhead {100 * (whole_on - whole_off) / whole_off:.0f}%)")


if __name__ == "__main__":
    main()
