"""The dashboard reads of its latest incidents only the fields it shows (vigil.store.running.SHOWN,
picked in the database): its map (markers, popups, place names) and its table of the newest are
the same, byte for byte, as drawn from the whole records, on SQLite and on PostgreSQL; after an
edit too.  The desk of `vigil serve` compiles its templates and sets what it loaded aside from
the garbage collector once the warm-up is done."""
from __future__ import annotations

import gc
import re

from .conftest import FIXTURES, add_accounts, desk_on, serve

MAP_DATA = re.compile(r'<script type="application/json" class="vigil-map-data"[^>]*>.*?</script>', re.S)
LATEST = re.compile(r'<section aria-label="Latest incidents">.*?</section>', re.S)
VIEWS = [("/", {}), ("/?status=all", {"status": "all"}), ("/?place=Lyari&unit=week", {"place": "Lyari"}),
         ("/?type=Battles", {"event_type": "Battles"})]


def _drawn_from_whole_records(db: str, filters: dict, map_limit: int) -> tuple[str, str]:
    """The map's data block and the table of the newest, drawn from the whole records."""
    import vigil
    from vigil.web.dashboard import incident_map
    from vigil.web.routes.dashboard import LATEST_SHOWN
    from vigil.web.templating import environment

    store = vigil.open(db)
    try:
        whole = store.merged_incidents(sort="date", desc=True, limit=map_limit, **filters)
    finally:
        store.close()
    the_map, _ = incident_map(whole)
    table = environment().get_template("_macros.html").module.incident_table(whole[:LATEST_SHOWN])
    return MAP_DATA.search(str(the_map.body)).group(0), str(table)


def test_the_map_and_the_newest_are_those_of_the_whole_records(db_url):
    import vigil

    summary = vigil.ingest([str(FIXTURES / "reports.jsonl")], db=db_url)
    assert summary.added == 4 and not summary.failures
    tokens = add_accounts(db_url)
    with serve(db_url) as desk:
        limit = desk.app.state.config.map_limit
        with desk.client(headers={"Authorization": f"Bearer {tokens['editor']}"}) as api:
            newest = api.get("/api/incidents", params={"sort": "date", "desc": "true"}).json()["incidents"]
            for when in ("as ingested", "after an edit", "after a rejection"):
                for path, filters in VIEWS:
                    page = api.get(path)
                    assert page.status_code == 200, path
                    the_map, table = _drawn_from_whole_records(db_url, filters, limit)
                    assert MAP_DATA.search(page.text).group(0) == the_map, f"the map of {path} {when}"
                    assert table in LATEST.search(page.text).group(0), f"the newest of {path} {when}"
                if when == "as ingested":  # the newest, on the map and first in the table, edited
                    edited = api.post(f"/api/incidents/{newest[0]['id']}/edit",
                                      json={"field": "fatalities", "value": 11, "reason": "hospital list"})
                    assert edited.status_code == 200
                    assert 'class="tag">edited<' in api.get("/").text
                elif when == "after an edit":
                    rejected = api.post(f"/api/incidents/{newest[1]['id']}/reject", json={"reason": "a duplicate"})
                    assert rejected.status_code == 200


def test_the_desk_of_vigil_serve_settles_after_its_warm_up(template, tmp_path, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from vigil.cli import app as cli
    from vigil.web.templating import environment

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append(app))
    db = f"sqlite:///{template.path}"
    assert CliRunner().invoke(cli, ["serve", "--db", db]).exit_code == 0
    assert started and started[0].state.config.freeze_after_warm_up
    started[0].state.store.close()

    templates = environment()
    templates.cache.clear()
    frozen = gc.get_freeze_count()
    try:
        with desk_on(template, tmp_path, freeze_after_warm_up=True) as desk:
            desk.app.state.warming.join(timeout=60)
            assert gc.get_freeze_count() > frozen + 10_000, "what the desk loaded was not set aside"
            assert {name for _, name in templates.cache.keys()} >= {"dashboard.html", "incident.html",
                                                                    "incidents.html", "review.html"}
    finally:
        gc.unfreeze()


def test_a_desk_that_is_not_the_process_own_freezes_nothing(template, tmp_path):
    frozen = gc.get_freeze_count()
    with desk_on(template, tmp_path) as desk:
        desk.app.state.warming.join(timeout=60)
        assert gc.get_freeze_count() == frozen
