"""ACLED-style CSV: ACLED's published header, codes derived from Vigil's fields, read by pandas."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from vigil.export import ExportError, acled_rows, write_acled_csv
from vigil.export.actors import AcledActors

# ACLED's column list as published (2023 format), in order.
ACLED_PUBLISHED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]


@pytest.fixture
def frame(incidents, tmp_path):
    path = tmp_path / "acled.csv"
    assert write_acled_csv(incidents, path, timestamp=1700000000) == len(incidents)
    return pd.read_csv(path, keep_default_na=False, na_values=[""]).set_index("tags")


def row(frame, incident_id):
    return frame.loc[f"vigil_id={incident_id}"]


def test_header_is_acleds_published_column_list(incidents, tmp_path):
    path = tmp_path / "acled.csv"
    write_acled_csv(incidents, path, timestamp=0)
    assert path.read_text(encoding="utf-8").splitlines()[0].split(",") == ACLED_PUBLISHED_COLUMNS
    assert list(pd.read_csv(path).columns) == ACLED_PUBLISHED_COLUMNS


def test_pandas_reads_numeric_columns_as_numbers(frame):
    for column in ("year", "time_precision", "inter1", "inter2", "interaction", "iso", "fatalities", "timestamp"):
        assert pd.api.types.is_numeric_dtype(frame[column]), column
    assert pd.api.types.is_float_dtype(frame["latitude"])


def test_day_precise_claimed_bombing(frame):
    bus = row(frame, "fx-bus-bombing")
    assert re.fullmatch(r"PAK\d{1,12}", bus.event_id_cnty)
    assert (bus.event_date, bus.year, bus.time_precision) == ("2014-02-13", 2014, 1)
    assert bus.disorder_type == "Political violence"
    assert (bus.actor1, bus.inter1) == ("Tehreek-e-Taliban Pakistan", 2)
    assert (bus.actor2, bus.assoc_actor_2, bus.inter2) == ("Police Forces of Pakistan", "Sindh Police", 1)
    assert bus.interaction == 12
    assert pd.isna(bus.civilian_targeting)
    assert (bus.iso, bus.region, bus.country) == (586, "South Asia", "Pakistan")
    assert (bus.admin1, bus.admin2, bus.admin3) == ("Sindh", "Malir District", "Bin Qasim Town")
    assert bus.location == "Karachi - Razzakabad"
    # the training centre has no point of its own: it carries its neighbourhood's, so not 1
    assert (bus.latitude, bus.longitude, bus.geo_precision) == (24.878, 67.393, 2)
    assert bus.source == "Indus Wire; Karachi Ledger"
    assert bus.fatalities == 13
    assert "Fatalities 13 as reported" in bus.notes and "injured at least 50" in bus.notes
    assert "\n" not in bus.notes
    assert bus.timestamp == 1700000000


def test_event_ids_are_stable_and_distinct(incidents):
    first = [r["event_id_cnty"] for r in acled_rows(incidents, timestamp=0)]
    second = [r["event_id_cnty"] for r in acled_rows(list(reversed(incidents)), timestamp=0)]
    assert first == list(reversed(second))
    assert len(set(first)) == len(first)


def test_precision_codes(frame):
    month = row(frame, "fx-trader-kidnapped")
    assert (month.time_precision, month.event_date) == (3, "2025-11-15")  # ACLED: middle of the month
    week = row(frame, "fx-saddar-protest")
    assert (week.time_precision, week.event_date) == (2, "2025-03-20")
    assert row(frame, "fx-constable-orangi").geo_precision == 1  # a town of the city
    assert row(frame, "fx-arrests-undated").geo_precision == 1  # the city itself
    unplaced = row(frame, "fx-unplaced-range")
    assert pd.isna(unplaced.geo_precision) and pd.isna(unplaced.latitude)
    assert unplaced.event_id_cnty.startswith("XXX")  # no country known
    undated = row(frame, "fx-arrests-undated")
    assert pd.isna(undated.event_date) and undated.time_precision == 3


def test_fatalities_best_or_zero_with_range_in_notes(frame):
    ranged = row(frame, "fx-unplaced-range")
    assert ranged.fatalities == 20
    assert "Fatalities 20–25 as reported" in ranged.notes
    protest = row(frame, "fx-saddar-protest")
    assert protest.fatalities == 0
    assert "Fatalities not reported as reported" not in protest.notes
    assert "not reported" in protest.notes


def test_actor_types_for_civilians_crowds_and_unidentified_attackers(frame):
    constable = row(frame, "fx-constable-orangi")
    assert (constable.actor1, constable.inter1) == ("Unidentified Armed Group (Pakistan)", 3)
    # gunmen shooting a traffic constable: the victim is a state force, so ACLED has a battle, not
    # violence against civilians, and no civilian targeting
    assert (constable.event_type, constable.sub_event_type) == ("Battles", "Armed clash")
    assert (constable.actor2, constable.inter2, constable.interaction) == ("Police Forces of Pakistan", 1, 13)
    assert pd.isna(constable.civilian_targeting)
    trader = row(frame, "fx-trader-kidnapped")
    assert (trader.actor2, trader.inter2, trader.interaction) == ("Civilians (Pakistan)", 7, 37)
    protest = row(frame, "fx-saddar-protest")
    assert (protest.disorder_type, protest.actor1, protest.inter1, protest.interaction) == (
        "Demonstrations", "Protesters (Pakistan)", 6, 60)
    arrests = row(frame, "fx-arrests-undated")
    assert (arrests.disorder_type, arrests.actor1, arrests.inter1) == ("Strategic developments", "Sindh Police", 1)


def test_interaction_puts_the_lower_code_first():
    assert AcledActors(inter1=3, inter2=1).interaction == 13
    assert AcledActors(inter1=1, inter2=7).interaction == 17
    assert AcledActors(inter1=0, inter2=0).interaction == 0


def test_merged_dict_with_extra_keys_is_accepted(merged_record, tmp_path):
    path = tmp_path / "one.csv"
    assert write_acled_csv([merged_record], path, timestamp=0) == 1
    assert pd.read_csv(path).loc[0, "fatalities"] == 13


def test_bad_record_is_one_clear_error(tmp_path):
    with pytest.raises(ExportError, match=r"incident #2: not an incident record \(no .id.\)"):
        write_acled_csv([{"id": "a", "event_type": "Battles"}, {"event_type": "Battles"}], tmp_path / "x.csv")
    with pytest.raises(ExportError, match="cannot write"):
        write_acled_csv([], tmp_path / "missing-folder" / "x.csv")


def test_a_date_taken_from_the_report_is_a_few_days_range_in_acled():
    record = {"id": "fx-report-dated", "event_type": "Violence against civilians", "sub_event_type": "Attack",
              "date": {"start": "2021-03-04", "end": "2021-03-05", "precision": "week", "approximate": True}}
    [exported] = acled_rows([record], timestamp=0)
    assert (exported["time_precision"], exported["event_date"]) == (2, "2021-03-04")
