"""One error line for every command, `vigil COMMAND: problem`, and the exit status it means.

Exit status: 0 success; 1 bad input (nothing could be read, or any failure with --strict); 2 bad
usage (a flag's value, a missing database for a command that only reads); 130 interrupted.
Commands raise; the groups of the command line (``VigilGroup``) print the line, prefixed with the
command that failed (``vigil incidents merge: ...``), so no command formats its own errors.
"""
from __future__ import annotations

import os
from typing import Optional

import typer
# Typer carries its own copy of click: its exceptions and contexts are the ones raised here.
from typer import _click as click
from typer.core import TyperGroup

INTERRUPTED = "interrupted; every report already written is complete, rerun to resume"


class CommandFailed(Exception):
    """A problem the user must fix, printed as one line; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def _known_errors() -> tuple[type, ...]:
    """Errors whose message is already one line for the user (imported only when one happened)."""
    from vigil.evaluation.commands import EvaluationError
    from vigil.evaluation.gold import GoldError
    from vigil.export.errors import ExportError
    from vigil.knowledge.errors import KnowledgeError
    from vigil.readers import ReadError
    from vigil.report.errors import ReportError
    from vigil.store.errors import StoreError

    return (ReadError, StoreError, ExportError, ReportError, KnowledgeError, GoldError, EvaluationError)


def describe(error: Exception) -> tuple[int, str]:
    """(exit status, message) of an error a command raised."""
    from vigil.readers import UsageError
    from vigil.store.errors import DatabaseMissing

    if isinstance(error, CommandFailed):
        return error.code, str(error)
    if isinstance(error, (UsageError, DatabaseMissing)):
        return 2, str(error)
    if isinstance(error, _known_errors()):
        return 1, str(error)
    return 1, f"internal error: {type(error).__name__}: {error} (set VIGIL_DEBUG=1 for the traceback)"


def say(ctx: Optional[click.Context], message: str) -> None:
    """A line on stderr prefixed with the running command (``vigil incidents: ...``)."""
    ctx = ctx or click.globals.get_current_context(silent=True)
    typer.echo(f"{ctx.command_path if ctx else 'vigil'}: {message}", err=True)


class VigilGroup(TyperGroup):
    """A group of commands whose failures become one line named after the failing command."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, click.exceptions.ClickException):
            raise  # already handled, or a usage error the entry point prints
        except BrokenPipeError:
            raise  # the reader of our output left (`| head`): the entry point ends quietly
        except KeyboardInterrupt:
            typer.echo(f"{_failing_command(ctx)}: {INTERRUPTED}", err=True)
            raise typer.Exit(130)
        except Exception as error:
            if os.environ.get("VIGIL_DEBUG"):
                raise
            code, message = describe(error)
            typer.echo(f"{_failing_command(ctx)}: {message}", err=True)
            raise typer.Exit(code)


def _failing_command(ctx: click.Context) -> str:
    # The innermost group catches first; the subcommand it was running, if any, is the culprit.
    return ctx.command_path + (f" {ctx.invoked_subcommand}" if ctx.invoked_subcommand else "")


def usage_line(error: click.exceptions.UsageError) -> str:
    """A usage error as one line: ``vigil incidents: invalid value for '--since': ...``."""
    where = error.ctx.command_path if error.ctx else "vigil"
    message = " ".join(error.format_message().split())
    help_hint = f" (see {where} --help)" if isinstance(error, click.exceptions.NoSuchOption) or "No such command" in message \
        else ""
    return f"{where}: {message[:1].lower() + message[1:]}{help_hint}"
