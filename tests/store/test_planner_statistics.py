"""The planner's statistics (Store.refresh_statistics, run as the desk starts) count every index
of merged incidents in full on SQLite, so that the dashboard's count reads the desk's covering
index (migration 0007) rather than every row with its JSON.  A sample of a thousand rows gave
each index its own guess of the row count, and the planner then scanned the table."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
from sqlalchemy import text

import vigil
from vigil.export.jsonl import write_jsonl
from vigil.store import Store, running
from vigil.store.importer import import_incidents

ROOT = Path(__file__).resolve().parents[2]
REPORTS = [ROOT / "tests" / "web" / "fixtures" / "reports.jsonl", ROOT / "examples" / "reports"]
COPIES = 3_000  # past the thousand rows a sample reads


def _copies(records: list[dict], count: int) -> list[dict]:
    """``count`` incidents copied from ``records``, each with ids and reports of its own."""
    out = []
    for n in range(count):
        record = copy.deepcopy(records[n % len(records)])
        record["id"] = f"{record['id']}-{n}"
        record["mentions"] = [f"{m}-{n}" for m in record.get("mentions", [])]
        for item in (*record["evidence"], *record.get("sources", []), *record.get("reports", [])):
            item["document"] = f"{item['document']}~{n}"
        out.append(record)
    return out


@pytest.fixture(scope="module")
def large_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("statistics")
    vigil.ingest([str(p) for p in REPORTS], db=f"sqlite:///{folder / 'reports.db'}")
    with Store.open(f"sqlite:///{folder / 'reports.db'}") as reports:
        records = list(reports.merged_incidents(status="all"))
    write_jsonl(_copies(records, COPIES), folder / "copies.jsonl")
    store = Store.open(f"sqlite:///{folder / 'desk.db'}")
    assert import_incidents(store, folder / "copies.jsonl").added == COPIES
    yield store
    store.close()


def test_every_index_is_counted_in_full(large_store):
    large_store.refresh_statistics()
    with large_store.transaction("read the statistics") as connection:
        stats = dict(connection.execute(text(
            "SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'merged_incidents'")).all())
    assert "ix_merged_incidents_desk" in stats
    assert {index: int(stat.split()[0]) for index, stat in stats.items()} == {index: COPIES for index in stats}


def _plan(store, filters: dict, from_stored) -> list[str]:
    store.refresh_statistics()
    with store.transaction("plan the count") as connection:
        statement = running.count_statement(connection, ("total", "week", *running.GROUPS), filters, from_stored)
        compiled = statement.compile(connection, compile_kwargs={"literal_binds": True})
        return [row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]


@pytest.mark.parametrize("filters", [{}, {"since": "2015", "min_fatalities": 1}, {"target": "police"}])
def test_the_dashboard_count_reads_the_desks_index(large_store, filters):
    """Counted from the incidents (a minimum toll, evidence filters): the desk's index; else
    from the stored counts (vigil.store.changes.merged_counts), no incident read at all."""
    plan = _plan(large_store, filters, False)
    reads = [step for step in plan if "merged_incidents" in step]
    assert reads == ["SCAN merged_incidents USING COVERING INDEX ix_merged_incidents_desk"], plan
    plan = _plan(large_store, filters, None)
    if running.stored(filters):
        assert not [step for step in plan if "merged_incidents" in step] and "SCAN merged_counts" in plan, plan
    else:
        assert "SCAN merged_counts" not in plan, plan
