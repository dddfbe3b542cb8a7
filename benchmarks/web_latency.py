"""The desk's latency at 100,000 stored incidents: dashboard, filtered lists, an incident's page,
the API.  Targets (issue 14): dashboard and filtered list under 300 ms, incident page under 100 ms.

    .venv/bin/python benchmarks/web_latency.py [SIZE]        # default 100000
    .venv/bin/python benchmarks/web_latency.py --db FILE.db  # time a database already built
    .venv/bin/python benchmarks/web_latency.py --db postgresql://postgres@127.0.0.1:5432/NAME [SIZE]
        # PostgreSQL: a database with no incidents (created when missing) is built first

The desk's test reports (tests/web/fixtures) and the sample reports (examples/reports), both
written by the project, are ingested into a scratch database; their merged incidents are the
templates, copied with new ids, dates moved by whole weeks and tolls scaled (store_speed.generate)
into a JSONL file that is bulk-imported (vigil.store.importer, 1,000 incidents a transaction).
Then `vigil serve` runs in its own process, as a team runs it, and each address is asked for
over one kept-alive connection with a viewer's token: once to warm up, then REPEAT times;
the median and the slowest are printed, with the ratio to the target.  Then an editor edits a
toll CHANGES times, each time followed by one request for each dashboard: the first count after
a change, which cannot be answered from what was counted before.  Last, the desk is started
again STARTS times and each filtered dashboard asked for once: the first count of a view, in
full.  Not part of the suite.
"""
from __future__ import annotations

import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from store_speed import generate  # noqa: E402 - the benchmarks' shared generator of incidents

FIXTURES = [ROOT / "tests" / "web" / "fixtures" / "reports.jsonl", ROOT / "examples" / "reports"]
REPEAT = 10
# The first dashboard is asked for this long after the desk accepts connections, as a monitor
# opens it after a start: the desk counts the default one meanwhile (vigil.web.dashboard.Dashboards.warm).
AFTER_START = 5.0


def templates(folder: Path) -> list[dict]:
    import vigil

    db = f"sqlite:///{folder}/templates.db"
    vigil.ingest([str(p) for p in FIXTURES], db=db)
    store = vigil.open(db)
    try:
        return [dict(record) for record in store.merged_incidents()]
    finally:
        store.close()


def build(folder: Path, size: int, db: str = "") -> tuple[str, float]:
    """SIZE synthetic incidents bulk-imported into ``db`` (by default a new SQLite file in
    ``folder``, where the templates and the JSONL are written too)."""
    from vigil.store import Store
    from vigil.store.importer import import_incidents

    base = templates(folder)
    source = folder / "incidents.jsonl"
    generate(base, size, source)
    db = db or f"sqlite:///{folder}/desk-{size}.db"
    store = Store.open(db)
    started = time.perf_counter()
    summary = import_incidents(store, source)
    elapsed = time.perf_counter() - started
    store.close()
    assert summary.added == size and not summary.failures, summary.failures[:3]
    print(f"{len(base)} templates; {size:,} incidents bulk-imported in {elapsed:.1f} s "
          f"({summary.documents:,} partial reports)")
    return db, elapsed


