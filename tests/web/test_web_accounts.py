"""Accounts: argon2 hashes, sessions that end, tokens kept only as hashes; `vigil users` and
`vigil serve` from the command line."""
from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest

import vigil
from vigil.store import StoreError
from vigil.store.accounts import Accounts


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True,
                          input=stdin, timeout=120)


def _stored_bytes(folder) -> bytes:
    """Everything SQLite has written: the database file and its write-ahead log."""
    return b"".join(p.read_bytes() for p in folder.glob("accounts.db*"))


@pytest.fixture
def accounts(tmp_path):
    store = vigil.open(f"sqlite:///{tmp_path / 'accounts.db'}")
    yield Accounts(store)
    store.close()


def test_passwords_are_argon2_hashes_and_checked_in_the_same_way_for_unknown_names(accounts, tmp_path):
    user = accounts.add_user("amina", "a long passphrase", role="editor")
    assert user.can("viewer") and user.can("editor") and not user.can("admin")
    assert accounts.authenticate("amina", "a long passphrase") == user
    assert accounts.authenticate("amina", "a long passphrasE") is None
    assert accounts.authenticate("nobody", "a long passphrase") is None
    raw = _stored_bytes(tmp_path)
    assert b"a long passphrase" not in raw and b"$argon2id$" in raw
    for bad, message in ((("amina", "another passphrase", "viewer"), "already exists"),
                         (("bilal", "short", "viewer"), "too short"),
                         (("bilal", "a long passphrase", "owner"), "unknown role"),
                         (("<b>", "a long passphrase", "viewer"), "bad user name")):
        with pytest.raises(StoreError, match=message):
            accounts.add_user(bad[0], bad[1], role=bad[2])


def test_sessions_end_and_tokens_are_kept_only_as_hashes(accounts, tmp_path):
    user = accounts.add_user("amina", "a long passphrase", role="viewer")
    token, session = accounts.open_session(user)
    assert accounts.session(token).user == user and len(session.csrf_token) >= 32
    accounts.close_session(token)
    assert accounts.session(token) is None
    expired, _ = accounts.open_session(user, timedelta(seconds=-1))
    assert accounts.session(expired) is None
    api_token = accounts.new_token("amina", "a script")
    assert accounts.token_user(api_token) == user and accounts.token_user(api_token + "x") is None
    assert api_token.encode() not in _stored_bytes(tmp_path) and token.encode() not in _stored_bytes(tmp_path)
    with pytest.raises(StoreError, match="no user"):
        accounts.new_token("nobody")


def test_users_add_list_and_token_from_the_command_line(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    added = run("users", "add", "amina", "--role", "editor", "--db", db, stdin="a long passphrase\n")
    assert added.returncode == 0, added.stderr
    assert "added amina (editor)" in added.stderr
    again = run("users", "add", "amina", "--role", "editor", "--db", db, stdin="a long passphrase\n")
    assert again.returncode == 1 and again.stderr.strip().splitlines() == ["vigil users add: user 'amina' already exists"]
    role = run("users", "add", "bilal", "--role", "owner", "--db", db, stdin="a long passphrase\n")
    assert role.returncode == 2 and "owner" in role.stderr
    listed = run("users", "list", "--db", db)
    assert "amina" in listed.stdout and "editor" in listed.stdout
    token = run("users", "token", "amina", "--db", db)
    assert token.returncode == 0 and token.stdout.startswith("vgl_")
    store = vigil.open(db)
    try:
        assert Accounts(store).token_user(token.stdout.strip()).name == "amina"
    finally:
        store.close()


def test_serve_refuses_a_database_that_is_not_there(tmp_path):
    missing = run("serve", "--db", str(tmp_path / "nothing.db"))
    assert missing.returncode == 2 and "no database" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
