"""The deployment files: the container's entrypoint (run for real), and what the Dockerfile,
compose.yaml, .env.example and the systemd unit promise (read, since no container runs here).
"""

import configparser
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from bot.config import Settings
from bot.db import make_engine
from bot.schema import current_revision, head_revision

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"


def _entrypoint(*command: str, database_url: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    return subprocess.Popen(
        ["sh", str(ENTRYPOINT), *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def test_replicas_starting_together_migrate_once_and_all_start(blank_url: str) -> None:
    # `serve --help` stands in for serving: the entrypoint migrates before it, as before serve.
    starts = [
        _entrypoint("career-bot", "serve", "--help", database_url=blank_url) for _ in range(4)
    ]
    results = [(start.wait(timeout=120), start.communicate()[0]) for start in starts]
    assert [code for code, _ in results] == [0] * 4, results
    assert all("usage: career-bot serve" in output for _, output in results), results
    upgraded = [o for _, o in results if "Upgraded the database from empty to" in o]
    already = [o for _, o in results if "The database is already at the newest schema" in o]
    assert (len(upgraded), len(already)) == (1, 3), results
    assert _revision(blank_url) == head_revision()


def test_other_commands_run_without_touching_the_database(blank_url: str) -> None:
    start = _entrypoint("career-bot", "jobs", "--help", database_url=blank_url)
    assert start.wait(timeout=60) == 0
    assert "usage: career-bot jobs" in start.communicate()[0]
    assert _revision(blank_url) is None


def _instructions(dockerfile: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n\s*", " ", dockerfile)
    lines = [line.strip() for line in joined.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def test_the_image_is_multi_stage_non_root_and_checks_its_health() -> None:
    steps = _instructions((ROOT / "Dockerfile").read_text())
    assert next(arg for op, arg in steps if op == "FROM").endswith(" AS build")
    assert sum(op == "FROM" for op, _ in steps) == 2
    final = steps[[i for i, (op, _) in enumerate(steps) if op == "FROM"][1] :]
    users = [arg for op, arg in final if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    (health,) = [arg for op, arg in final if op == "HEALTHCHECK"]
    assert "/healthz" in health and ":3000" in health
    (entry,) = [arg for op, arg in final if op == "ENTRYPOINT"]
    copied = [arg.split() for op, arg in final if op == "COPY" and "entrypoint" in arg]
    assert copied == [["deploy/entrypoint.sh", "/usr/local/bin/career-bot-entrypoint"]]
    assert "career-bot-entrypoint" in entry and (ROOT / copied[0][0]).exists()
    assert os.access(ENTRYPOINT, os.X_OK), "the entrypoint must be executable in the image"
    (cmd,) = [arg for op, arg in final if op == "CMD"]
    assert '"serve"' in cmd and '"3000"' in cmd


def test_env_example_is_a_working_configuration() -> None:
    example = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            example[name] = value
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    bot = compose["services"]["bot"]
    url = bot["environment"]["DATABASE_URL"].replace(
        "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}", example["POSTGRES_PASSWORD"]
    )
    settings = Settings.from_env({**example, "DATABASE_URL": url}, require=["SLACK_BOT_TOKEN"])
    assert settings.database_url.startswith("postgresql+psycopg://careerbot:")
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["env_file"] == ".env"
    assert compose["services"]["db"]["volumes"] == ["pgdata:/var/lib/postgresql/data"]


def test_systemd_unit_migrates_then_runs_socket_mode_unprivileged() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(ROOT / "deploy" / "career-bot.service")
    service = unit["Service"]
    assert service["ExecStartPre"].endswith("career-bot db upgrade")
    assert service["ExecStart"].endswith("career-bot run")
    assert service["User"] not in ("root", "0")
    assert service["Restart"] == "on-failure"
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_every_data_file_under_bot_ships_in_the_package() -> None:
    # `pip install .` (the README's and the Dockerfile's install) takes only what
    # pyproject.toml's package-data names; a template or migration outside it would be missing.
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["bot"]
    package = ROOT / "bot"
    for path in package.rglob("*"):
        if path.is_dir() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(package)
        if path.suffix == ".py" and (path.parent / "__init__.py").exists():
            continue  # a module of a package: setuptools finds it
        assert any(relative.match(pattern) for pattern in patterns), f"{relative} would not ship"
