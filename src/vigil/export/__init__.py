"""Files for other tools: ACLED- and GTD-style CSV, GeoJSON, JSONL (the contract) and Parquet.

Every writer takes incidents (``Incident`` records or contract-shaped dicts; merged incidents may
carry extra keys such as ``reports`` or ``conflicts``) and a path, and returns how many it wrote.

    from vigil.export import write_acled_csv
    write_acled_csv(vigil.open(db).incidents(since="2014-01-01"), "acled.csv")
"""
from vigil.export.acled import acled_rows, write_acled_csv
from vigil.export.errors import ExportError
from vigil.export.geojson import feature_collection, write_geojson
from vigil.export.gtd import gtd_rows, write_gtd_csv
from vigil.export.jsonl import write_jsonl
from vigil.export.parquet import incidents_table, write_parquet

# `vigil export --to NAME` -> writer; text writers also accept "-" (standard output).
WRITERS = {
    "acled-csv": write_acled_csv,
    "gtd-csv": write_gtd_csv,
    "geojson": write_geojson,
    "jsonl": write_jsonl,
    "parquet": write_parquet,
}

__all__ = [
    "ExportError", "WRITERS", "acled_rows", "feature_collection", "gtd_rows", "incidents_table",
    "write_acled_csv", "write_geojson", "write_gtd_csv", "write_jsonl", "write_parquet",
]
