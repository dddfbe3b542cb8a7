"""Files for other tools: ACLED- and GTD-style CSV, GeoJSON, JSONL (the contract) and Parquet.

Every writer takes incidents (``Incident`` records or contract-shaped dicts; merged incidents may
carry extra keys such as ``reports`` or ``conflicts``) and a path, and returns how many it wrote.

    from vigil.export import write_acled_csv
    write_acled_csv(vigil.open(db).incidents(since="2014-01-01"), "acled.csv")
"""
from vigil.export.errors import ExportError
from vigil.lazy import lazy_attributes

__getattr__, __dir__ = lazy_attributes(__name__, {
    "acled_rows": "vigil.export.acled",
    "write_acled_csv": "vigil.export.acled",
    "feature_collection": "vigil.export.geojson",
    "write_geojson": "vigil.export.geojson",
    "gtd_rows": "vigil.export.gtd",
    "write_gtd_csv": "vigil.export.gtd",
    "write_jsonl": "vigil.export.jsonl",
    "incidents_table": "vigil.export.parquet",
    "write_parquet": "vigil.export.parquet",
    "WRITERS": "vigil.export.writers",
})

__all__ = [
    "ExportError", "WRITERS", "acled_rows", "feature_collection", "gtd_rows", "incidents_table",
    "write_acled_csv", "write_geojson", "write_gtd_csv", "write_jsonl", "write_parquet",
]
