"""Package namespaces that import a name's home module the first time the name is used.

Each layer's `__init__` exports what the next layer uses, but a command that answers from
the record of the last build (a no-op `build`, `build --check`, `--version`) must not pay
for importing icalendar, tomllib and every layer it never touches: importing them all took
0.3 s here, as long as a whole no-op build takes without them. PEP 562 lets a package's
`__getattr__` import on first use; type checkers and readers see the same names as plain
imports under `TYPE_CHECKING`, and a test holds the two lists and `__all__` equal.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping


def lazy_exports(
    package: str, homes: Mapping[str, tuple[str, ...]]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of `package`, whose exported names live in `homes`
    (module -> names). A resolved name is kept in the package, so it is imported once.

    No exported name may also be a submodule's name: importing the submodule would bind
    the module under that name, and the export would never be looked up.
    """
    home_of = {name: module for module, names in homes.items() for name in names}
    namespace = vars(sys.modules[package])

    def look_up(name: str) -> object:
        module = home_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def listing() -> list[str]:
        """The exports, the submodules imported so far and the module's dunders: not the
        names the namespace needs only to set itself up."""
        own = {
            name
            for name, value in namespace.items()
            if name.startswith("__") or isinstance(value, types.ModuleType)
        }
        return sorted(own | home_of.keys())

    return look_up, listing
