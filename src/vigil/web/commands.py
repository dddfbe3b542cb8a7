"""`vigil serve` and `vigil users`: mounted by vigil.cli (``app.command("serve")(serve_command)``,
``app.add_typer(users_app, name="users")``)."""
from __future__ import annotations

import getpass
import ipaddress
import sys
from typing import Optional

import typer

from vigil.cli_errors import CommandFailed, VigilGroup, say
from vigil.cli_options import db_option

users_app = typer.Typer(cls=VigilGroup, rich_markup_mode=None, no_args_is_help=True,
                        help="Accounts of the desk (vigil serve): add one, list them, make a token for a script.")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_command(
    db: str = db_option(),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    public: bool = typer.Option(False, "--public", help="Anyone may read without signing in; changes still "
                                "need an editor."),
    secure_cookies: bool = typer.Option(False, "--secure-cookies", help="Mark cookies Secure (the desk is "
                                        "served over HTTPS, e.g. behind a proxy)."),
):
    """The desk: dashboard, incidents, review queue, reports and uploads, and the JSON API (/api/)."""
    import uvicorn

    from vigil.cli_options import read_store
    from vigil.store.accounts import Accounts
    from vigil.web import DeskConfig, create_app

    store = read_store(db)  # a missing database is refused, not created empty
    try:
        users = Accounts(store).count_users()
    finally:
        store.close()
    if not users and not public:
        say(None, f"no accounts yet: add one with `vigil users add NAME --role admin --db {db}` (or use --public)")
    if not _is_loopback(host) and not secure_cookies:
        say(None, f"listening on {host} without --secure-cookies: put the desk behind HTTPS before a team uses it")
    app = create_app(DeskConfig(db=db, public=public, secure_cookies=secure_cookies, freeze_after_warm_up=True))
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"Vigil desk on http://{shown}:{port}/ ({'public reading' if public else 'sign-in required'}); "
               "Ctrl-C stops it", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def _read_password(name: str) -> str:
    """From standard input (one line) when it is not a terminal, else asked twice."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    first = getpass.getpass(f"Password for {name}: ")
    if getpass.getpass("Again: ") != first:
        raise CommandFailed("the two passwords differ")
    return first


@users_app.command("add")
def users_add(name: str = typer.Argument(..., metavar="NAME"),
              role: str = typer.Option(..., "--role", help="viewer (reads), editor (also uploads and decides) "
                                       "or admin (also the audit log)."),
              db: str = db_option()):
    """Add an account; the password is read from standard input or asked for."""
    import vigil
    from vigil.store.accounts import ROLES, Accounts

    if role not in ROLES:
        raise typer.BadParameter(f"{role!r} is not one of {', '.join(ROLES)}", param_hint="--role")
    password = _read_password(name)
    store = vigil.open(db)
    try:
        user = Accounts(store).add_user(name, password, role=role)
        Accounts(store).record("user-added", actor=None, target=user.name, detail={"role": role, "by": "command line"})
    finally:
        store.close()
    typer.echo(f"added {user.name} ({user.role})", err=True)


@users_app.command("list")
def users_list(db: str = db_option()):
    """The accounts: name, role, since when."""
    from vigil.cli_options import read_store
    from vigil.render import render
    from vigil.store.accounts import Accounts

    store = read_store(db)
    try:
        rows = Accounts(store).users()
    finally:
        store.close()
    render([{k: r[k] for k in ("name", "role", "created_at")} for r in rows], "table", title=f"{len(rows)} accounts",
           empty="No accounts: vigil users add NAME --role admin")


@users_app.command("token")
def users_token(name: str = typer.Argument(..., metavar="NAME"),
                label: Optional[str] = typer.Option(None, "--label", help="What the token is for."),
                db: str = db_option()):
    """Make an API token for NAME (printed once; scripts send it as Authorization: Bearer TOKEN)."""
    from vigil.cli_options import read_store
    from vigil.store.accounts import Accounts

    store = read_store(db)
    try:
        token = Accounts(store).new_token(name, label)
        Accounts(store).record("token-added", target=name, detail={"label": label, "by": "command line"})
    finally:
        store.close()
    typer.echo(token)
