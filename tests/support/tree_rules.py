"""The rules of the test tree (tests/README.md), as functions over a tests and a bot folder.

tests/test_layout.py applies them to this repository and shows each can fail on a sample tree.
"""

from __future__ import annotations

import ast
from pathlib import Path

SUPPORT = "support"


SUPPORT_TESTS = "support_tests"


OUTSIDE_THE_MIRROR = {SUPPORT, "system", "__pycache__"}


LAYOUT_ITSELF = {"test_layout.py"}


def _python_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _imported_modules(path: Path, package: str) -> list[str]:
    """Every module `path` imports, relative imports resolved against `package`."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            found.append(base)
            found.extend(f"{base}.{alias.name}" for alias in node.names)
    return found


def imports_of_other_tests(tests: Path) -> list[str]:
    """Files under `tests` that import anything of the `tests` package but its support."""
    problems: list[str] = []
    for path in _python_files(tests):
        relative = path.relative_to(tests.parent)
        package = ".".join(relative.with_suffix("").parts[:-1])
        for module in _imported_modules(path, package):
            parts = module.split(".")
            if parts[0] == tests.name and len(parts) > 1 and parts[1] != SUPPORT:
                problems.append(f"{relative} imports {module}")
    for path in _python_files(tests / SUPPORT):
        if path.name.startswith("test_"):
            problems.append(f"{path.relative_to(tests.parent)} is a test inside support/")
    return sorted(set(problems))


def _counterpart(tests: Path, bot: Path, folder: Path) -> Path | None:
    """The folder `folder` (under tests) mirrors, or None when it stands outside the mirror."""
    parts = folder.relative_to(tests).parts
    if parts[0] in OUTSIDE_THE_MIRROR:
        return None
    if parts[0] == SUPPORT_TESTS:
        return tests.joinpath(SUPPORT, *parts[1:])
    return bot.joinpath(*parts)


def folders_without_counterpart(tests: Path, bot: Path) -> list[str]:
    problems: list[str] = []
    for folder in sorted({p.parent for p in _python_files(tests)} - {tests}):
        mirrored = _counterpart(tests, bot, folder)
        if mirrored is not None and not mirrored.is_dir():
            problems.append(
                f"{folder.relative_to(tests.parent)}/ mirrors no {_shown(tests, mirrored)}/"
            )
    return problems


def _shown(tests: Path, path: Path) -> Path:
    """`path` as the repository names it (bot/…, tests/…)."""
    return path.relative_to(tests.parent)


def _names_a_module(name: str, mirrored: Path) -> bool:
    """Whether test_<name>.py names a module of `mirrored` (or the package itself)."""
    words = name.split("_")
    for n in range(1, len(words) + 1):
        stem = "_".join(words[:n])
        if (mirrored / f"{stem}.py").is_file() or stem == mirrored.name:
            return True
    return False


def misnamed_tests(tests: Path, bot: Path) -> list[str]:
    problems: list[str] = []
    for path in _python_files(tests):
        if not path.name.startswith("test_") or (
            path.parent == tests and path.name in LAYOUT_ITSELF
        ):
            continue
        mirrored = bot if path.parent == tests else _counterpart(tests, bot, path.parent)
        if mirrored is None or not mirrored.is_dir():
            continue  # a folder outside the mirror is reported once, by the folder check
        if not _names_a_module(path.stem.removeprefix("test_"), mirrored):
            problems.append(
                f"{path.relative_to(tests.parent)} names no module of {_shown(tests, mirrored)}/"
            )
    return problems


def untested_block_modules(tests: Path, bot: Path) -> list[str]:
    """Modules of bot/blocks/ without tests/blocks/test_<module>.py (or test_<module>_*.py)."""
    tested = {path.stem.removeprefix("test_") for path in (tests / "blocks").glob("test_*.py")}
    modules = {path.stem for path in (bot / "blocks").glob("*.py")} - {"__init__"}
    return sorted(
        module
        for module in modules
        if not any(name == module or name.startswith(f"{module}_") for name in tested)
    )


MAX_LINES = 250  # ARCHITECTURE.md: no module over 250 lines


def long_modules(*folders: Path) -> list[str]:
    """Python modules under `folders` with more than MAX_LINES lines."""
    return sorted(
        f"{path} has {lines} lines"
        for folder in folders
        for path in folder.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )
