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
4. Every module of bot/blocks/ has a test module of its own (blocks are pure builders).
5. No module of bot/, tests/ or bench/ is over 250 lines.
The rules themselves are in tests/support/tree_rules.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.tree_rules import (
    MAX_LINES,
    SUPPORT,
    SUPPORT_TESTS,
    folders_without_counterpart,
    imports_of_other_tests,
    long_modules,
    misnamed_tests,
    untested_block_modules,
)

TESTS = Path(__file__).resolve().parent
BOT = TESTS.parent / "bot"


def test_no_test_module_imports_another() -> None:
    assert imports_of_other_tests(TESTS) == []


def test_every_test_folder_mirrors_a_folder_of_bot() -> None:
    assert folders_without_counterpart(TESTS, BOT) == []


def test_every_test_file_is_named_for_a_module_it_tests() -> None:
    assert misnamed_tests(TESTS, BOT) == []


def test_every_block_module_has_a_direct_test() -> None:
    # Blocks are pure builders: each module is tested on its own, with plain data.
    assert untested_block_modules(TESTS, BOT) == []


def test_no_module_is_over_250_lines() -> None:
    assert long_modules(BOT, TESTS, BOT.parent / "bench") == []


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


def test_a_long_module_is_found(tmp_path: Path) -> None:
    (tmp_path / "short.py").write_text("x = 1\n" * MAX_LINES)
    (tmp_path / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    assert long_modules(tmp_path) == [f"{tmp_path / 'long.py'} has {MAX_LINES + 1} lines"]
