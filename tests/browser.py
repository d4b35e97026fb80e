"""Find and launch the Chromium the browser tests drive (the one named in R2P_CHROMIUM, else
a usual one), serve it the built site, and read axe-core's audit of a page.

GitHub's ubuntu-24.04 runner has no Debian chromium (``chromium-browser`` is a snap stub that
does not install there) but ships Google Chrome; a Debian or Ubuntu machine has
/usr/bin/chromium from ``apt-get install chromium``. A path that is set but wrong is an
error, never a silent fall-back to another browser.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ENVIRONMENT = "R2P_CHROMIUM"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
ON_PATH = ("chromium", "google-chrome", "google-chrome-stable", "chrome")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
INSTALL = (
    "apt-get install -y --no-install-recommends chromium chromium-driver "
    f"(or set {ENVIRONMENT} to a Chromium or Chrome executable)"
)


def find_chromium(
    environ: dict[str, str] | None = None,
    path: str | None = None,
    debian: Path = DEBIAN_CHROMIUM,
) -> Path | None:
    """The browser to drive, or ``None`` when there is none; raises if R2P_CHROMIUM is wrong.

    ``environ``, ``path`` (the search path) and ``debian`` default to this machine's.
    """
    environ = dict(os.environ) if environ is None else environ
    named = environ.get(ENVIRONMENT, "").strip()
    if named:
        chosen = Path(named).expanduser()
        if not (chosen.is_file() and os.access(chosen, os.X_OK)):
            raise FileNotFoundError(f"{ENVIRONMENT}={named} is not an executable file")
        return chosen
    if debian.is_file() and os.access(debian, os.X_OK):
        return debian
    for name in ON_PATH:
        found = shutil.which(name, path=path)
        if found:
            return Path(found)
    return None


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a built site on a free local port, quietly, until the server is shut down."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def serious_violations(page: Any, axe: str) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on a loaded page (axe: its script)."""
    page.add_script_tag(content=axe)
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document)).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """Chromium, headless, for a test module's browser fixture; skips (or fails when CI=true)
    with the install line where there is none."""
    from playwright.sync_api import sync_playwright  # imported late: fast tests import this file

    from conftest import require

    executable = find_chromium()
    require(executable is not None, "chromium", INSTALL)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()
