"""Sphinx extension for the r2p-kit course: ``extensions = ["r2p_kit.sphinx"]``.

Everything it registers carries the ``r2p`` prefix, so it can sit beside other extensions
(sphinx-exercise registers ``exercise``, for one):

- directives ``r2p-quiz``, ``r2p-question``, ``r2p-exercise``, ``r2p-instructor`` and
  ``r2p-primary-source``. The short names (``quiz``, ``exercise`` ...) are aliases for
  pages written before the prefix, registered only where no other extension took the
  name (:mod:`.naming`); new pages should use the prefixed names;
- the ``r2p`` domain, whose ``{r2p:question}`` role links to a placed question;
- nodes ``r2p_*``, config values ``r2p_*``, CSS classes ``r2p-*``, warnings of type ``r2p``
  (``r2p.bank``, ``r2p.quiz``, ``r2p.exercise``, ``r2p.xref``, ``r2p.instructor``), which
  ``suppress_warnings`` can silence one kind at a time.

``setup()`` only hands over to one ``setup_<component>`` per module, in the style of
sphinx-design.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from r2p_kit import __version__
from r2p_kit.sphinx.accessibility import setup_accessibility
from r2p_kit.sphinx.bibliography_place import setup_bibliography_place
from r2p_kit.sphinx.citations import setup_citations
from r2p_kit.sphinx.course_version import setup_course_version
from r2p_kit.sphinx.editions import setup_editions
from r2p_kit.sphinx.long_tables import setup_long_tables
from r2p_kit.sphinx.modules import setup_modules
from r2p_kit.sphinx.navigation import setup_navigation
from r2p_kit.sphinx.primary_source import setup_primary_source
from r2p_kit.sphinx.printed_notes import setup_printed_notes
from r2p_kit.sphinx.quiz import setup_quiz
from r2p_kit.sphinx.redirects import setup_redirects
from r2p_kit.sphinx.sheets import setup_sheets

# Raise when the doctrees or the domain data change shape, so Sphinx re-reads every page
# instead of unpickling an old environment (2: nodes renamed r2p_*, the r2p domain).
ENV_VERSION = 2


def setup(app: Sphinx) -> dict[str, Any]:
    setup_accessibility(app)
    setup_bibliography_place(app)
    setup_citations(app)
    setup_course_version(app)
    setup_editions(app)
    setup_long_tables(app)
    setup_navigation(app)
    setup_printed_notes(app)
    setup_primary_source(app)
    setup_quiz(app)
    setup_modules(app)  # after setup_quiz: its role joins the r2p domain
    setup_redirects(app)
    setup_sheets(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
