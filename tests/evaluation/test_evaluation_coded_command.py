"""`vigil evaluate GOLD.json --articles ARTICLES.jsonl` end to end on the project's own coded reports
(tests/gold/coded: two incidents told by four articles in English and Urdu, and one noise article)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from vigil.evaluation.commands import evaluate_command

GOLD = Path(__file__).resolve().parents[1] / "gold"
CODED = GOLD / "coded"
app = typer.Typer()
app.command()(evaluate_command)
runner = CliRunner()


@pytest.fixture(scope="module")
def scored():
    result = runner.invoke(app, [str(CODED / "gold.json"), "--articles", str(CODED / "articles.jsonl"),
                                 "--index", str(CODED / "index.jsonl"), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_clear_reports_are_found_and_merged_across_languages(scored):
    assert scored["articles"] == 5
    assert scored["core_recall"] == {"found": 2, "total": 2, "recall": 1.0}
    assert scored["report_recall"]["by_language"]["en"] == {"found": 3, "total": 3, "recall": 1.0}
    # the Urdu report is read through its lexicon (vigil.languages) and merges with the two English ones
    assert scored["report_recall"]["by_language"]["ur"] == {"found": 1, "total": 1, "recall": 1.0}
    assert {k: v["total"] for k, v in scored["report_recall"]["by_part"].items()} == {"karachi": 3, "pakistan": 1}
    assert scored["merging"]["together"] == {"kept": 3, "pairs": 3, "share": 1.0}
    assert scored["noise_incidents"] == 0
    for name in ("type", "date", "place", "fatalities"):
        assert scored["fields"][name]["scored"] == 4, name


def test_language_filter_ingests_only_that_language():
    result = runner.invoke(app, [str(CODED / "gold.json"), "--articles", str(CODED / "articles.jsonl"),
                                 "--language", "ur", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 1 and set(data["report_recall"]["by_language"]) == {"ur"}
    assert data["core_recall"]["total"] == 1  # the Quetta bombing has no Urdu report


def test_table_shows_every_figure_and_the_misses(tmp_path):
    # An article whose gold evidence Vigil cannot find: the miss is printed with its evidence.
    gold = json.loads((CODED / "gold.json").read_text())
    gold["incidents"][1]["reports"][0]["evidence"] = "a sentence the article does not have"
    changed = tmp_path / "gold.json"
    changed.write_text(json.dumps(gold))
    result = runner.invoke(app, [str(changed), "--articles", str(CODED / "articles.jsonl"), "--show-misses"])
    assert result.exit_code == 0, result.output
    for words in ("core incidents", "reports, language en", "perpetrator", "merging: together",
                  "incidents only from noise articles 0"):
        assert words in result.stdout, words
    assert "missed T02 in valley-2 (en): a sentence the article does not have" in result.stdout
    said = result.stdout.split("missed T02 in valley-2", 1)[1].splitlines()[1]
    assert said.strip().startswith("Vigil said:") and "Quetta" in said  # the article's own incident


def test_coded_gold_without_articles_is_a_usage_error():
    result = runner.invoke(app, [str(CODED / "gold.json")])
    assert result.exit_code == 2 and "needs --articles" in result.output


def test_articles_with_an_offset_gold_is_a_usage_error():
    result = runner.invoke(app, [str(GOLD / "examples.jsonl"), "--articles", str(CODED / "articles.jsonl")])
    assert result.exit_code == 2 and "offset gold" in result.output


def test_missing_articles_file_exits_1_with_one_line(tmp_path):
    result = runner.invoke(app, [str(CODED / "gold.json"), "--articles", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "none.jsonl: cannot read articles file" in result.output


def test_vigil_evaluate_runs_as_a_subprocess():
    done = subprocess.run([sys.executable, "-m", "vigil.cli", "evaluate", "--help"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "--articles" in done.stdout and "--show-misses" in done.stdout
