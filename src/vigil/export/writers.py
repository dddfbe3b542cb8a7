"""`vigil export --to NAME` -> writer; text writers also accept "-" (standard output)."""
from vigil.export.acled import write_acled_csv
from vigil.export.geojson import write_geojson
from vigil.export.gtd import write_gtd_csv
from vigil.export.jsonl import write_jsonl
from vigil.export.parquet import write_parquet

WRITERS = {
    "acled-csv": write_acled_csv,
    "gtd-csv": write_gtd_csv,
    "geojson": write_geojson,
    "jsonl": write_jsonl,
    "parquet": write_parquet,
}
