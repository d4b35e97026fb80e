"""Sphinx extension for the r2p-kit course: ``extensions = ["r2p_kit.sphinx"]``.

``setup()`` only hands over to one ``setup_<component>`` per module, in the style of
sphinx-design.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from r2p_kit import __version__
from r2p_kit.sphinx.accessibility import setup_accessibility
from r2p_kit.sphinx.citations import setup_citations
from r2p_kit.sphinx.editions import setup_editions
from r2p_kit.sphinx.primary_source import setup_primary_source
from r2p_kit.sphinx.quiz import setup_quiz


def setup(app: Sphinx) -> dict[str, Any]:
    setup_accessibility(app)
    setup_citations(app)
    setup_editions(app)
    setup_primary_source(app)
    setup_quiz(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
