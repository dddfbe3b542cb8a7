"""Parquet: typed columns, nested fields as structs and lists, read by pyarrow and pandas."""
from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from vigil.export import ExportError, write_parquet
from vigil.model import Incident


@pytest.fixture
def table(incidents, tmp_path):
    path = tmp_path / "incidents.parquet"
    assert write_parquet(incidents, path) == len(incidents)
    return pq.read_table(path)


def test_every_contract_field_has_a_column(table):
    fields = [f.name for f in dataclasses.fields(Incident)]
    assert table.column_names == fields + ["extra"]


def test_column_types(table):
    schema = table.schema
    assert schema.field("date").type == pa.struct([("start", pa.date32()), ("end", pa.date32()),
                                                   ("precision", pa.string()), ("text", pa.string())])
    assert schema.field("fatalities").type.field("best").type == pa.int64()
    assert schema.field("location").type.field("lat").type == pa.float64()
    assert pa.types.is_list(schema.field("evidence").type)
    assert schema.field("evidence").type.value_type.field("start").type == pa.int64()
    assert schema.field("reports").type.value_type.field("fatalities").type.field("high").type == pa.int64()
    assert schema.field("confidence").type == pa.float64()


def _contract(row: dict) -> dict:
    """A Parquet row back in the contract's JSON form (days to ISO strings, no extra column)."""
    row = dict(row)
    row.pop("extra")
    if row["date"]:
        row["date"] = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row["date"].items()}
    return row


def test_round_trip_through_pyarrow(table, incidents):
    for row, original in zip(table.to_pylist(), incidents):
        assert Incident.from_dict(_contract(row)) == original


def test_pandas_reads_it(incidents, tmp_path):
    path = tmp_path / "incidents.parquet"
    write_parquet(incidents, path)
    frame = pd.read_parquet(path)
    assert len(frame) == len(incidents)
    bus = frame.set_index("id").loc["fx-bus-bombing"]
    assert bus.fatalities["best"] == 13 and bus.injured["high"] is None
    assert str(bus.date["start"]) == "2014-02-13"
    assert [p["name"] for p in bus.perpetrators] == ["Tehreek-e-Taliban Pakistan"]


def test_extra_keys_kept_as_json(merged_record, tmp_path):
    path = tmp_path / "merged.parquet"
    write_parquet([merged_record], path)
    extra = pq.read_table(path).column("extra")[0].as_py()
    assert json.loads(extra) == {"conflicts": merged_record["conflicts"]}


def test_bad_date_is_one_clear_error(by_id, tmp_path):
    incident = by_id["fx-constable-orangi"]
    incident.date.start = "last Monday"
    with pytest.raises(ExportError, match=r"incident fx-constable-orangi: date start 'last Monday'"):
        write_parquet([incident], tmp_path / "bad.parquet")


def test_standard_output_refused(incidents):
    with pytest.raises(ExportError, match="binary"):
        write_parquet(incidents, "-")


def test_case_fields_are_typed_columns(merged_record, tmp_path):
    record = dict(merged_record, follow_ups=[
        {"incident": "step-1", "sub_event_type": "Arrests",
         "date": {"start": "2014-03-01", "end": "2014-03-01", "precision": "day", "text": "on Saturday"}}])
    path = tmp_path / "case.parquet"
    write_parquet([record], path)
    table = pq.read_table(path)
    assert table.schema.field("follow_ups").type.value_type.field("date").type.field("start").type == pa.date32()
    [step] = table.column("follow_ups")[0].as_py()
    assert (step["incident"], step["sub_event_type"], str(step["date"]["start"])) == ("step-1", "Arrests", "2014-03-01")
    assert table.column("follows")[0].as_py() is None
