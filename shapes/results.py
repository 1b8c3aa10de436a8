"""One validation result, engine-independent (the report is built from these)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib.term import Node

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Result:
    """A shape's complaint about one focus node.

    ``shape`` is the node shape the result is grouped under; ``source`` the
    property shape or SPARQL constraint that raised it; ``component`` a short
    name of the constraint kind (minCount, pattern, sparql, …).
    """

    shape: str
    focus: Node
    message: str
    severity: str = "Violation"
    path: str | None = None
    value: Node | None = None
    component: str = ""
    source: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def sort_key(self) -> tuple:
        return (SEVERITIES.index(self.severity), self.shape, str(self.focus), self.path or "",
                str(self.value) if self.value is not None else "", self.component, self.message)
