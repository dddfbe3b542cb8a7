"""Incidents as a pandas DataFrame for notebooks (pandas is an optional extra).

    import vigil
    from vigil.dataframe import incidents_to_dataframe
    df = incidents_to_dataframe(vigil.open("sqlite:///vigil.db").incidents(since="2014-01-01"))
    df.groupby(df.date_start.dt.to_period("M")).fatalities_best.sum()

One row per incident with the flat columns of ``vigil.export.flatten``: dates as datetimes,
counts as nullable integers (missing stays missing, never 0), places and coordinates as columns,
people and sources as lists (``df.explode("outlets")``), and the full contract record in
``record`` for anything else.
"""
from __future__ import annotations

from typing import Iterable

from vigil.export.flatten import COUNT_FIELDS, flat_columns, flat_record
from vigil.export.records import IncidentLike, incident_records


class PandasMissing(ImportError):
    pass


def _pandas():
    try:
        import pandas
    except ImportError:
        raise PandasMissing("incidents_to_dataframe needs pandas, an optional extra: pip install pandas") from None
    return pandas


def incidents_to_dataframe(incidents: Iterable[IncidentLike]):
    """A pandas DataFrame with one row per incident (see the module docstring for the columns)."""
    pd = _pandas()
    records = list(incident_records(incidents))
    columns = flat_columns() + ["record"]
    rows = [flat_record(r) | {"record": r} for r in records]
    frame = pd.DataFrame(rows, columns=columns)
    for name in ("date_start", "date_end", "published_first"):
        frame[name] = pd.to_datetime(frame[name], errors="coerce", format="mixed")
    for field in COUNT_FIELDS:
        for bound in ("low", "best", "high"):
            frame[f"{field}_{bound}"] = frame[f"{field}_{bound}"].astype("Int64")
    for name in ("location_lat", "location_lon", "confidence"):
        frame[name] = frame[name].astype("Float64")
    frame["evidence_count"] = frame["evidence_count"].astype("int64")
    frame["report_count"] = frame["report_count"].astype("int64")
    return frame
