"""What an import reports: the whole file refused, or each row's problems and the
counts of what was created and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracker.services.wording import Term

IMPORTABLE = ("rounds", "outcomes", "statements", "people", "sources")
CONTROL_CHARACTERS = "Remove the invisible control characters from this cell."


class ImportRejected(ValueError):
    """The file as a whole cannot be imported; the message says why and what to do. Like a
    :class:`~tracker.services.errors.RuleViolation` it keeps its English wording (marked with
    ``N_``) apart from the values, so a page can show it in the reader's language."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params


@dataclass(frozen=True)
class RowProblem:
    row: int  # the data row, 1 being the first row under the header
    column: str | None
    message: str
    #: the English wording alone (marked with ``N_``) and its values, so a page can show the
    #: problem in the reader's language (``tracker.i18n.translated``)
    template: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RelatedRecord:
    """A record an import creates because a row names it (``create_missing``): its kind, a
    word of the catalogue a page translates, and the name the file gave it."""

    kind: Term
    name: str

    def __str__(self) -> str:
        return f"{self.kind} “{self.name}”"


@dataclass
class ImportReport:
    """What an import did, or would do: rows created, duplicates skipped, problems found."""

    kind: str
    rows: int = 0
    created: int = 0
    duplicates: list[RowProblem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    related_created: list[RelatedRecord] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class RowError(Exception):
    def __init__(self, column: str | None, template: str, **params: Any) -> None:
        message = template % params if params else template
        super().__init__(message)
        self.column = column
        self.message = message
        self.template = template
        self.params = params

    def problem(self, row: int) -> RowProblem:
        return RowProblem(row, self.column, self.message, self.template, self.params)


class RowErrors(Exception):
    def __init__(self, problems: list[RowError]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems
