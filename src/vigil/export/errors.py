"""The one error exports raise: its message is a single line naming the input and the problem."""


class ExportError(Exception):
    pass
