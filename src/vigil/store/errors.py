"""The one exception the store raises: a single line naming the database or report and the problem."""


class StoreError(Exception):
    """A database could not be opened, read or written; the message is one clear line."""
