"""The default dashboard is counted in the background as the desk starts, so the first to open
it after a start is served from those counts instead of counting 100,000 incidents (docs/web.md,
Speed); the warm-up can be switched off; a view being counted is counted once, whoever asks."""
from __future__ import annotations

import threading

from vigil.store import running
from vigil.web.dashboard import DEFAULT_UNIT, Dashboards

from .conftest import desk_on


def test_the_first_dashboard_after_a_start_is_served_from_the_warmed_counts(template, tmp_path):
    with desk_on(template, tmp_path) as desk:
        desk.app.state.warming.join(timeout=30)
        warmed = desk.app.state.dashboards.held({}, DEFAULT_UNIT)
        assert warmed is not None, "the warm-up kept no counts for the default dashboard"
        with desk.api("viewer") as viewer:
            page = viewer.get("/")
        assert page.status_code == 200
        # Nothing changed since: the same counts, neither counted again nor followed.
        assert desk.app.state.dashboards.held({}, DEFAULT_UNIT) is warmed
        assert f">{warmed.rows('total')[0]['incidents']}<" in page.text.replace(" ", "")


def test_the_warm_up_can_be_switched_off(template, tmp_path):
    with desk_on(template, tmp_path, warm_dashboard=False) as desk:
        assert desk.app.state.warming is None
        assert desk.app.state.dashboards.held({}, DEFAULT_UNIT) is None
        with desk.api("viewer") as viewer:
            assert viewer.get("/").status_code == 200
        assert desk.app.state.dashboards.held({}, DEFAULT_UNIT) is not None


def test_a_view_asked_for_while_it_is_counted_is_counted_once(template):
    import vigil

    store = vigil.open(f"sqlite:///{template.path}")
    dashboards = Dashboards()
    inside, leave = threading.Event(), threading.Event()
    counted = []

    def first_count(*args, **options):  # the real count, held open until the second reader has asked
        counted.append(args)
        inside.set()
        leave.wait(timeout=30)
        return original(*args, **options)

    try:
        shown = {}
        original, running.count = running.count, first_count
        try:
            warm_up = dashboards.warm(store, 50)
            assert inside.wait(timeout=30)
            reader = threading.Thread(target=lambda: shown.update(dashboards.get(store, {}, DEFAULT_UNIT, 50)))
            reader.start()
            # A reader that did not wait would now be counting too (and held up in first_count).
            reader.join(timeout=1.0)
            leave.set()
            warm_up.join(timeout=30)
            reader.join(timeout=30)
        finally:
            running.count = original
        assert len(counted) == 1, "the view was counted again while its count was under way"
        assert shown["totals"]["incidents"] == store.count_merged_incidents()
    finally:
        store.close()


def test_the_warm_up_loads_what_the_place_and_perpetrator_filters_read(template):
    import vigil
    from vigil.knowledge.actors import load_actors
    from vigil.knowledge.gazetteer import load_gazetteer

    store = vigil.open(f"sqlite:///{template.path}")
    try:
        load_gazetteer.cache_clear()
        load_actors.cache_clear()
        Dashboards().warm(store, 50).join(timeout=60)
        assert load_gazetteer.cache_info().currsize == 1, "the first place filter would load the gazetteer"
        assert load_actors.cache_info().currsize == 1, "the first perpetrator filter would load the actors"
    finally:
        store.close()
