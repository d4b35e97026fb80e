"""Directive names that cannot clash with other extensions.

Every directive is registered as ``r2p-<name>`` (``r2p-quiz``, ``r2p-exercise`` ...). The
short name is registered too, as an alias for pages written before the prefix, but only
when no other extension has taken it: sphinx-exercise's ``exercise`` wins over ours.
Aliases are added at ``config-inited``, after every extension's ``setup()``, so the
order of ``extensions`` in conf.py does not matter.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import is_directive_registered

PREFIX = "r2p-"


def add_directive(app: Sphinx, name: str, directive: type) -> None:
    """Register ``directive`` as ``r2p-<name>``, and as ``<name>`` where that name is free."""
    app.add_directive(PREFIX + name, directive)

    def add_alias(app: Sphinx, config: Config) -> None:
        if not is_directive_registered(name):
            app.add_directive(name, directive)

    app.connect("config-inited", add_alias, priority=900)  # after other extensions' hooks
