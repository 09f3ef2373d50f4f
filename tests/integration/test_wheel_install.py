"""A wheel built from the repository installs into a fresh virtualenv and runs the demo from
outside the checkout: the queries, mappings, agreements, vocabulary and the Neo4j launcher are
package data, and nothing resolves a path against the repository."""

from __future__ import annotations

import os
import signal
import site
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(REPO)],
        check=True, cwd=out,
    )  # fmt: skip
    (found,) = out.glob("touchpoint-*.whl")
    return found


def test_the_wheel_ships_queries_launcher_and_declarative_files_under_one_name(
    wheel: Path,
) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n.split("/")[0] for n in names if not n.startswith("touchpoint-")}
    assert shipped == {"touchpoint"}  # no top-level app, cli, loaders … in site-packages
    cypher = sorted(REPO.joinpath("cypher").rglob("*.cypher"))
    assert {f"touchpoint/{p.relative_to(REPO)}" for p in cypher} <= set(names)
    assert "touchpoint/graph_model/store/launcher/pom.xml" in names
    assert "touchpoint/graph_model/model/vocabulary.yml" in names
    assert any(n.startswith("touchpoint/loaders/mappings/") for n in names)
    assert any(n.startswith("touchpoint/graph_model/access/agreements/") for n in names)
    assert any(n.startswith("touchpoint/app/assets/") for n in names)


def test_a_wheel_installed_outside_the_checkout_runs_the_demo(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         str(wheel)],
        check=True,
    )  # fmt: skip
    # Dependencies come from this environment's site-packages, added as a plain path (its
    # .pth files, among them the editable install of the checkout, are not processed).
    target_site = next((venv / "lib").glob("python3*/site-packages"))
    (target_site / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    port, bolt = _free_port(), _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "TOUCHPOINT_"))},
        "TOUCHPOINT_DATA_DIR": str(work / "data"),
        "TOUCHPOINT_BOLT_PORT": str(bolt),
        "TOUCHPOINT_NEO4J_HEAP": "512m",
        "TOUCHPOINT_NEO4J_PAGECACHE": "128m",
        "PYTHONPATH": "",
    }
    found = subprocess.run(
        [str(python), "-c", "import touchpoint.cypher as c; print(c.__file__)"],
        cwd=work, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert str(target_site) in found.stdout and str(REPO) not in found.stdout
    log = (work / "run.log").open("w")
    run = subprocess.Popen(
        [str(venv / "bin" / "touchpoint"), "run", "--port", str(port), "--people", "60"],
        cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        preexec_fn=_interruptible,
    )  # fmt: skip
    try:
        page = _wait_for_page(f"http://127.0.0.1:{port}/auth/sign-in", run, work / "run.log")
        assert "Sign in" in page
        output = (work / "run.log").read_text()
        assert "saved patterns" in output and "Resolved" in output
    finally:
        os.killpg(run.pid, signal.SIGINT)
        run.wait(timeout=60)
        subprocess.run(
            [str(venv / "bin" / "touchpoint"), "db", "stop"], cwd=work, env=env, check=False
        )


def _interruptible() -> None:
    """Ctrl+C (SIGINT) reaches the app even when the suite was started in the background
    (``nohup make test &``): such a shell hands its children SIGINT *ignored*, Python then
    installs no KeyboardInterrupt handler, and the app served on after the test's SIGINT."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_page(url: str, process: subprocess.Popen, log: Path, timeout: float = 420) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"touchpoint run exited {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return answer.read().decode()
        except OSError:
            time.sleep(1)
    pytest.fail(f"{url} did not answer in {timeout:.0f} s:\n{log.read_text()[-3000:]}")
