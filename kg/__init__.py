"""kg: turn news articles into an RDF knowledge graph and answer saved questions about it.

The public API, one function per job (the CLI calls the same functions)::

    import kg
    report = kg.build(["articles/"], store=kg.open_store("kg-store"))
    answer = kg.ask("unacknowledged-deployments", store=kg.open_store("kg-store"))

Every name is imported on first use (PEP 562), so ``import kg`` is cheap and a
command that only queries never loads spaCy.

Some public functions share their name with the module that defines them
(``kg.build`` the function lives in ``kg/build.py``). ``kg.build`` is always the
function: importing the submodule does not replace it. Import submodules with
``from kg.build import ...`` or ``importlib.import_module("kg.build")``.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (module, attribute), in pipeline order (DESIGN.md).
_API: dict[str, tuple[str, str]] = {
    "read_corpus": ("kg.corpus", "read_corpus"),
    "extract": ("kg.extract.run", "extract_document"),
    "extractors": ("kg.extract", "registered"),
    "resolve": ("kg.resolve", "resolve"),
    "build_graph": ("kg.graph", "build_graph"),
    "open_store": ("kg.store", "open_store"),
    "build": ("kg.build", "build"),
    "validate": ("kg.validate", "validate"),
    "push": ("kg.push", "push"),
    "serve": ("kg.serve", "serve"),
    "explain": ("kg.explain", "explain"),
    "questions": ("kg.questions", "questions"),
    "ask": ("kg.questions", "ask"),
    "query": ("kg.questions", "query"),
    "stats": ("kg.questions", "stats"),
    "export": ("kg.questions", "export"),
    "evaluate": ("kg.evaluate", "evaluate"),
    "remove": ("kg.documents", "remove"),
    "corroboration": ("kg.corroboration", "corroboration"),
}

__all__ = sorted(_API)

if TYPE_CHECKING:
    from kg.build import build
    from kg.corpus import read_corpus
    from kg.evaluate import evaluate
    from kg.extract import registered as extractors
    from kg.extract.run import extract_document as extract
    from kg.graph import build_graph
    from kg.questions import ask, export, query, questions, stats
    from kg.resolve import resolve
    from kg.explain import explain
    from kg.push import push
    from kg.serve import serve
    from kg.store import open_store
    from kg.validate import validate
    from kg.corroboration import corroboration
    from kg.documents import remove


def __getattr__(name: str) -> Any:
    """Import a public function the first time it is asked for (PEP 562)."""
    try:
        module, attr = _API[name]
    except KeyError:
        raise AttributeError(f"module 'kg' has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), attr)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))


class _Package(types.ModuleType):
    """The ``kg`` module, which keeps a public function when its namesake submodule is imported.

    Python's import system sets ``kg.<child>`` to the submodule after importing
    it; for the names of the public API that would hide the function.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _API and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
