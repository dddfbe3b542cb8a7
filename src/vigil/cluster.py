"""Extraction on a Dask cluster: `vigil ingest --workers N` (a local cluster) or `--scheduler ADDRESS`.

Why this shape: extraction (spaCy and the rules) is nearly all of an ingest's time and needs no
database, while storing and merging must see every earlier report.  So the reports are read and
checked against the store here, in the one process that writes; batches of them are extracted on
the workers; and the results are stored in the order the reports were read.  The stored result is
therefore the one a single process gives, byte for byte.

Memory stays flat: reading is a stream, and at most ``window`` batches are out on the cluster at
once.  A worker that dies loses nothing: Dask runs its batch again elsewhere; a batch that keeps
killing workers is run again one report at a time, so only the report at fault is recorded as
failed.  The per-report time limit (vigil.timelimit) needs the main thread of a process, which
Dask tasks do not run on: on a cluster it does not apply.
"""
from __future__ import annotations

import contextlib
import logging
from collections import deque
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional

from vigil.batching import batches
from vigil.faults import ReportFault

if TYPE_CHECKING:
    from vigil.extract import Extraction
    from vigil.model import Document

CONNECT_TIMEOUT = "10s"  # reaching an existing scheduler
BATCH_REPORTS = 8        # reports per task: enough to amortise spaCy's batching and the round trip
BATCH_CHARS = 400_000    # and never more text than this per task (but for one longer report)
TASK_RETRIES = 2         # a batch whose worker died is run again this many times before it is split


class ClusterError(Exception):
    """The cluster could not be started or reached (the message names it and why)."""


def _needs_dask():
    try:
        import distributed  # noqa: F401
    except ImportError as error:
        raise ClusterError("--workers and --scheduler need Dask: pip install 'vigil[cluster]'") from error


@contextlib.contextmanager
def cluster_client(workers: int = 0, scheduler: Optional[str] = None) -> Iterator["object"]:
    """A Dask client on a new local cluster of ``workers`` single-threaded processes, or on the
    scheduler at ``scheduler``; closed (and the local cluster stopped) on leaving."""
    _needs_dask()
    import dask
    from distributed import Client, LocalCluster

    # Dask logs a dead worker or a failed task itself; Vigil says it once, naming the report.
    logging.getLogger("distributed").setLevel(logging.CRITICAL)

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as error:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        with client:
            warm_up(client)
            yield client
        return
    # One thread per process: spaCy and the rules hold the GIL, so threads would not run in parallel.
    # Dask starts its workers with MALLOC_TRIM_THRESHOLD_ set, to hand freed memory back to the
    # system; a fixed threshold also stops glibc from raising its mmap threshold, so spaCy's large
    # arrays are mapped and unmapped again for every batch: extraction ran about an eighth slower.
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
    with cluster, Client(cluster) as client:
        warm_up(client)
        yield client


# Extracted once on each worker as soon as the cluster is up (words of our own: any text does).
WARM_UP_TEXT = "A shopkeeper was gunned down on Monday in Karachi, police said."


def load_pipeline() -> None:
    """Run on a worker: spaCy, Vigil's rules and the data they read, loaded by extracting a line."""
    from vigil.model import Document

    extract_batch([Document(id="warm-up", text=WARM_UP_TEXT, published="2020-01-06")])


def warm_up(client) -> None:
    """Have every worker load the pipeline now, while this process opens the store and reads the
    first reports, rather than in its first batch: start-up is on the clock of every ingest."""
    from distributed import fire_and_forget

    for address in client.scheduler_info().get("workers", {}):
        # Not awaited, and kept on the cluster though nobody holds its future.
        fire_and_forget(client.submit(load_pipeline, pure=False, workers=[address], allow_other_workers=False))


def extract_batch(documents: list["Document"]) -> list[tuple[str, object]]:
    """Run on a worker: each report's Extraction, or its ReportFault, in the reports' order."""
    from vigil.extract import extract_documents

    outcomes: list[tuple[str, object]] = []
    for extraction in extract_documents(documents, on_fault=lambda fault: outcomes.append(("fault", fault))):
        outcomes.append(("extraction", extraction))
    return outcomes


def extract_on_cluster(client, documents: Iterable["Document"], *,
                       on_fault: Optional[Callable[[ReportFault], None]] = None,
                       window: Optional[int] = None) -> Iterator["Extraction"]:
    """What vigil.extract.extract_documents yields, with the work done on the cluster behind
    ``client``; extractions come back in the documents' order."""
    if window is None:
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    pending: deque = deque()

    def submit(batch, retries=TASK_RETRIES):
        return client.submit(extract_batch, batch, pure=False, retries=retries)

    def collect(batch, future) -> list[tuple[str, object]]:
        try:
            return future.result()
        except Exception as error:  # noqa: BLE001 - a batch that killed its workers, or a pickling problem
            if len(batch) > 1:  # run each report alone: only the one at fault is lost
                outcomes = []
                for document in batch:
                    outcomes.extend(collect([document], submit([document], retries=0)))
                return outcomes
            return [("fault", ReportFault.from_error(batch[0], error, "extraction"))]

    def replay(outcomes):
        for kind, item in outcomes:
            if kind == "extraction":
                yield item
            elif on_fault is None:
                raise RuntimeError(f"{item.source}: {item.problem('failed')}")
            else:
                on_fault(item)

    for batch in batches(documents, BATCH_REPORTS, BATCH_CHARS):
        pending.append((batch, submit(batch)))
        if len(pending) >= window:
            yield from replay(collect(*pending.popleft()))
    while pending:
        yield from replay(collect(*pending.popleft()))
