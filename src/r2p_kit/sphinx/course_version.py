"""The site's footer names the course version a checker marks against (issue 15): the
package version and a hash of the question banks, the words ``r2p-kit check`` prints, so a
student can tell whether an installed checker matches the course they read."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from r2p_kit.packaged import course_version


def add_to_footer(app: Sphinx, config: Config) -> None:
    """Furo prints ``copyright`` in every page's footer; the version joins it."""
    root = Path(app.srcdir).parent
    if (root / "docs" / "modules").is_dir():
        config.copyright = f"{config.copyright}. Course version: {course_version(root)}"


def setup_course_version(app: Sphinx) -> None:
    app.connect("config-inited", add_to_footer)
