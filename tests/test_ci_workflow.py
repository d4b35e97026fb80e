"""The pull-request workflow does what .ci/run does, with the runner's own browser.

.ci/run is the reference CI (a Debian machine, as root); GitHub's ubuntu-24.04 runner cannot
install Debian's chromium, so the workflow points the browser tests at its Google Chrome
through R2P_CHROMIUM. Everything else must stay the same: the packages and the commands.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from conftest import REPO

BROWSER_PACKAGES = {"chromium", "chromium-driver"}


def ci_run_packages() -> set[str]:
    text = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    block = re.search(r"DEBIAN_PACKAGES=\((.*?)\n\)", text, re.S)
    assert block, ".ci/run has no DEBIAN_PACKAGES=( ... ) list"
    lines = (line.split("#", 1)[0] for line in block[1].splitlines())
    return {word for line in lines for word in line.split()}


def workflow_steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pull-request.yml").read_text())
    steps: list[dict[str, Any]] = workflow["jobs"]["check"]["steps"]
    return steps


def installed_by_workflow() -> set[str]:
    packages: set[str] = set()
    for step in workflow_steps():
        script = step.get("run", "").replace("\\\n", " ")
        for command in re.findall(r"apt-get install ([^\n]*)", script):
            packages |= {word for word in command.split() if not word.startswith("-")}
    return packages


def test_the_workflow_installs_the_packages_of_ci_run_but_the_browser() -> None:
    assert installed_by_workflow() == ci_run_packages() - BROWSER_PACKAGES
    assert "chromium-browser" not in installed_by_workflow()


def test_the_workflow_hands_its_browser_to_the_tests_and_runs_them_as_ci_does() -> None:
    steps = workflow_steps()
    runs = [step.get("run", "") for step in steps]
    assert any("R2P_CHROMIUM=" in run and "GITHUB_ENV" in run for run in runs)
    tests = [step for step in steps if step.get("run", "").strip() == "make test"]
    assert tests and tests[0].get("env", {}).get("CI") == "true"
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert any("r2p-kit lint --strict" in run for run in runs)
