"""incidents_to_dataframe: the notebook API's table (pandas is optional)."""
from __future__ import annotations

import sys

import pandas as pd
import pytest

from vigil.dataframe import PandasMissing, incidents_to_dataframe


def test_one_row_per_incident_with_typed_columns(incidents):
    frame = incidents_to_dataframe(incidents)
    assert list(frame["id"]) == [i.id for i in incidents]
    assert str(frame["fatalities_best"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(frame["date_start"])
    bus = frame[frame["id"] == "fx-bus-bombing"].iloc[0]
    assert bus.fatalities_best == 13 and pd.isna(bus.injured_high)
    assert bus.outlets == ["Indus Wire", "Karachi Ledger"]
    assert bus.record["location"]["gazetteer_id"] == "khi:razzakabad-police-training-centre"


def test_missing_counts_stay_missing_not_zero(incidents):
    frame = incidents_to_dataframe(incidents)
    protest = frame[frame["id"] == "fx-saddar-protest"].iloc[0]
    assert pd.isna(protest.fatalities_best)
    assert frame["fatalities_best"].sum() == 13 + 1 + 20  # unknown counts are skipped, not zeros
    assert frame["fatalities_best"].count() == 3


def test_tally_by_month_in_pandas(incidents):
    frame = incidents_to_dataframe(incidents)
    by_month = frame.groupby(frame["date_start"].dt.to_period("M"))["id"].count()
    assert by_month[pd.Period("2025-03", "M")] == 2
    assert frame.explode("outlets")["outlets"].value_counts()["Indus Wire"] == 3


def test_empty_list_gives_empty_frame_with_columns():
    frame = incidents_to_dataframe([])
    assert len(frame) == 0 and "fatalities_best" in frame.columns


def test_clear_error_without_pandas(incidents, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(PandasMissing, match="pip install pandas"):
        incidents_to_dataframe(incidents)
