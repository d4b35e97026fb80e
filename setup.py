"""Build hook: the wheel carries the course's question banks (issue 15), so a student who
installs it can run ``r2p-kit check`` on a sheet in any folder. Everything else about the
package is in pyproject.toml; the files copied are listed in r2p_kit/packaged.py."""

from __future__ import annotations

import ast
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def course_files() -> tuple[str, ...]:
    """``COURSE_FILES`` of src/r2p_kit/packaged.py, read without importing the package."""
    tree = ast.parse((HERE / "src" / "r2p_kit" / "packaged.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COURSE_FILES":
            return tuple(ast.literal_eval(node.value))
    raise RuntimeError("COURSE_FILES is missing from src/r2p_kit/packaged.py")


class BuildWithCourse(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib, "r2p_kit", "course")
        for pattern in course_files():
            for source in sorted(HERE.glob(pattern)):
                destination = target / source.relative_to(HERE)
                destination.parent.mkdir(parents=True, exist_ok=True)
                self.copy_file(str(source), str(destination))


setup(cmdclass={"build_py": BuildWithCourse})
