"""``docs/redirects.yaml``: where each old page address went when modules were renumbered.

One mapping, old docname -> current docname, written by ``r2p-kit move module`` and
``r2p-kit new module --after``; the HTML build (:mod:`r2p_kit.sphinx.redirects`) writes a
redirect page at every old address from it, so bookmarks, syllabi and LMS links to
``modules/04-dialogue-2011/`` keep working after the module became number 5.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from r2p_kit.errors import UserError

REDIRECTS_FILE = "redirects.yaml"
DOCNAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")
HEADER = (
    "# Old page addresses and the pages they moved to (old docname: new docname).\n"
    "# Written by `r2p-kit move module` and `r2p-kit new module --after`; the HTML build\n"
    "# writes a redirect page at each old address. Keep old entries: someone has the link.\n"
)


def read_redirects(path: Path) -> dict[str, str]:
    """The mapping in ``path``; a malformed file is a located error, never a traceback."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise UserError.at(path, line, f"not valid YAML: {error}", "fix the line") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError.at(path, 0, f"cannot read it: {error}", "save it as UTF-8") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError.at(
            path, 1, "expected a mapping of old docname: new docname", HEADER.splitlines()[0]
        )
    redirects: dict[str, str] = {}
    for old, new in data.items():
        if not (isinstance(old, str) and isinstance(new, str)) or not (
            DOCNAME.match(old) and DOCNAME.match(new) and ".." not in f"{old}/{new}"
        ):
            raise UserError.at(
                path,
                _line_of(path, str(old)),
                f"'{old}: {new}' is not a pair of docnames",
                "write e.g. modules/04-dialogue-2011/index: modules/05-dialogue-2011/index",
            )
        redirects[old] = new
    return redirects


def _line_of(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith(key):
            return number
    return 0


def updated(known: Mapping[str, str], moved: Mapping[str, str], live: set[str]) -> dict[str, str]:
    """``known`` with the pages that just ``moved`` (old -> new) added and older entries
    followed to where their pages are now; an address that is a ``live`` page again is dropped.
    """
    result = {old: moved.get(new, new) for old, new in known.items()}
    result.update(moved)
    return {old: new for old, new in sorted(result.items()) if old not in live and old != new}


def render_redirects(redirects: Mapping[str, str]) -> str:
    body = "".join(f"{old}: {new}\n" for old, new in sorted(redirects.items()))
    return HEADER + ("\n" + body if body else "{}\n")
