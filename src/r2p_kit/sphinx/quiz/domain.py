"""Where each question is shown, kept the way Sphinx expects for parallel and incremental builds.

Per-page records are dropped by ``clear_doc`` when a page is re-read and combined by
``merge_domaindata`` after a parallel read. The records let other pages link to a
question with ``{r2p:question}`\\`origins/iciss-report-year\\```; a link to a question no
page shows is a warning of type ``r2p.xref``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode
from sphinx.util.typing import RoleFunction

logger = logging.getLogger(__name__)
Place = tuple[str, str, int]  # (docname, anchor, number on the page)
LINK_CLASSES = ["xref", "r2p-question-link"]


class QuestionRole(XRefRole):
    """``{r2p:question}``: Sphinx would class the link ``r2p-question``, the class of the
    question itself, which the page's script and stylesheet look for."""

    def create_xref_node(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.classes = LINK_CLASSES
        return super().create_xref_node()


class QuizDomain(Domain):
    """Question placements; the bank files a page uses are Sphinx dependencies."""

    name = "r2p"
    label = "r2p-kit quizzes"
    # "source" is not a role: the quiz renderer's link from an explanation to its reading.
    object_types: ClassVar[dict[str, ObjType]] = {"question": ObjType("question", "question")}
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {
        "question": QuestionRole(innernodeclass=nodes.inline, warn_dangling=True)
    }
    initial_data: ClassVar[dict[str, Any]] = {"questions": {}}  # question id -> [Place, ...]
    data_version = 1

    @property
    def questions(self) -> dict[str, list[Place]]:
        return cast(dict[str, list[Place]], self.data["questions"])

    def note_question(self, question_id: str, docname: str, anchor: str, number: int) -> None:
        self.questions.setdefault(question_id, []).append((docname, anchor, number))

    def clear_doc(self, docname: str) -> None:
        for question_id, places in list(self.questions.items()):
            kept = [place for place in places if place[0] != docname]
            if kept:
                self.questions[question_id] = kept
            else:
                del self.questions[question_id]

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        wanted = set(docnames)
        for question_id, places in otherdata["questions"].items():
            for place in places:
                if place[0] in wanted:
                    self.questions.setdefault(question_id, []).append(tuple(place))

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ == "source":
            return _resolve_source(env, fromdocname, builder, target)
        places = sorted(self.questions.get(target, ()))
        if not places:
            return None
        docname, anchor, number = places[0]
        if not node.get("refexplicit"):
            title = env.titles.get(docname)
            where = f" ({title.astext()})" if title is not None and docname != fromdocname else ""
            contnode = nodes.inline("", f"Question {number}{where}", classes=["xref", "quiz"])
        return make_refnode(builder, fromdocname, docname, anchor, contnode, target)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = self.resolve_xref(env, fromdocname, builder, "question", target, node, contnode)
        return [("r2p:question", found)] if found is not None else []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        # Priority -1: listed in objects.inv for intersphinx, kept out of search results.
        for question_id, places in self.questions.items():
            docname, anchor, _number = min(places)
            yield question_id, question_id, "question", docname, anchor, -1


def _resolve_source(
    env: BuildEnvironment, fromdocname: str, builder: Builder, label: str
) -> nodes.reference | None:
    """A question's ``source``: any label, before a section (linked by the section's title)
    or before a paragraph, table or figure (linked by its page's title)."""
    std = cast(StandardDomain, env.get_domain("std"))
    if label in std.labels:
        docname, labelid, title = std.labels[label]
    elif label in std.anonlabels:
        docname, labelid = std.anonlabels[label]
        page_title = env.titles.get(docname)
        title = page_title.astext() if page_title is not None else docname
    else:
        return None
    text = nodes.inline("", title, classes=["xref", "std", "std-ref"])
    return make_refnode(builder, fromdocname, docname, labelid, text, label)


def warn_dangling_question(app: object, domain: Domain | None, node: pending_xref) -> bool | None:
    """``warn-missing-reference``: a link to a question no page shows, or a question's
    ``source`` that names no label, typed ``r2p.xref``."""
    if domain is None or domain.name != QuizDomain.name:
        return None
    target = node["reftarget"]
    if node["reftype"] == "source":
        message = (
            f"the source '{target}' of question {node.get('r2p_question', '')} is not a label "
            f"in the course; put '({target})=' before the passage it means, or correct the "
            "question's 'source' in its bank"
        )
    else:
        message = (
            f"no page shows the question '{target}' that this link names; "
            "check the id, or place the question with a quiz or r2p-question directive"
        )
    logger.warning(message, location=node, type="r2p", subtype="xref")
    return True
