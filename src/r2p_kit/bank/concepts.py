"""Shared lists of accepted forms: one list per concept, used by every question that asks it.

``docs/modules/concepts.yaml`` lists, for a name or term that several questions ask for
(the Security Council, the HCNM, Côte d'Ivoire, UN-NGLS), every form a careful marker
accepts. A question writes ``concept: security-council`` instead of repeating the
list, so an answer is never right in one module and wrong in another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from r2p_kit.bank.nodes import NodeChecker
from r2p_kit.errors import Problem

CONCEPTS_FILE = "concepts.yaml"


@dataclass(frozen=True)
class Concepts:
    """Concept name -> its accepted forms, the first canonical; empty when there is no file."""

    forms: Mapping[str, tuple[str, ...]]
    path: Path | None = None

    def names(self) -> list[str]:
        return sorted(self.forms)


NO_CONCEPTS = Concepts(MappingProxyType({}))


def concepts_path(modules_folder: Path) -> Path:
    return modules_folder / CONCEPTS_FILE


def load_concepts(path: Path) -> tuple[Concepts, list[Problem]]:
    """Read ``concepts.yaml``; a missing file is no concepts, a broken one is problems."""
    if not path.is_file():
        return NO_CONCEPTS, []
    nodes = NodeChecker(path)
    root = nodes.compose()
    forms: dict[str, tuple[str, ...]] = {}
    if root is not None:
        table = _concept_table(nodes, root)
        for key, value in table:
            name = str(key.value)
            texts = _forms(nodes, name, value)
            if name in forms:
                nodes.report(key, f"concept '{name}' is defined twice", "merge the two lists")
            elif texts:
                forms[name] = texts
    return Concepts(MappingProxyType(forms), path), nodes.problems


def _concept_table(nodes: NodeChecker, root: Node) -> list[tuple[ScalarNode, Node]]:
    hint = "write 'concepts:' and under it 'name: [form, form, ...]' for each concept"
    if not isinstance(root, MappingNode) or len(root.value) != 1:
        nodes.report(root, "the file must hold one key, 'concepts'", hint)
        return []
    key, value = root.value[0]
    if not isinstance(key, ScalarNode) or key.value != "concepts":
        nodes.report(key, "the file must hold one key, 'concepts'", hint)
        return []
    if not isinstance(value, MappingNode):
        nodes.report(value, "'concepts' must map each concept's name to its forms", hint)
        return []
    pairs: list[tuple[ScalarNode, Node]] = []
    for name, forms in value.value:
        if not isinstance(name, ScalarNode) or not str(name.value).strip():
            nodes.report(name, "a concept's name must be plain text", "e.g. security-council")
            continue
        pairs.append((name, forms))
    return pairs


def _forms(nodes: NodeChecker, name: str, value: Node) -> tuple[str, ...]:
    if not isinstance(value, SequenceNode) or not value.value:
        nodes.report(
            value,
            f"concept '{name}' needs a list of accepted forms",
            "write them as [First form, Another form]",
        )
        return ()
    forms: list[str] = []
    for item in value.value:
        if not isinstance(item, ScalarNode) or item.tag != "tag:yaml.org,2002:str":
            nodes.report(item, f"a form of '{name}' must be text", "put it in quotes")
            continue
        if item.value in forms:
            nodes.report(item, f"'{item.value}' is listed twice for '{name}'", "remove one")
            continue
        forms.append(item.value)
    return tuple(forms)
