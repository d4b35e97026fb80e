"""``{r2p:module}`dialogue-2011```: "Module 5", numbered by the table of contents, as a link.

A hand-written "Module 4" goes stale the day a module is inserted before it (lint reports
one, R2P047). The role names the module by its slug instead; the number is the module's
place among the module pages of the root toctree, worked out when the page is written (a
post-transform, so every builder gets a plain reference: HTML, LaTeX, EPUB, text, man),
and the navigation hook (:mod:`.navigation`) rewrites every page when that order changes.
``{r2p:module}`the next module <prevention>``` keeps its own words and links the same way.
An unknown slug is a warning of type ``r2p.module``.
"""

from __future__ import annotations

import re
from typing import Any, cast

from docutils import nodes
from docutils.nodes import Node, system_message
from docutils.parsers.rst.states import Inliner
from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import make_refnode, split_explicit_title

logger = logging.getLogger(__name__)
LINK_CLASSES = ["xref", "r2p-module-link"]


class r2p_module_ref(nodes.Inline, nodes.Element):  # docutils names nodes in lower case
    """A reference to a module by slug, until the post-transform numbers it."""


def module_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[Node], list[system_message]]:
    explicit, title, slug = split_explicit_title(text)
    node = r2p_module_ref(rawtext, slug=slug.strip(), title=title if explicit else "")
    node.source, node.line = inliner.reporter.get_source_and_line(lineno)  # type: ignore[assignment]
    return [node], []


def module_order(env: BuildEnvironment) -> list[str]:
    """The module pages (``modules/NN-slug/index``) of the root toctree, in reading order."""
    folder = re.escape(str(env.config.r2p_quiz_modules).strip("/"))
    page = re.compile(rf"^{folder}/\d+-[a-z0-9-]+/index$")
    return [doc for doc in env.toctree_includes.get(env.config.root_doc, []) if page.match(doc)]


def slug_of(docname: str) -> str:
    return docname.split("/")[-2].split("-", 1)[1]


class NumberModuleReferences(SphinxPostTransform):
    """Replace each ``r2p_module_ref`` by "Module N", linked to the module."""

    default_priority = 5  # before the other post-transforms, like reference resolution

    def run(self, **kwargs: Any) -> None:
        refs = list(self.document.findall(r2p_module_ref))
        if not refs:
            return
        order = module_order(self.env)
        numbers = {slug_of(doc): (number, doc) for number, doc in enumerate(order, start=1)}
        std = cast(StandardDomain, self.env.get_domain("std"))
        for ref in refs:
            slug = ref["slug"]
            if slug not in numbers:
                known = ", ".join(numbers) or "none"
                logger.warning(
                    f"no module '{slug}' in the table of contents; name a module by its slug "
                    f"(modules: {known})",
                    location=ref,
                    type="r2p",
                    subtype="module",
                )
                _replace(ref, nodes.inline(ref.rawsource, ref["title"] or f"Module {slug}"))
                continue
            number, docname = numbers[slug]
            text = nodes.inline("", ref["title"] or f"Module {number}", classes=LINK_CLASSES)
            label = std.labels.get(f"mod-{slug}")
            anchor = label[1] if label is not None and label[0] == docname else ""
            link = make_refnode(self.app.builder, self.env.docname, docname, anchor, text)
            _replace(ref, link)


def _replace(ref: r2p_module_ref, new: nodes.Node) -> None:
    """Without ``replace_self``, which would copy the role's ids onto the link: two links to
    one module on a page would share an HTML id."""
    assert ref.parent is not None
    ref.parent.replace(ref, new)


def setup_modules(app: Sphinx) -> None:
    """Call after the ``r2p`` domain is added (:func:`r2p_kit.sphinx.quiz.setup_quiz`)."""
    app.add_node(r2p_module_ref)
    app.add_role_to_domain("r2p", "module", module_role)  # type: ignore[arg-type]
    app.add_post_transform(NumberModuleReferences)
