"""How a reader reports input it cannot read: one clear line naming the input and the problem."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ReadFailure:
    """One input (file, stdin or corpus record) that could not be read; the batch goes on."""

    source: str  # file path, "path:LINE" for a corpus record, "-" for stdin
    problem: str  # one line, e.g. "not text: binary content (looks like PNG image)"
    # INCIDENT_RECORD: a line of a corpus that is an incident record (`vigil export --to jsonl`),
    # not a report; `vigil ingest` imports such lines (vigil.store.importer) and reads the rest.
    kind: str = "unreadable"

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


INCIDENT_RECORD = "incident-record"


class ReadError(Exception):
    """Bad input: the message is one clear line (what ``read_text`` raises)."""


class UsageError(ReadError):
    """Bad reader options (e.g. ``--id`` with several files, an invalid ``--published``)."""
