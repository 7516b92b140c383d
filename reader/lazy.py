"""A package's names loaded on first use (PEP 562): importing the package stays cheap, so
``reader where`` and the CLI's argument parser never import Whoosh, the cleaner or ftfy.

    _LAZY = {"SearchIndex": "searching", "update": "build"}   # name -> submodule defining it
    __getattr__ = lazy_getattr(__name__, _LAZY, globals())

Type checkers see the names through an ``if TYPE_CHECKING:`` import beside the table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(package: str, names: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """The module ``__getattr__`` of ``package``: a name of ``names`` is imported from its
    submodule the first time it is asked for and kept in ``namespace`` (the package's
    globals), so later lookups find it there without coming back here."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    return __getattr__
