"""Fault isolation: what is recorded when one report fails, and the test hook that makes one fail.

An unexpected error (a bug: anything but the project's own errors for bad input) while one
report goes through the NLP, extraction, merging or storing is caught at that report and
becomes a ``ReportFault``; the batch goes on.  ``vigil ingest`` stores the report as failed
(its cleaned text kept, so ``vigil ingest --retry-failed`` can run it again after an upgrade);
``vigil extract`` skips it.  Either way one line on stderr names it.

Test hook (documented, deliberately tiny): ``VIGIL_FAULT=STAGE:MARKER`` makes the pipeline
raise ``InjectedFault`` at STAGE (nlp, extraction, merging, storing) for every report whose
text contains MARKER; ``VIGIL_FAULT=STAGE:MARKER:hang`` makes it sleep there instead, which only
the per-report time limit ends; ``...:exit`` ends the process there, as a cluster worker killed
for its memory would end.  It exists so the tests can drive the real isolation paths
without mocking; nothing happens when the variable is unset.
"""
from __future__ import annotations

import os
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterator, Optional

from vigil.model import Document

STAGES = ("reading", "nlp", "extraction", "merging", "storing")
MAX_MESSAGE_CHARS = 500  # an exception may carry a whole report in its message


class InjectedFault(RuntimeError):
    """Raised by the VIGIL_FAULT test hook: stands in for a bug at one stage of one report."""


class ReportTimeout(BaseException):
    """One report took longer than the per-report limit (vigil.timelimit).

    A BaseException, like KeyboardInterrupt, so that a broad ``except Exception`` inside the
    pipeline cannot swallow it and let the report run on without a limit.
    """

    def __init__(self, seconds: float):
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


def is_bad_input(error: BaseException) -> bool:
    """The project's own errors about the input: reported as they are, never as a bug."""
    from vigil.readers import ReadError  # UsageError is a ReadError
    from vigil.store.errors import StoreError

    return isinstance(error, (ReadError, StoreError))


def vigil_version() -> str:
    try:
        from importlib.metadata import version

        return version("vigil")
    except Exception:  # not installed as a distribution (e.g. run from a source tree)
        import vigil

        return vigil.__version__


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class ReportFault:
    """One report that failed: at which stage, with which error, under which Vigil."""

    document: Document
    stage: str
    error: str  # the exception's class name, e.g. "ZeroDivisionError"
    message: str
    version: str = field(default_factory=vigil_version)
    failed_at: str = field(default_factory=_now)
    traceback: str = ""  # printed with VIGIL_DEBUG=1, stored for a bug report

    @classmethod
    def from_error(cls, document: Document, error: BaseException, stage: str) -> "ReportFault":
        message = " ".join(str(error).split())
        if len(message) > MAX_MESSAGE_CHARS:
            message = message[:MAX_MESSAGE_CHARS] + "..."
        return cls(document=document, stage=getattr(error, "vigil_stage", stage), error=type(error).__name__,
                   message=message,
                   traceback="".join(traceback.format_exception(type(error), error, error.__traceback__)))

    @property
    def source(self) -> str:
        """Where the report came from, naming its id when the place does not (a corpus record)."""
        source = self.document.source or self.document.id
        return source if self.document.id in source else f"{source} (id {self.document.id})"

    @property
    def timed_out(self) -> bool:
        return self.error == ReportTimeout.__name__

    def problem(self, outcome: str) -> str:
        """``outcome``: what became of the report, e.g. "stored as failed" or "skipped"."""
        if self.timed_out:
            return f"{self.message} in {self.stage}, {outcome}; --timeout SECONDS sets the limit (0: none)"
        what = f"{self.error}: {self.message}" if self.message else self.error
        return f"internal error in {self.stage} ({what}), {outcome}; VIGIL_DEBUG=1 shows the traceback"


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Label a bug raised inside with the stage it happened in (the innermost label wins)."""
    try:
        yield
    except (Exception, ReportTimeout) as error:
        if not is_bad_input(error) and not hasattr(error, "vigil_stage"):
            error.vigil_stage = name
        raise


def inject_fault(at_stage: str, text: str) -> None:
    """The VIGIL_FAULT test hook (see the module docstring); a no-op when it is unset."""
    wanted = _injected()
    if wanted is None:
        return
    where, marker, action = wanted
    if where == at_stage and marker in text:
        if action == "hang":
            time.sleep(24 * 3600)
        if action == "exit":  # the process dies, as a worker killed for its memory would
            os._exit(70)
        raise InjectedFault(f"VIGIL_FAULT injected a fault in {at_stage}")


def _injected() -> Optional[tuple[str, str, str]]:
    value = os.environ.get("VIGIL_FAULT")
    if not value:
        return None
    where, _, rest = value.partition(":")
    marker, _, action = rest.partition(":")
    if not marker:
        return None
    return where, marker, action
