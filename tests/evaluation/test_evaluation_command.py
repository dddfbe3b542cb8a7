"""`vigil evaluate` end to end on the project's own sample corpus, and its error paths."""
import json
import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from vigil.evaluation.commands import evaluate_command

GOLD = Path(__file__).resolve().parents[1] / "gold"
app = typer.Typer()
app.command()(evaluate_command)
runner = CliRunner()


def test_json_output_scores_every_example_report():
    result = runner.invoke(app, [str(GOLD / "examples.jsonl"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    gold_ids = [json.loads(line)["document"] for line in (GOLD / "examples.jsonl").read_text().splitlines() if line]
    assert [d["document"] for d in data["documents"]] == gold_ids
    overall = data["overall"]
    assert overall["incidents"]["gold"] == sum(d["incidents"]["gold"] for d in data["documents"]) > 0
    assert set(overall["fields"]) >= {"event_type", "date", "place", "fatalities"}
    for d in data["documents"]:
        assert {"pairs", "missed", "spurious", "missed_claims"} <= set(d)


def test_bad_gold_file_exits_1_with_one_line(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text("not json\n")
    result = runner.invoke(app, [str(bad)])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "gold.jsonl:1: not JSON" in result.output


def test_missing_corpus_is_reported(tmp_path):
    result = runner.invoke(app, [str(GOLD / "examples.jsonl"), "--corpus", str(tmp_path)])
    assert result.exit_code == 1 and "not found" in result.output


def test_unknown_format_is_usage_error():
    result = runner.invoke(app, [str(GOLD / "examples.jsonl"), "--format", "xml"])
    assert result.exit_code == 2


def test_python_dash_m_runs_the_command():
    done = subprocess.run([sys.executable, "-m", "vigil.evaluation", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "GOLD_FILE" in done.stdout
