"""`vigil watch`: follow feeds, news sitemaps and folders and ingest what is new.

One line per poll on stderr.  With ``--once`` every source that is due is polled once and the
command ends (for cron); without it the command polls each source on its own interval until
interrupted (SIGINT, exit status 130).  Exit status with ``--once``: 1 when a source could not
be polled, else 0.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Callable, Iterator, List, Optional

import typer

from vigil.cli_errors import CommandFailed, say
from vigil.cli_options import db_option
from vigil.store.errors import StoreError
from vigil.timelimit import DEFAULT_TIMEOUT
from vigil.watch import fetch
from vigil.watch.sources import MAX_ITEMS, Source, SourceError, display, make_source, read_sources_file

DEFAULT_INTERVAL = 900.0  # seconds between two polls of a source that names no interval of its own
_LONGEST_SLEEP = 60.0  # wake up at least this often while waiting for the next source


def watch_command(
    sources: Optional[List[str]] = typer.Argument(None, metavar="SOURCE",
                                                  help="Feed or news-sitemap URLs, or folders."),
    sources_file: Optional[str] = typer.Option(None, "--sources", metavar="FILE",
                                               help="A CSV or TOML file of sources (url, kind, interval, outlet, "
                                                    "language)."),
    once: bool = typer.Option(False, "--once", help="Poll every source that is due once, then stop (for cron)."),
    db: str = db_option(),
    interval: float = typer.Option(DEFAULT_INTERVAL, "--interval", min=0, metavar="SECONDS",
                                   help="Seconds between polls of a source that names no interval of its own."),
    host_delay: float = typer.Option(fetch.HOST_GAP, "--host-delay", min=0, metavar="SECONDS",
                                     help="Seconds between two requests to one host (longer if its robots.txt "
                                          "asks)."),
    http_timeout: float = typer.Option(fetch.TIMEOUT, "--http-timeout", min=0.1, metavar="SECONDS",
                                       help="Give up on a request after this long."),
    retries: int = typer.Option(fetch.RETRIES, "--retries", min=0,
                                help="Tries again after no answer, 408, 429 or 5xx, with a doubling pause."),
    user_agent: str = typer.Option(fetch.USER_AGENT, "--user-agent", help="How requests name themselves."),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=0, metavar="SECONDS",
                                  help="Time limit per report: one taking longer fails alone (0: none)."),
    max_items: int = typer.Option(MAX_ITEMS, "--max-items", min=0, metavar="N",
                                  help="New articles fetched per poll of a feed or sitemap that names no max_items "
                                       "of its own; the rest wait for the next polls (0: no cap)."),
):
    """Follow feeds (RSS/Atom), news sitemaps and folders; ingest new articles as they appear."""
    followed = _sources(sources or [], sources_file)
    from vigil import api
    from vigil.watch.poll import poll_source
    from vigil.watch.state import WatchState

    store = api.open(db)
    state = WatchState(store)
    polled = failed = 0
    try:
        fetcher = fetch.Fetcher(user_agent=user_agent, timeout=http_timeout, retries=retries, host_gap=host_delay)
        with fetcher as client, _interrupts_kept() as interrupted:
            while True:
                waits = []
                for source in followed:
                    wait = _seconds_until_due(state, source, interval)
                    if wait > 0:
                        waits.append(wait)
                        if once:
                            say(None, f"{display(source)}: not due (next poll in {_duration(wait)})")
                        continue
                    polled += 1
                    try:
                        result = poll_source(source, db=db, state=state, fetcher=client, timeout=timeout or None,
                                             on_problem=lambda line: say(None, line), max_items=max_items)
                    except StoreError as error:  # the database, busy or gone: this poll fails, the watch goes on
                        say(None, f"{display(source)}: failed: {error}")
                        failed += 1
                    else:
                        say(None, result.line())
                        failed += result.status == "failed"
                    waits.append(source.interval if source.interval is not None else interval)
                if interrupted():  # its KeyboardInterrupt was lost on the way: end as it would have
                    raise KeyboardInterrupt
                if once:
                    break
                time.sleep(min(max(min(waits), 1.0), _LONGEST_SLEEP))
    finally:
        store.close()
    if failed:
        raise CommandFailed(f"{failed} of {polled} polls failed")


@contextmanager
def _interrupts_kept() -> Iterator[Callable[[], bool]]:
    """Yields ``interrupted()``: whether a SIGINT came.  The signal still raises KeyboardInterrupt
    at once; it is also kept, so one that a library caught and dropped still ends the watch after
    the poll it landed in, instead of polling on until killed.  (lxml's module set-up drops one that
    lands while lxml.etree is first imported, which is during the first poll.)
    An ignored SIGINT, or a handler someone else put in place, is left alone."""
    came: list[int] = []
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield lambda: bool(came)
        return

    def interrupt(signum, frame):
        came.append(signum)
        signal.default_int_handler(signum, frame)

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        yield lambda: bool(came)
    finally:
        signal.signal(signal.SIGINT, previous)


def _sources(arguments: list[str], sources_file: Optional[str]) -> list[Source]:
    """The sources to follow; a bad one is a line on stderr and the others are followed."""
    found: list[Source] = []
    problems: list[str] = []
    if sources_file:
        try:
            listed, bad = read_sources_file(sources_file)
        except SourceError as error:
            raise CommandFailed(str(error), code=2) from None
        found += listed
        problems += bad
    for argument in arguments:
        try:
            found.append(make_source(argument))
        except SourceError as error:
            problems.append(str(error))
    for problem in problems:
        say(None, f"{problem} (not followed)")
    unique = list({source.location: source for source in found}.values())
    if not unique:
        raise CommandFailed("no source to follow: give feed URLs, sitemap URLs or folders, or --sources FILE",
                            code=2)
    return unique


def _seconds_until_due(state, source: Source, default_interval: float) -> float:
    last = state.source(source.location).last_polled_at
    if last is None:
        return 0.0
    every = source.interval if source.interval is not None else default_interval
    since = (datetime.now(timezone.utc) - datetime.fromisoformat(last)).total_seconds()
    return max(0.0, every - since)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
