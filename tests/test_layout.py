"""The test tree's shape, checked: tests/ mirrors bot/, and helpers live only in tests/support/.

1. No test module imports another: a file under tests/ may import `tests.support` (helpers)
   and nothing else of `tests`, not even `tests.conftest` (fixtures reach tests through
   pytest, not imports). tests/support/ itself holds helpers only, no `test_*.py`.
2. Every folder of tests has a counterpart: tests/X/ ↔ bot/X/, tests/support_tests/X/ ↔
   tests/support/X/. Only tests/support/, tests/support_tests/ and tests/system/ (tests that
   drive the whole app) stand outside the mirror.
3. A test file is named for what it tests: tests/X/test_M.py or tests/X/test_M_more.py needs
   bot/X/M.py, or names the package itself (test_X*.py for bot/X/__init__.py). When a module
   moves or is renamed, its tests must follow, or this fails.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
BOT = TESTS.parent / "bot"

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


def test_no_test_module_imports_another() -> None:
    assert imports_of_other_tests(TESTS) == []


def test_every_test_folder_mirrors_a_folder_of_bot() -> None:
    assert folders_without_counterpart(TESTS, BOT) == []


def test_every_test_file_is_named_for_a_module_it_tests() -> None:
    assert misnamed_tests(TESTS, BOT) == []


def untested_block_modules(tests: Path, bot: Path) -> list[str]:
    """Modules of bot/blocks/ without tests/blocks/test_<module>.py (or test_<module>_*.py)."""
    tested = {path.stem.removeprefix("test_") for path in (tests / "blocks").glob("test_*.py")}
    modules = {path.stem for path in (bot / "blocks").glob("*.py")} - {"__init__"}
    return sorted(
        module
        for module in modules
        if not any(name == module or name.startswith(f"{module}_") for name in tested)
    )


def test_every_block_module_has_a_direct_test() -> None:
    # Blocks are pure builders: each module is tested on its own, with plain data.
    assert untested_block_modules(TESTS, BOT) == []


# ---- each check can fail -----------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """A small repository that passes every check: bot/outbox/send.py and its tests."""
    tests, bot = tmp_path / "tests", tmp_path / "bot"
    for folder in (bot / "outbox", tests / "outbox", tests / SUPPORT / "fake", tests / "system"):
        folder.mkdir(parents=True)
        (folder / "__init__.py").touch()
    (bot / "outbox" / "send.py").touch()
    (bot / "db.py").touch()
    (tests / SUPPORT / "fake" / "server.py").write_text("from tests.support import world\n")
    (tests / SUPPORT / "world.py").touch()
    (tests / "outbox" / "test_send_retries.py").write_text(
        "from tests.support.world import TEAM\nfrom tests.support import world\n"
    )
    (tests / "outbox" / "test_outbox.py").touch()
    (tests / "test_db.py").touch()
    (tests / "system" / "test_anything_at_all.py").touch()
    (tests / SUPPORT_TESTS / "fake").mkdir(parents=True)
    (tests / SUPPORT_TESTS / "fake" / "test_server.py").touch()
    return tests, bot


def test_the_sample_tree_passes(tree: tuple[Path, Path]) -> None:
    tests, bot = tree
    assert imports_of_other_tests(tests) == []
    assert folders_without_counterpart(tests, bot) == []
    assert misnamed_tests(tests, bot) == []


@pytest.mark.parametrize(
    "source",
    [
        "from tests.outbox.test_outbox import helper\n",
        "from tests.conftest import AppServer\n",
        "import tests.test_db\n",
        "from tests import test_db\n",
        "from .test_outbox import helper\n",
        "from . import test_outbox\n",
    ],
)
def test_an_import_of_another_test_module_fails(tree: tuple[Path, Path], source: str) -> None:
    tests, _ = tree
    (tests / "outbox" / "test_send_retries.py").write_text(source)
    assert imports_of_other_tests(tests) != []


def test_a_test_inside_support_fails(tree: tuple[Path, Path]) -> None:
    tests, _ = tree
    (tests / SUPPORT / "test_world.py").touch()
    assert imports_of_other_tests(tests) == [
        "tests/support/test_world.py is a test inside support/"
    ]


@pytest.mark.parametrize("folder", ["harness", "outbox/extra", f"{SUPPORT_TESTS}/gone"])
def test_a_folder_outside_the_mirror_fails(tree: tuple[Path, Path], folder: str) -> None:
    tests, bot = tree
    (tests / folder).mkdir(parents=True)
    (tests / folder / "test_send.py").touch()
    assert len(folders_without_counterpart(tests, bot)) == 1


@pytest.mark.parametrize(
    "path",
    [
        "outbox/test_claim.py",
        "outbox/test_sender.py",
        "test_web.py",
        f"{SUPPORT_TESTS}/fake/test_views.py",
    ],
)
def test_a_test_named_for_no_module_fails(tree: tuple[Path, Path], path: str) -> None:
    tests, bot = tree
    (tests / path).touch()
    assert len(misnamed_tests(tests, bot)) == 1


def test_a_block_module_without_its_own_test_fails(tmp_path: Path) -> None:
    for folder in (tmp_path / "bot" / "blocks", tmp_path / "tests" / "blocks"):
        folder.mkdir(parents=True)
    for module in ("goals", "goal_form", "text"):
        (tmp_path / "bot" / "blocks" / f"{module}.py").touch()
    (tmp_path / "tests" / "blocks" / "test_goals_modal.py").touch()
    (tmp_path / "tests" / "blocks" / "test_text.py").touch()
    untested = untested_block_modules(tmp_path / "tests", tmp_path / "bot")
    assert untested == ["goal_form"]