def token(db: str, name: str = "bench", role: str = "viewer") -> str:
    import vigil
    from vigil.store.accounts import Accounts

    store = vigil.open(db)
    try:
        accounts = Accounts(store)
        if accounts.user(name) is None:
            accounts.add_user(name, "bench-passphrase", role=role)
        return accounts.new_token(name, "benchmark")
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_desk(db: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "vigil.cli", "serve", "--db", db, "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"vigil serve failed: {process.stderr.read().strip()}")
            time.sleep(0.2)
    process.kill()
    raise SystemExit("vigil serve did not start in two minutes")


def timed(connection: http.client.HTTPConnection, path: str, headers: dict) -> tuple[float, int, int]:
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    return time.perf_counter() - started, response.status, len(body)


def measure(port: int, token: str, pages: list[tuple[str, str, float]]) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    print(f"\n{'address':<62} {'median':>8} {'slowest':>8} {'target':>7} {'ratio':>6}  size")
    for label, path, target in pages:
        first, status, _ = timed(connection, path, headers)
        if status != 200:
            raise SystemExit(f"GET {path}: {status}")
        times, size = [], 0
        for _ in range(REPEAT):
            elapsed, status, size = timed(connection, path, headers)
            times.append(elapsed)
        median = statistics.median(times)
        print(f"{label:<62} {median * 1000:7.0f}ms {max(times) * 1000:7.0f}ms {target * 1000:6.0f}ms "
              f"{median / target:6.2f}  {size / 1024:,.0f} KB (first {first * 1000:.0f} ms)")
    connection.close()


def edit(connection: http.client.HTTPConnection, headers: dict, incident: str, value: int) -> None:
    body = json.dumps({"field": "fatalities", "value": value, "reason": "benchmark: a change"})
    connection.request("POST", f"/api/incidents/{incident}/edit", body=body,
                       headers={**headers, "Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"POST /api/incidents/{incident}/edit: {response.status}")


def print_medians(pages: list[tuple[str, str, float]], times: dict[str, list[float]]) -> None:
    print(f"{'address':<62} {'median':>8} {'slowest':>8} {'target':>7} {'ratio':>6}")
    for label, _, target in pages:
        median = statistics.median(times[label])
        print(f"{label:<62} {median * 1000:7.0f}ms {max(times[label]) * 1000:7.0f}ms {target * 1000:6.0f}ms "
              f"{median / target:6.2f}")


def measure_after_changes(port: int, token: str, editor: str, targets: dict[str, list[str]]) -> None:
    """The dashboards' first count after a change: an editor edits a toll (the store changes,
    every view's counts are out of date), then each dashboard is asked for once; CHANGES times
    for each kind of incident edited (an old one; the newest, which is on the dashboard's map)."""
    reader = {"Authorization": f"Bearer {token}"}
    writer = {"Authorization": f"Bearer {editor}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for _, path, _ in AFTER_A_CHANGE:  # each view counted once before the changes
        timed(connection, path, reader)
    for kind, incidents in targets.items():
        times: dict[str, list[float]] = {label: [] for label, _, _ in AFTER_A_CHANGE}
        for n in range(CHANGES):
            edit(connection, writer, incidents[n % len(incidents)], 100 + n)
            for label, path, _ in AFTER_A_CHANGE:
                elapsed, status, _ = timed(connection, path, reader)
                if status != 200:
                    raise SystemExit(f"GET {path}: {status}")
                times[label].append(elapsed)
        print(f"\nfirst count after a change: {CHANGES} edits of a toll of {kind} through the API, "
              "each followed by one request a view")
        print_medians(AFTER_A_CHANGE, times)
    connection.close()


def measure_first_counts(db: str, token: str) -> None:
    """The first count of each filtered dashboard (no count of it held): the desk started
    STARTS times, each view asked for once after the default one was counted."""
    headers = {"Authorization": f"Bearer {token}"}
    times: dict[str, list[float]] = {label: [] for label, _, _ in FIRST_COUNTS}
    for _ in range(STARTS):
        port = free_port()
        desk = start_desk(db, port)
        try:
            time.sleep(AFTER_START)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            for label, path, _ in FIRST_COUNTS:
                elapsed, status, _ = timed(connection, path, headers)
                if status != 200:
                    raise SystemExit(f"GET {path}: {status}")
                times[label].append(elapsed)
            connection.close()
        finally:
            desk.terminate()
            desk.wait(timeout=30)
    print(f"\nfirst count of a view: the desk started {STARTS} times, each dashboard asked for once "
          f"{AFTER_START:.0f} s after the start")
    print_medians(FIRST_COUNTS, times)


def newest_ids(db: str, count: int = 1) -> list[str]:
    import vigil

    store = vigil.open(db)
    try:
        return [record["id"] for record in store.merged_incidents(sort="date", desc=True, limit=count)]
    finally:
        store.close()


def sample_ids(db: str, count: int = 3) -> list[str]:
    import vigil

    store = vigil.open(db)
    try:
        rng = random.Random(14)
        every = store.merged_incidents(sort="fatalities", desc=True, limit=2000)
        return [every[rng.randrange(len(every))]["id"] for _ in range(count)]
    finally:
        store.close()


PAGES = [
    ("dashboard /", "/", 0.300),
    ("dashboard /?place=Karachi&since=2015", "/?place=Karachi&since=2015", 0.300),
    ("dashboard /?type=Battles&unit=week", "/?type=" + quote("Battles") + "&unit=week", 0.300),
    ("list /incidents?place=Karachi&sort=fatalities&desc", "/incidents?place=Karachi&sort=fatalities&desc=true", 0.300),
    ("list /incidents?since=2016&until=2016-06", "/incidents?since=2016&until=2016-06", 0.300),
    ("list /incidents (no filter, by date)", "/incidents", 0.300),
    ("list /incidents?desc=true (no filter, newest first)", "/incidents?desc=true", 0.300),
    ("list /incidents?offset=5000 (page 101)", "/incidents?offset=5000", 0.300),
    ("list /review?place=Karachi", "/review?place=Karachi", 0.300),
    ("API /api/incidents?type=Battles&limit=50", "/api/incidents?type=Battles&limit=50", 0.300),
    ("API /api/incidents?perpetrator=TTP&limit=50", "/api/incidents?perpetrator=TTP&limit=50", 0.300),
    # TTP: 23 aliases and factions, one incident in four; BLA one in seven.
    ("list /incidents?perpetrator=TTP", "/incidents?perpetrator=TTP", 0.300),
    ("list /review?perpetrator=TTP", "/review?perpetrator=TTP", 0.300),
    ("API /api/incidents?perpetrator=BLA&limit=50", "/api/incidents?perpetrator=BLA&limit=50", 0.300),
    ("API /api/tally?by=month", "/api/tally?by=month", 0.300),
    # The place filter: Karachi files every synthetic incident, Lyari one in twenty-two.
    ("API /api/incidents?place=Karachi&limit=50", "/api/incidents?place=Karachi&limit=50", 0.300),
    ("list /incidents?place=Karachi", "/incidents?place=Karachi", 0.300),
    ("list /review?place=Lyari", "/review?place=Lyari", 0.300),
    ("list /incidents?place=Lyari", "/incidents?place=Lyari", 0.300),
    ("API /api/incidents?place=Lyari&limit=50", "/api/incidents?place=Lyari&limit=50", 0.300),
]
AFTER_A_CHANGE = PAGES[:3] + [("API /api/tally?by=month", "/api/tally?by=month", 0.300)]
CHANGES = 5
# Counted in full the first time each is asked for (the desk counts only "/" as it starts).
FIRST_COUNTS = PAGES[1:3] + [("dashboard /?place=Lyari", "/?place=Lyari", 0.300),
                             ("dashboard /?perpetrator=TTP&unit=week", "/?perpetrator=TTP&unit=week", 0.300)]
STARTS = 3


def run(db: str, size_label: str) -> None:
    reader = token(db)
    editor = token(db, "bench-editor", "editor")
    sample = sample_ids(db)
    newest = newest_ids(db)
    port = free_port()
    desk = start_desk(db, port)
    try:
        pages = PAGES + [(f"incident /incidents/{i}", f"/incidents/{i}", 0.100) for i in sample]
        pages += [(f"API /api/incidents/{sample[0]}", f"/api/incidents/{sample[0]}", 0.100)]
        print(f"\nvigil serve on {size_label}, {os.cpu_count()} cores; {REPEAT} requests each after one to warm up "
              f"(the first of /: {AFTER_START:.0f} s after the desk started; the other dashboards' first: a cold count)")
        time.sleep(AFTER_START)
        measure(port, reader, pages)
        measure_after_changes(port, reader, editor, {"an old incident": sample, "the newest incident": newest})
    finally:
        desk.terminate()
        desk.wait(timeout=30)
    measure_first_counts(db, reader)


def stored_incidents(db: str) -> int:
    """How many merged incidents ``db`` holds; a PostgreSQL database that does not exist is
    created (empty) first, so that it can be built."""
    import vigil
    from vigil.store.connect import parse_url

    url = parse_url(db)
    if url.get_backend_name() == "postgresql":
        import psycopg

        server = f"postgresql://{url.username or 'postgres'}@{url.host or '127.0.0.1'}:{url.port or 5432}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).fetchone() is None:
                admin.execute(f'CREATE DATABASE "{url.database}"')
    elif not Path(url.database or "").exists():
        return 0
    store = vigil.open(db)
    try:
        return store.count_merged_incidents(status="all")
    finally:
        store.close()


def main(arguments: list[str]) -> None:
    if arguments[:1] == ["--db"]:
        db = arguments[1]
        size = int(arguments[2]) if len(arguments) > 2 else 100_000
        stored = stored_incidents(db)
        if not stored:  # an empty database (PostgreSQL): built first, the scratch files thrown away
            with tempfile.TemporaryDirectory() as scratch:
                build(Path(scratch), size, db)
            stored = size
        run(db, f"{stored:,} incidents in {db}")
        return
    size = int(arguments[0]) if arguments else 100_000
    with tempfile.TemporaryDirectory() as scratch:
        db, _ = build(Path(scratch), size)
        run(db, f"{size:,} incidents")


if __name__ == "__main__":
    main(sys.argv[1:])
