"""Rewrite every page when the table of contents changes, so no page's navigation goes stale.

Every HTML page carries the whole course's navigation: the sidebar lists every page, and
"Previous" and "Next" follow the reading order. An incremental build re-reads and rewrites
only the pages that changed, so after ``r2p-kit new module`` (or any edit to a toctree or to a
page title) the other pages kept the old sidebar and module 7's "Next" skipped the new
module. The build notices instead: it remembers the toctree structure and the page titles
before reading, and when they differ after reading, every page is written again (only
written: nothing is re-read, so this costs the writing phase and no more).
"""

from __future__ import annotations

from collections.abc import Iterable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

Navigation = tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, str], ...]]
_BEFORE = "r2p_navigation_before"


def navigation(env: BuildEnvironment) -> Navigation:
    """What every page's navigation is made of: each toctree's entries, and each page's title."""
    toctrees = tuple(sorted((doc, tuple(entries)) for doc, entries in env.toctree_includes.items()))
    titles = tuple(sorted((doc, title.astext()) for doc, title in env.titles.items()))
    return toctrees, titles


def remember_navigation(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``, before any page is read: note the navigation; re-read nothing."""
    setattr(env, _BEFORE, navigation(env))
    return []


def pages_with_stale_navigation(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """``env-get-updated``, after reading: every page, if the navigation changed."""
    before = getattr(env, _BEFORE, None)
    if hasattr(env, _BEFORE):
        delattr(env, _BEFORE)  # nothing of it is pickled with the environment
    if before is None or before == navigation(env):
        return []
    return sorted(env.all_docs)


def setup_navigation(app: Sphinx) -> None:
    app.connect("env-get-outdated", remember_navigation)
    app.connect("env-get-updated", pages_with_stale_navigation)
