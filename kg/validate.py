"""Check a graph against the SHACL shapes of ontology/shapes.ttl with pyshacl.

The data checked is the union of a store's graphs (or an RDF file), together
with the ontology, so `rdfs:subClassOf` lets a `kg:Country` count as the
`kg:Actor` a shape asks for.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import OWL, RDF, Dataset, Graph, Namespace
from rdflib.term import Node

from .errors import KgError
from .ontology import ontology_graph
from .paths import ONTOLOGY

if TYPE_CHECKING:
    from .store import Store

SH = Namespace("http://www.w3.org/ns/shacl#")


class ShapesError(KgError):
    """The SHACL shapes file is missing or does not parse."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: cannot read the SHACL shapes ({reason}); restore ontology/shapes.ttl "
                         "or point KG_ONTOLOGY at a folder that has it")


@dataclass(frozen=True)
class Violation:
    """One failed constraint: which node, which property, what is wrong."""

    focus: str
    path: str | None
    message: str
    severity: str = "Violation"
    value: str | None = None

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value is not None else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}{value}"


@dataclass(frozen=True)
class ValidationReport:
    """Whether the graph conforms, and every violation found (sorted, for stable output)."""

    conforms: bool
    violations: tuple[Violation, ...] = ()


def shapes_graph(path: Path | None = None) -> Graph:
    """The SHACL shapes (ontology/shapes.ttl by default).

    Raises:
        ShapesError: the file is missing or is not valid Turtle.
    """
    path = path or ONTOLOGY / "shapes.ttl"
    try:
        return Graph().parse(path, format="turtle")
    except FileNotFoundError:
        raise ShapesError(path, "no such file") from None
    except Exception as e:  # rdflib raises several parser exception types
        raise ShapesError(path, str(e).splitlines()[0] if str(e) else type(e).__name__) from e


def validate_graph(data: Graph, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate an rdflib graph (the union of named graphs for a Dataset) against the shapes.

    Args:
        data: the graph to check; the ontology is added to it for the class hierarchy.
        shapes: SHACL shapes; ontology/shapes.ttl if None.
    Returns:
        The report; `conforms` is False when any violation was found.
    """
    import pyshacl

    union = Graph()
    triples = data.quads((None, None, None, None)) if isinstance(data, Dataset) else ((s, p, o, None)
                                                                                       for s, p, o in data)
    for s, p, o, _g in triples:
        union.add((s, p, o))
    if (None, RDF.type, OWL.Ontology) not in union:
        # a store holds the ontology already (lexical forms normalized by Oxigraph: add it only once)
        for t in ontology_graph():
            union.add(t)
    conforms, results, _text = pyshacl.validate(union, shacl_graph=shapes or shapes_graph(), inference="none",
                                                allow_warnings=True)
    assert isinstance(results, Graph)
    return ValidationReport(bool(conforms), tuple(sorted(_violations(results), key=str)))


def validate(store: Store, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate everything in `store` (all named graphs, as one graph) against the shapes."""
    return validate_graph(store.dataset_graph(), shapes=shapes)


def _violations(results: Graph) -> list[Violation]:
    def text(node: Node | None) -> str | None:
        return None if node is None else str(node)

    out = []
    for r in results.subjects(SH.resultSeverity, None):
        severity = str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
        message = results.value(r, SH.resultMessage)
        component = results.value(r, SH.sourceConstraintComponent)
        out.append(Violation(
            focus=str(results.value(r, SH.focusNode)),
            path=text(results.value(r, SH.resultPath)),
            message=str(message) if message is not None else str(component).rsplit("#", 1)[-1],
            severity=severity,
            value=text(results.value(r, SH.value)),
        ))
    return out


__all__ = ["ShapesError", "ValidationReport", "Violation", "shapes_graph", "validate", "validate_graph"]
