"""A JSONL export read back in (`vigil ingest export.jsonl`) keeps the review decisions its
records carry: edited fields, confirmations and rejections become revisions and decisions again,
by whom and when the export says, so a revert or a restore works on them as it did where they
were made; importing the file again adds nothing."""
from __future__ import annotations

from tests.store.review_reports import fill
from vigil.export.jsonl import write_jsonl
from vigil.store import Store
from vigil.store.importer import import_incidents


def _by_first_report(store: Store) -> dict[str, dict]:
    return {sorted(r["mentions"])[0].split(":")[0]: r for r in store.merged_incidents(status="all")}


def test_an_imported_export_keeps_its_decisions_and_they_can_be_taken_back(store, tmp_path):
    fill(store)
    found = _by_first_report(store)
    grenade, kidnapping = found["kh-courier"], found["qt-engineer"]
    store.edit_incident(grenade["id"], "fatalities", "4", author="amna", reason="the morgue counted four")
    store.edit_incident(grenade["id"], "place", "Baldia Town", author="bilal", reason="the market is in Baldia")
    store.confirm_incident(grenade["id"], author="amna", reason="checked")
    store.reject_incident(kidnapping["id"], author="bilal", reason="a family dispute")
    export = tmp_path / "export.jsonl"
    write_jsonl(list(store.merged_incidents(status="all")), export)

    with Store.open(f"sqlite:///{tmp_path / 'other.db'}") as other:
        summary = import_incidents(other, export)
        assert summary.added == 4 and not summary.failures
        again = import_incidents(other, export)  # nothing new, and no decision kept twice
        assert again.unchanged == 4 and again.added == 0
        imported = {r["id"]: r for r in other.merged_incidents(status="all")}
        there = imported[grenade["id"]]
        assert there["status"] == "confirmed" and there["edited"] == ["location", "fatalities"]
        history = other.revisions(grenade["id"])
        assert [(h["field"], h["author"], h["reason"]) for h in history] == [
            ("location", "bilal", "the market is in Baldia"), ("fatalities", "amna", "the morgue counted four"),
            ("status", "amna", "checked")]
        assert history[1]["created_at"] == there["edits"]["fatalities"]["at"]

        reverted = other.revert_edit(grenade["id"], "fatalities", author="chand", reason="the morgue list was wrong")
        assert reverted["fatalities"] == there["edits"]["fatalities"]["machine"]
        assert reverted["edited"] == ["location"] and reverted["location"] == there["location"]  # the other edit stands
        assert reverted["status"] == "confirmed"

        assert imported[kidnapping["id"]]["status"] == "rejected"
        assert kidnapping["id"] not in [r["id"] for r in other.merged_incidents()]
        restored = other.restore_incident(kidnapping["id"], author="chand")
        assert restored["status"] == "extracted" and "review" not in restored
        assert [(h["new_value"], h["author"]) for h in other.revisions(kidnapping["id"])] == [
            ("rejected", "bilal"), ("extracted", "chand")]
