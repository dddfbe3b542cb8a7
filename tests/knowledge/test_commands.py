from typer.testing import CliRunner

from vigil.knowledge.commands import gazetteer_app


def test_lookup_shows_chain_coords_and_quality():
    result = CliRunner().invoke(gazetteer_app, ["lookup", "Pirabad"])
    assert result.exit_code == 0
    assert "khi:pirabad" in result.output
    assert "Pirabad > Orangi Town > Karachi West > Karachi > Sindh > Pakistan" in result.output
    assert "quality=parent" in result.output


def test_lookup_unknown_name_exits_1():
    result = CliRunner().invoke(gazetteer_app, ["lookup", "Qwertyabad"])
    assert result.exit_code == 1 and "not in the gazetteer" in result.output


def test_missing_lists_unknown_names(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("KARACHI: Gunmen shot dead a trader in Qwertyabad on Monday, "
                      "police said. Karachi police are investigating.\n", encoding="utf-8")
    result = CliRunner().invoke(gazetteer_app, ["missing", str(report)])
    assert result.exit_code == 0, result.output
    assert "Qwertyabad" in result.output


def test_missing_reads_the_reports_stored_in_a_database(tmp_path):
    import vigil

    report = tmp_path / "report.txt"
    report.write_text("KARACHI: A grenade was thrown at a police post in Zxcvbabad on Monday, "
                      "officials said.\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path}/v.db"
    assert vigil.ingest([str(report)], db=db).added == 1
    result = CliRunner().invoke(gazetteer_app, ["missing", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Zxcvbabad" in result.output


def test_missing_without_paths_or_db_is_usage_error():
    result = CliRunner().invoke(gazetteer_app, ["missing"])
    assert result.exit_code == 2
