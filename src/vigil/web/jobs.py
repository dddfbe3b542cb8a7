"""Uploads ingested in the background: one worker thread takes them in turn, so the desk keeps
answering while a report is read, extracted and merged, and two ingests never race.

A job's progress lives in the server's memory (its page refreshes itself until it is done); what
it stores goes through vigil.api.ingest like `vigil ingest`, one transaction per report.
"""
from __future__ import annotations

import itertools
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

MAX_JOBS_KEPT = 200
STORED = ("added", "replaced", "near_duplicate")  # statuses under which the report is stored by its own id


@dataclass
class Job:
    id: str
    owner: str
    name: str  # the file's name or "pasted text"
    state: str = "queued"  # queued | running | done | failed
    stage: str = "waiting for the worker"
    reports: int = 0
    statuses: list[tuple[str, str]] = field(default_factory=list)  # (report, what happened)
    failures: list[str] = field(default_factory=list)
    summary: Optional[str] = None
    document_id: Optional[str] = None  # the one report a single text or file becomes
    created: float = field(default_factory=time.time)
    finished: Optional[float] = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "owner": self.owner, "name": self.name, "state": self.state, "stage": self.stage,
                "reports": self.reports, "statuses": [{"report": r, "status": s} for r, s in self.statuses],
                "failures": list(self.failures), "summary": self.summary, "document": self.document_id}


class IngestQueue:
    def __init__(self, db: str, on_finished=None):
        self.db = db
        self._jobs: dict[str, Job] = {}
        self._queue: "queue.Queue[Optional[tuple[Job, Path, dict]]]" = queue.Queue()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._on_finished = on_finished or (lambda job: None)
        self._worker = threading.Thread(target=self._work, name="vigil-ingest", daemon=True)
        self._worker.start()

    def submit(self, *, owner: str, name: str, content: bytes, filename: str, metadata: dict) -> Job:
        """Queue ``content`` (saved as ``filename`` in a scratch folder) for ingest."""
        folder = Path(tempfile.mkdtemp(prefix="vigil-upload-"))
        path = folder / filename
        path.write_bytes(content)
        with self._lock:
            job = Job(id=f"{int(time.time())}-{next(self._ids)}", owner=owner, name=name)
            self._jobs[job.id] = job
            for old in sorted(self._jobs.values(), key=lambda j: j.created)[:-MAX_JOBS_KEPT]:
                if old.state in ("done", "failed"):
                    del self._jobs[old.id]
        self._queue.put((job, path, metadata))
        return job

    def job(self, job_id: str) -> Optional[Job]:
        with self._lock:
            return self._jobs.get(job_id)

    def pending(self) -> int:
        return self._queue.qsize()

    def close(self) -> None:
        self._queue.put(None)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            job, path, metadata = item
            try:
                self._run(job, path, metadata)
            finally:
                shutil.rmtree(path.parent, ignore_errors=True)
                job.finished = time.time()
                self._on_finished(job)

    def _run(self, job: Job, path: Path, metadata: dict) -> None:
        from vigil import api

        job.state, job.stage = "running", "reading and extracting (the first upload loads the language model)"

        def on_report(source: str, status: str) -> None:
            job.reports += 1
            job.statuses.append((Path(source).name if source.startswith(str(path.parent)) else source, status))
            job.stage = f"{job.reports} report{'s' if job.reports != 1 else ''} done"
            if status in STORED:
                stored.append(status)

        def on_failure(failure) -> None:
            job.failures.append(f"{Path(failure.source).name}: {failure.problem}")

        stored: list[str] = []
        try:
            summary = api.ingest([str(path)], db=self.db, metadata=metadata or None,
                                 on_report=on_report, on_failure=on_failure)
        except Exception as error:  # bad metadata, a database refusing: the job fails, the desk goes on
            job.state, job.stage = "failed", "failed"
            job.failures.append(str(error).splitlines()[0] if str(error) else type(error).__name__)
            return
        job.summary = summary.line()
        job.state = "failed" if summary.failures and not summary.read else "done"
        job.stage = "done" if job.state == "done" else "failed"
        if job.state == "done" and len(stored) == 1 and summary.read == 1 and not summary.imported:
            job.document_id = metadata.get("id") or path.name
