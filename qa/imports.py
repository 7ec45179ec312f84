"""Importing a library without the optional extras its package loads eagerly.

Some libraries import heavy optional dependencies in their package `__init__`, guarded by
`try: ... except ImportError`, for features this project never uses. A module set to None in
`sys.modules` fails to import, so blocking the extras while the library loads makes it go on
without them. They are blocked only for that moment, and only if nothing has imported them yet:
whoever imports them later gets them.
"""

from __future__ import annotations

import importlib
import sys


def import_without(library: str, extras: tuple[str, ...]) -> None:
    """Import `library` (once per process) with `extras` unavailable while it loads."""
    if library in sys.modules:
        return
    blocked = [name for name in extras if name not in sys.modules]
    sys.modules.update(dict.fromkeys(blocked))
    try:
        importlib.import_module(library)
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
