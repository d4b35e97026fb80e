"""A redirect page at every old address in ``docs/redirects.yaml``, so moved modules keep
their links (bookmarks, syllabi, LMS courses that point at ``modules/04-dialogue-2011/``).

``r2p-kit move module`` and ``new module --after`` keep the mapping (old docname: new
docname, see :mod:`r2p_kit.contrib.redirects`); after an HTML build this writes, at the old
page's file, a small page with ``<meta http-equiv="refresh">`` and a plain link, which
works without JavaScript. A mapping that names no page of the course, or an old address
that is a page again, is a warning of type ``r2p.redirect``.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from r2p_kit.contrib.redirects import REDIRECTS_FILE, read_redirects
from r2p_kit.errors import UserError

logger = logging.getLogger(__name__)
BUILDERS = ("html", "dirhtml")
PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title} (moved)</title>
<meta http-equiv="refresh" content="0; url={url}">
<link rel="canonical" href="{url}">
<meta name="robots" content="noindex">
</head>
<body>
<main>
<h1>{title} has moved</h1>
<p>Its new address: <a href="{url}">{title}</a>.</p>
</main>
</body>
</html>
"""


def redirect_page(url: str, title: str, language: str) -> str:
    """The redirect page's HTML; the address and title are escaped."""
    return PAGE.format(
        lang=html.escape(language or "en"), url=html.escape(url), title=html.escape(title)
    )


def relative_url(builder: StandaloneHTMLBuilder, old: str, new: str) -> str:
    """The address of page ``new`` relative to the file written for page ``old``."""
    outdir = Path(builder.outdir)
    here = Path(builder.get_outfilename(old)).parent.relative_to(outdir).as_posix()
    target = builder.get_target_uri(new)
    relative = posixpath.relpath(target.rstrip("/") or ".", here or ".")
    return relative + ("/" if target.endswith("/") else "")


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the redirect pages, for the HTML builders only."""
    builder = app.builder
    if exception is not None or builder.name not in BUILDERS:
        return
    assert isinstance(builder, StandaloneHTMLBuilder)
    source = Path(app.srcdir) / REDIRECTS_FILE
    if not source.is_file():
        return
    try:
        redirects = read_redirects(source)
    except UserError as error:
        logger.warning(str(error), type="r2p", subtype="redirect")
        return
    env = app.env
    for old, new in redirects.items():
        where = f"{source}: {old}"
        if old in env.all_docs:
            logger.warning(
                f"{where}: this address is a page of the course again; remove the line",
                type="r2p",
                subtype="redirect",
            )
            continue
        if new not in env.all_docs:
            logger.warning(
                f"{where}: the page '{new}' it redirects to is not in the course; "
                "correct it to the page's current docname",
                type="r2p",
                subtype="redirect",
            )
            continue
        title = env.titles[new].astext() if new in env.titles else new
        path = Path(builder.get_outfilename(old))
        path.parent.mkdir(parents=True, exist_ok=True)
        page = redirect_page(relative_url(builder, old, new), title, app.config.language)
        path.write_text(page, encoding="utf-8")


def setup_redirects(app: Sphinx) -> None:
    app.connect("build-finished", write_redirects)
