"""How every group of `vigil` commands behaves: one error line, `vigil COMMAND: problem`, with
the exit status it means, and help that names values plainly (`--db TEXT`, not `<str>`).

Exit status: 0 success; 1 bad input (nothing could be read, or any failure with --strict); 2 bad
usage (a flag's value, a missing database for a command that only reads); 130 interrupted.
Commands raise; the groups of the command line (``VigilGroup``) print the line, prefixed with the
command that failed (``vigil incidents merge: ...``), so no command formats its own errors. Usage
errors (a flag's bad value, an unknown command) are one line too, not click's usage block, however
the command is run (the `vigil` script, `python -m vigil.cli`, typer's CliRunner).
"""
from __future__ import annotations

import os
import sys
from typing import Optional

import typer
try:  # Typer 0.29 carries its own copy of click: its exceptions and contexts are the ones raised here.
    from typer import _click as click
except ImportError:  # a Typer that uses the installed click again
    import click
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
    from vigil.cluster import ClusterError

    return (ReadError, StoreError, ExportError, ReportError, KnowledgeError, GoldError, EvaluationError, ClusterError)


def describe(error: Exception) -> tuple[int, str]:
    """(exit status, message) of an error a command raised."""
    from vigil.readers import UsageError
    from vigil.store.errors import BadDatabaseURL, DatabaseMissing

    if isinstance(error, CommandFailed):
        return error.code, str(error)
    if isinstance(error, (UsageError, DatabaseMissing, BadDatabaseURL)):
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

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode: bool = True, **extra):
        """Run as `vigil`: usage errors and interrupts become one line and an exit status."""
        plain_metavars(self)
        try:
            result = super().main(args=args, prog_name="vigil", complete_var=complete_var, standalone_mode=False,
                                  **extra)
            status = result if isinstance(result, int) else 0
        except click.exceptions.NoArgsIsHelpError as error:  # `vigil` or `vigil gazetteer` alone: the help
            typer.echo(error.ctx.get_help())
            status = 0
        except click.exceptions.UsageError as error:
            typer.echo(usage_line(error), err=True)
            status = 2
        except click.exceptions.ClickException as error:
            typer.echo(f"vigil: {' '.join(error.format_message().split())}", err=True)
            status = error.exit_code
        except typer.Abort:
            typer.echo(f"vigil: {INTERRUPTED}", err=True)
            status = 130
        except BrokenPipeError:  # `vigil incidents | head`: the reader left, nothing to say
            # Python would complain again when flushing stdout at exit: point it at /dev/null.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            status = 0
        if standalone_mode:
            sys.exit(status)
        return status

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


# Help names a flag's value by its kind, as click does (--db TEXT), never Typer's <str> / <bool>.
_VALUE_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "Path": "PATH", "list[str]": "TEXT"}


def plain_metavars(command) -> None:
    """Give every option and argument of ``command`` and its subcommands a plain metavar, so help
    shows `--since TEXT` and `PATHS...`."""
    from typer.core import TyperArgument

    for param in command.params:
        if isinstance(param, TyperArgument):
            param.metavar = param.metavar or param.name.upper()
            param.display_type_rich = lambda ctx: None  # the argument's name says it: no <list[str]>
        elif param.metavar is None and not getattr(param, "is_flag", False):
            try:
                kind = param.bare_type()
            except Exception:  # a parameter type Typer cannot name: click's own name
                kind = "TEXT"
            param.metavar = _VALUE_NAMES.get(kind, kind.upper())
    for sub in getattr(command, "commands", {}).values():
        plain_metavars(sub)
