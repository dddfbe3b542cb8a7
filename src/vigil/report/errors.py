"""The one error the report raises: a single line naming the input and the problem."""


class ReportError(Exception):
    pass
