"""GTD-style CSV: GTD's column names, mapped attack/target/weapon types, read by pandas."""
from __future__ import annotations

import pandas as pd
import pytest

from vigil.export import write_gtd_csv

# The GTD columns the issue asks for, in GTD's order (eventid, Vigil's id, comes first).
GTD_COLUMNS = [
    "iyear", "imonth", "iday", "approxdate", "country_txt", "provstate", "city", "latitude", "longitude",
    "specificity", "attacktype1_txt", "targtype1_txt", "target1", "gname", "guncertain1", "weaptype1_txt",
    "nkill", "nkillter", "nwound", "ishostkid", "nhostkid", "summary", "scite1", "scite2", "scite3",
]


@pytest.fixture
def frame(incidents, tmp_path):
    path = tmp_path / "gtd.csv"
    assert write_gtd_csv(incidents, path) == len(incidents)
    return pd.read_csv(path, keep_default_na=False, na_values=[""]).set_index("eventid")


def test_header(frame):
    assert list(frame.columns) == GTD_COLUMNS


def test_bombing_row(frame):
    bus = frame.loc["fx-bus-bombing"]
    assert (bus.iyear, bus.imonth, bus.iday) == (2014, 2, 13)
    assert pd.isna(bus.approxdate)
    assert (bus.country_txt, bus.provstate, bus.city) == ("Pakistan", "Sindh", "Karachi")
    assert bus.specificity == 1
    assert (bus.attacktype1_txt, bus.targtype1_txt, bus.weaptype1_txt) == ("Bombing/Explosion", "Police", "Explosives")
    assert (bus.target1, bus.gname, bus.guncertain1) == ("Sindh Police", "Tehreek-e-Taliban Pakistan", 0)
    assert (bus.nkill, bus.nwound, bus.ishostkid) == (13, 50, 0)
    assert pd.isna(bus.nkillter) and pd.isna(bus.nhostkid)
    assert bus.scite1 == "Indus Wire, 2014-02-13, https://indus-wire.example.org/fx/bus."
    assert bus.scite2.startswith("Karachi Ledger, 2014-02-14")
    assert pd.isna(bus.scite3)


def test_partial_dates_use_zero_day_and_approxdate(frame):
    month = frame.loc["fx-trader-kidnapped"]
    assert (month.iyear, month.imonth, month.iday) == (2025, 11, 0)
    assert month.approxdate == "2025-11-01 to 2025-11-30 (this month)"
    year = frame.loc["fx-unplaced-range"]
    assert (year.iyear, year.imonth, year.iday) == (2025, 0, 0)
    undated = frame.loc["fx-arrests-undated"]
    assert pd.isna(undated.iyear) and undated.imonth == 0


def test_kidnapping_suspected_criminals(frame):
    trader = frame.loc["fx-trader-kidnapped"]
    assert trader.attacktype1_txt == "Hostage Taking (Kidnapping)"
    assert (trader.ishostkid, trader.nhostkid) == (1, 1)
    assert (trader.gname, trader.guncertain1) == ("Unknown", 1)  # suspected, unnamed
    assert trader.targtype1_txt == "Business"


def test_types_fall_back_to_unknown_and_specificity_follows_precision(frame):
    protest = frame.loc["fx-saddar-protest"]
    assert (protest.attacktype1_txt, protest.targtype1_txt, protest.weaptype1_txt) == ("Unknown", "Unknown", "Unknown")
    assert frame.loc["fx-constable-orangi"].attacktype1_txt == "Armed Assault"
    assert frame.loc["fx-constable-orangi"].weaptype1_txt == "Firearms"
    assert pd.isna(frame.loc["fx-unplaced-range"].specificity)
    assert frame.loc["fx-unplaced-range"].targtype1_txt == "Private Citizens & Property"
