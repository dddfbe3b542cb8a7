"""Package attributes imported on first use (PEP 562), so that `import vigil` or a command's
help does not load spaCy, pandas, pyarrow or the exporters before they are needed.

    __getattr__, __dir__ = lazy_attributes(__name__, {"build_report": "vigil.report.builder"})
"""
from __future__ import annotations

import importlib
from typing import Any, Callable


def lazy_attributes(package: str, where: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: each name in ``where`` is read from the
    module named beside it when first asked for, then kept in the package's namespace."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(importlib.import_module(package), name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(where) | set(vars(importlib.import_module(package))))

    return __getattr__, __dir__
