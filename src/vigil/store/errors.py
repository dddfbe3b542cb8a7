"""The one exception the store raises: a single line naming the database or report and the problem."""


class StoreError(Exception):
    """A database could not be opened, read or written; the message is one clear line."""


class DatabaseMissing(StoreError):
    """A command that only reads was given a database that does not exist (nothing is created)."""


class BadDatabaseURL(StoreError):
    """The --db value is not something Vigil can open at all (bad usage): not a URL, or a backend
    other than SQLite and PostgreSQL.  A server that does not answer is a StoreError."""


class StoreBusy(StoreError):
    """Another process held the database past the busy timeout (or a deadlock was broken): the
    same transaction may succeed if tried again."""


class EditError(StoreError):
    """An analyst's edit names a field that cannot be edited or gives it a value that field
    cannot take (an unknown type or place, a toll whose low exceeds its high)."""
