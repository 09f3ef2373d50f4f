"""CI runs exactly the README's test command, and that command lints before it tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_ci_runs_the_readme_test_command() -> None:
    commands = [
        line.strip()
        for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith(("set ", "cd "))
    ]
    assert commands == ["make test"]
    assert "make test" in (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_test_runs_the_linter_and_the_formatter_check_before_the_tests() -> None:
    planned = subprocess.run(
        ["make", "-n", "test"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()

    def step(command: str) -> int:
        return next(i for i, line in enumerate(planned) if command in line)

    assert step("ruff check .") < step("ruff format --check .") < step("pytest --headless")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_test_splits_the_suite_over_workers_but_not_over_one_external_database() -> None:
    """Each worker gets its own local test server; an external NEO4J_URI is one database,
    which every worker would wipe, so the suite runs serially there."""

    def pytest_line(**env: str) -> str:
        plan = subprocess.run(
            ["make", "-n", "test"], cwd=REPO, capture_output=True, text=True, check=True,
            env={k: v for k, v in os.environ.items() if k != "NEO4J_URI"} | env,
        ).stdout  # fmt: skip
        return next(line for line in plan.splitlines() if "pytest --headless" in line)

    assert " -n 2 --dist loadfile" in pytest_line()
    assert " -n 0 " in pytest_line(NEO4J_URI="bolt://db.example:7687")
