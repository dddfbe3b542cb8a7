"""Accounts of the desk: users and their roles, sign-in sessions, API tokens and the audit log.

Passwords are kept as argon2id hashes (argon2-cffi); session and API tokens are random and kept
only as their SHA-256, so a copy of the database lets nobody sign in.

    accounts = Accounts(vigil.open(db))
    accounts.add_user("amina", "a long passphrase", role="editor")
    token = accounts.new_token("amina")          # for scripts: Authorization: Bearer TOKEN
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Optional

from sqlalchemy import delete, func, insert, select, update

from vigil.store.errors import StoreError
from vigil.store.schema import api_tokens, audit_log, sessions, users

# Each role can do what the ones before it can.
ROLES = ("viewer", "editor", "admin")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD_LENGTH = 8
SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str

    def can(self, role: str) -> bool:
        """Whether this user holds ``role`` or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str
    expires_at: str


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class _Hasher:
    """argon2id with the library's recommended parameters, loaded on first use."""

    def __init__(self):
        from argon2 import PasswordHasher

        self.hasher = PasswordHasher()
        # A hash of nothing anyone knows, verified when the name is unknown so that a wrong name
        # takes as long as a wrong password (no guessing which names exist from the timing).
        self.decoy = self.hasher.hash(secrets.token_urlsafe(16))

    def verify(self, stored: Optional[str], password: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return self.hasher.verify(stored or self.decoy, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False


_hasher: Optional[_Hasher] = None


def _password_hasher() -> _Hasher:
    global _hasher
    if _hasher is None:
        _hasher = _Hasher()
    return _hasher


def check_role(role: str) -> str:
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}: choose from {', '.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise StoreError(f"password too short: at least {MIN_PASSWORD_LENGTH} characters")
    return password


class Accounts:
    """The account tables of a Store (the store keeps the one engine and its transactions)."""

    def __init__(self, store):
        self._store = store

    def _transaction(self, action: str, *, write: bool = False):
        return self._store._transaction(action, write=write)

    # ------------------------------------------------------------------ users

    def add_user(self, name: str, password: str, *, role: str) -> User:
        if not isinstance(name, str) or not NAME.match(name):
            raise StoreError(f"bad user name {name!r}: 1-64 letters, digits, '.', '_', '@' or '-', "
                             "starting with a letter or digit")
        check_role(role)
        hashed = _password_hasher().hasher.hash(check_password(password))
        with self._transaction(f"add user {name!r}", write=True) as connection:
            if connection.execute(select(users.c.id).where(users.c.name == name)).first() is not None:
                raise StoreError(f"user {name!r} already exists")
            result = connection.execute(insert(users).values(
                name=name, role=role, password_hash=hashed, disabled=False, created_at=_stamp(_now())))
            user_id = result.inserted_primary_key[0]
        return User(user_id, name, role)

    def users(self) -> list[dict[str, Any]]:
        statement = select(users.c.id, users.c.name, users.c.role, users.c.disabled,
                           users.c.created_at).order_by(users.c.name)
        with self._transaction("list users") as connection:
            return [dict(row) for row in connection.execute(statement).mappings()]

    def count_users(self) -> int:
        with self._transaction("count users") as connection:
            return connection.execute(select(func.count()).select_from(users)).scalar_one()

    def user(self, name: str) -> Optional[User]:
        with self._transaction(f"read user {name!r}") as connection:
            row = connection.execute(select(users.c.id, users.c.name, users.c.role)
                                     .where(users.c.name == name, users.c.disabled.is_(False))).first()
        return User(row.id, row.name, row.role) if row else None

    def authenticate(self, name: str, password: str) -> Optional[User]:
        """The user whose name and password these are; None otherwise (in the same time)."""
        with self._transaction("sign in") as connection:
            row = connection.execute(select(users.c.id, users.c.name, users.c.role, users.c.password_hash)
                                     .where(users.c.name == name, users.c.disabled.is_(False))).first()
        hasher = _password_hasher()
        if not hasher.verify(row.password_hash if row else None, password or ""):
            return None
        if hasher.hasher.check_needs_rehash(row.password_hash):  # parameters raised since it was hashed
            with self._transaction("rehash password", write=True) as connection:
                connection.execute(update(users).where(users.c.id == row.id)
                                   .values(password_hash=hasher.hasher.hash(password)))
        return User(row.id, row.name, row.role)

    # ------------------------------------------------------------------ sessions

    def open_session(self, user: User, lifetime: timedelta = SESSION_LIFETIME) -> tuple[str, Session]:
        """A new session for ``user``: (the cookie's token, the session)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = _now()
        expires = _stamp(now + lifetime)
        with self._transaction("open session", write=True) as connection:
            # Expired sessions go as new ones come, so the table never grows without bound.
            connection.execute(delete(sessions).where(sessions.c.expires_at < _stamp(now)))
            connection.execute(insert(sessions).values(token_hash=_digest(token), user_id=user.id, csrf_token=csrf,
                                                       created_at=_stamp(now), expires_at=expires))
        return token, Session(user, csrf, expires)

    def session(self, token: Optional[str]) -> Optional[Session]:
        if not token:
            return None
        statement = (select(users.c.id, users.c.name, users.c.role, sessions.c.csrf_token, sessions.c.expires_at)
                     .join(users, users.c.id == sessions.c.user_id)
                     .where(sessions.c.token_hash == _digest(token), users.c.disabled.is_(False),
                            sessions.c.expires_at > _stamp(_now())))
        with self._transaction("read session") as connection:
            row = connection.execute(statement).first()
        return Session(User(row.id, row.name, row.role), row.csrf_token, row.expires_at) if row else None

    def close_session(self, token: Optional[str]) -> None:
        if not token:
            return
        with self._transaction("close session", write=True) as connection:
            connection.execute(delete(sessions).where(sessions.c.token_hash == _digest(token)))

    # ------------------------------------------------------------------ API tokens

    def new_token(self, name: str, label: Optional[str] = None) -> str:
        """A new API token for user ``name``; only its hash is kept, so it is shown once."""
        user = self.user(name)
        if user is None:
            raise StoreError(f"no user {name!r} (vigil users add {name} --role ...)")
        token = "vgl_" + secrets.token_urlsafe(32)
        with self._transaction(f"add a token for {name!r}", write=True) as connection:
            connection.execute(insert(api_tokens).values(user_id=user.id, token_hash=_digest(token), label=label,
                                                         created_at=_stamp(_now())))
        return token

    def token_user(self, token: Optional[str]) -> Optional[User]:
        if not token:
            return None
        statement = (select(users.c.id, users.c.name, users.c.role)
                     .join(users, users.c.id == api_tokens.c.user_id)
                     .where(api_tokens.c.token_hash == _digest(token), api_tokens.c.revoked_at.is_(None),
                            users.c.disabled.is_(False)))
        with self._transaction("read token") as connection:
            row = connection.execute(statement).first()
        return User(row.id, row.name, row.role) if row else None

    # ------------------------------------------------------------------ audit log

    def record(self, action: str, *, actor: Optional[str] = None, target: Optional[str] = None,
               detail: Optional[dict[str, Any]] = None, address: Optional[str] = None) -> None:
        with self._transaction(f"record {action}", write=True) as connection:
            connection.execute(insert(audit_log).values(created_at=_stamp(_now()), actor=actor, action=action,
                                                        target=target, detail=detail, address=address))

    def audit(self, *, limit: int = 100, offset: int = 0, actor: Optional[str] = None,
              action: Optional[str] = None) -> list[dict[str, Any]]:
        """The audit log, newest first."""
        statement = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit).offset(offset)
        if actor:
            statement = statement.where(audit_log.c.actor == actor)
        if action:
            statement = statement.where(audit_log.c.action == action)
        with self._transaction("read the audit log") as connection:
            return [dict(row) for row in connection.execute(statement).mappings()]


__all__ = ["Accounts", "ROLES", "Session", "User", "check_password", "check_role"]
