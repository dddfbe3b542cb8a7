"""The knowledge base's one exception: bad input named with the problem, in one line."""


class KnowledgeError(Exception):
    """A knowledge-base file or query that cannot be used (missing, malformed, unknown id)."""
