"""Fault records, stage labels, the VIGIL_FAULT hook, the per-report time limit, and the extract
stage's isolation of one report in a batch (in process, the real pipeline)."""
from __future__ import annotations

import threading
import time

import pytest

from vigil.extract import extract_documents
from vigil.faults import InjectedFault, ReportFault, ReportTimeout, stage
from vigil.model import Document
from vigil.timelimit import time_limit

# Three short reports written for these tests; the middle one carries the marker.
TEXTS = [
    "KARACHI: Gunmen shot dead a shopkeeper in Orangi Town on Monday evening, police said.",
    "KARACHI: A grenade thrown at a tea stall in Lyari wounded two men on Tuesday, officials said.",
    "KARACHI: Two policemen were killed when a roadside bomb went off in Baldia Town on Friday.",
]
DOCUMENTS = [Document(id=f"r{i}", text=text) for i, text in enumerate(TEXTS)]


def busy(seconds: float) -> None:
    """Pure-Python work (no sleep), the kind of loop the limit must interrupt."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sum(range(100))


def test_the_time_limit_interrupts_a_pure_python_loop_and_names_its_stage():
    with pytest.raises(ReportTimeout, match="took longer than 0.05 s") as raised:
        with time_limit(0.05), stage("extraction"):
            busy(30)
    assert raised.value.vigil_stage == "extraction"


def test_no_limit_when_zero_or_off_the_main_thread():
    with time_limit(0):
        busy(0.05)
    outcome = []

    def worker():
        try:
            with time_limit(0.01):
                busy(0.1)
            outcome.append("finished")
        except ReportTimeout:
            outcome.append("interrupted")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(30)
    assert outcome == ["finished"]


def test_a_timer_that_ends_with_its_block_never_fires_later():
    with time_limit(0.05):
        pass
    busy(0.1)  # would raise ReportTimeout here if the timer were still armed


def test_the_innermost_stage_names_the_fault_and_messages_are_one_capped_line():
    try:
        with stage("storing"), stage("merging"):
            raise ZeroDivisionError("division\nby zero " + "x" * 1000)
    except ZeroDivisionError as error:
        fault = ReportFault.from_error(DOCUMENTS[0], error, "storing")
    assert (fault.stage, fault.error) == ("merging", "ZeroDivisionError")
    assert "\n" not in fault.message and len(fault.message) < 520
    assert fault.problem("skipped").startswith("internal error in merging (ZeroDivisionError: division by zero")


@pytest.mark.parametrize("at", ["nlp", "extraction", "nlp:hang", "extraction:hang"])
def test_one_report_fails_alone_in_a_shared_batch(monkeypatch, at):
    list(extract_documents(DOCUMENTS[:1]))  # first use loads the knowledge tables: not under the limit
    where, _, action = at.partition(":")
    monkeypatch.setenv("VIGIL_FAULT", f"{where}:Lyari" + (f":{action}" if action else ""))
    faults = []
    extracted = list(extract_documents(DOCUMENTS, batch_size=8, timeout=1 if action else None,
                                       on_fault=faults.append))
    assert [e.document.id for e in extracted] == ["r0", "r2"]
    assert all(e.incidents for e in extracted)
    [fault] = faults
    assert (fault.document.id, fault.stage) == ("r1", where)
    assert fault.error == ("ReportTimeout" if action else "InjectedFault")


def test_without_on_fault_the_error_is_raised(monkeypatch):
    monkeypatch.setenv("VIGIL_FAULT", "extraction:Lyari")
    with pytest.raises(InjectedFault):
        list(extract_documents(DOCUMENTS))


def test_the_time_limit_interrupts_a_backtracking_regular_expression():
    import re

    with pytest.raises(ReportTimeout):
        with time_limit(0.05):
            re.match(r"(a+)+$", "a" * 40 + "b")  # would take hours
