"""Finding 1: a web admin could read any file on the server through the add-source form.

The form took a mapping path or a file path and its errors (and the run history) echoed the
file: the Neo4j password, the cookie-signing key, /etc/passwd. Here an admin - signed in over
HTTP - tries each, with crafted callback POSTs, and nothing of those files may come back in
any answer, and nothing outside the configured extract folders may be registered."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from attacker import Client, Site

from touchpoint.graph_model.model.settings import Settings

ADD = "admin-add-button.n_clicks"


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """This test's own source registry: the served app is configured with it (the data dir's
    registry outlives a run, and a refusal must be seen in the file the app really writes)."""
    return tmp_path / "sources.yml"


@pytest.fixture
def admin(serve: Callable[..., Site], registry: Path) -> Client:
    client = serve(sources=registry).client()
    assert client.sign_in("ann").status_code == 302
    return client


def add_source(admin: Client, name: str, mapping: str, kind: str, path: str = "", **extra):
    values = {
        "admin-add-name.value": name,
        "admin-add-mapping.value": mapping,
        "admin-add-location-kind.value": kind,
        "admin-add-path.value": path,
        "admin-add-glob.value": "*",
        "admin-add-sql-url.value": extra.get("url"),
        "admin-add-sql-query.value": extra.get("query"),
        "admin-add-schedule-kind.value": "every",
        "admin-add-schedule.value": "1d",
        "admin-add-enabled.value": ["on"],
        "admin-add-replace.value": [],
        "admin-source-refresh.data": 0,
        ADD: 1,
    }
    return admin.callback(ADD, values)


def run_now(admin: Client, name: str):
    return admin.callback(
        "admin-source-run-now.n_clicks",
        {
            "admin-source-run-now.n_clicks": 1,
            "admin-source-table-table.selected_rows": [0],
            "admin-source-table-table.data": [{"name": name}],
            "admin-source-refresh.data": 0,
        },
    )


def everything_the_admin_can_see(admin: Client) -> str:
    """Every admin page and table an admin can open, as one text: sources, run history (with
    each run's detail), quarantine."""
    seen = [admin.callback("admin-source-table.children", {}).text]
    runs = admin.callback("admin-run-table.data", {"admin-run-source-filter.value": "__all__"})
    seen.append(runs.text)
    rows = runs.json()["response"]["admin-run-table"]["data"] if runs.status_code == 200 else []
    for row in rows:
        detail = admin.callback(
            "admin-run-detail.children", {"admin-run-table.selected_row_ids": [row["run_id"]]}
        )
        seen.append(detail.text)
    seen.append(
        admin.callback("admin-quarantine-table.data", {"admin-quarantine-source.value": None}).text
    )
    return "\n".join(seen)


def settle(admin: Client, seconds: float = 20.0) -> None:
    """Give a run started with "Run now" time to finish (the history says when)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        runs = admin.callback("admin-run-table.data", {"admin-run-source-filter.value": "__all__"})
        rows = runs.json()["response"]["admin-run-table"]["data"] if runs.ok else []
        if rows and all(row["status"] != "running" for row in rows):
            return
        time.sleep(0.5)


def registered(registry: Path) -> list[str]:
    if not registry.exists():
        return []
    data = yaml.safe_load(registry.read_text(encoding="utf-8")) or {}
    return [s["name"] for s in data.get("sources") or []]


def secret_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if len(line) >= 8]


def test_a_mapping_path_to_the_neo4j_password_is_refused_and_never_echoed(
    admin: Client, settings: Settings, incoming: Path, registry: Path
) -> None:
    password = settings.password_file.read_text(encoding="utf-8").strip()
    answer = add_source(admin, "leak-password", str(settings.password_file), "folder",
                        str(incoming))  # fmt: skip
    assert answer.status_code < 500
    assert password not in answer.text
    assert "leak-password" not in registered(registry)
    assert password not in everything_the_admin_can_see(admin)


@pytest.mark.parametrize("secret", ["signing_key", "etc_passwd"])
def test_a_source_file_outside_the_extract_folders_is_refused_and_never_loaded(
    admin: Client, settings: Settings, registry: Path, secret: str
) -> None:
    target = (
        settings.data_dir / "app" / "secret_key" if secret == "signing_key" else Path("/etc/passwd")
    )
    answer = add_source(admin, "leak-file", "police_incidents", "file", str(target))
    started = run_now(admin, "leak-file")
    # refused when added, so there is nothing to run (and no run to wait for)
    assert started.status_code == 200 and "Started a run" not in started.text, started.text
    seen = answer.text + everything_the_admin_can_see(admin)
    assert "leak-file" not in registered(registry)
    leaked = [line for line in secret_lines(target) if line in seen or line[:20] in seen]
    assert leaked == []


def test_etc_passwd_as_a_mapping_is_refused_without_echoing_it(
    admin: Client, incoming: Path, registry: Path
) -> None:
    answer = add_source(admin, "leak-mapping", "/etc/passwd", "folder", str(incoming))
    assert "root:x:0:0" not in answer.text and "/bin/" not in answer.text
    assert "leak-mapping" not in registered(registry)


def test_a_mapping_is_chosen_by_name_from_the_registered_mapping_folders(
    admin: Client, incoming: Path, registry: Path
) -> None:
    shipped = Path(__file__).resolve().parents[2] / "loaders" / "mappings" / "police_incidents.yml"
    add_source(admin, "by-path", str(shipped), "folder", str(incoming))
    traversal = add_source(admin, "by-dots", "../../../etc/passwd", "folder", str(incoming))
    by_name = add_source(admin, "by-name", "police_incidents", "folder", str(incoming))
    assert "by-path" not in registered(registry) and "by-dots" not in registered(registry)
    assert "root:x" not in traversal.text
    assert by_name.status_code == 200 and registered(registry) == ["by-name"], by_name.text


def test_a_symlink_in_an_extract_folder_pointing_at_the_signing_key_is_never_loaded(
    admin: Client, settings: Settings, incoming: Path, registry: Path
) -> None:
    key = settings.data_dir / "app" / "secret_key"
    (incoming / "delivery.csv").symlink_to(key)
    answer = add_source(admin, "drop", "police_incidents", "folder", str(incoming))
    assert "drop" in registered(registry), answer.text
    run_now(admin, "drop")
    settle(admin)
    assert key.read_text(encoding="utf-8").strip()[:20] not in everything_the_admin_can_see(admin)


def test_a_folder_outside_the_configured_roots_is_refused(
    admin: Client, settings: Settings, registry: Path
) -> None:
    for folder in (settings.data_dir / "app", settings.data_dir, Path("/etc")):
        add_source(admin, "outside", "police_incidents", "folder", str(folder))
        assert "outside" not in registered(registry), folder


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///${HOME}/../../etc/passwd",  # a file, and the server's environment
        "sqlite:////tmp/anything.db",
        "postgresql://neo4j:${NEO4J_PASSWORD}@127.0.0.1/x",
    ],
)
def test_a_sql_url_outside_the_allow_list_is_refused(
    admin: Client, registry: Path, url: str
) -> None:
    answer = add_source(admin, "sql-probe", "police_incidents", "sql", url=url,
                        query="SELECT 1 AS x")  # fmt: skip
    assert answer.status_code < 500
    assert "sql-probe" not in registered(registry)


def test_no_admin_answer_ever_carries_the_signing_key_or_the_password(
    admin: Client, settings: Settings, incoming: Path
) -> None:
    """Every admin callback, asked about the secret files every way the form allows."""
    secrets = [settings.password_file.read_text().strip(),
               (settings.data_dir / "app" / "secret_key").read_text().strip()]  # fmt: skip
    answers = []
    for path in (settings.password_file, settings.data_dir / "app" / "secret_key"):
        for kind in ("file", "folder"):
            answers.append(add_source(admin, "probe", str(path), kind, str(path)).text)
            answers.append(add_source(admin, "probe", "police_incidents", kind, str(path)).text)
    answers.append(everything_the_admin_can_see(admin))
    text = json.dumps(answers)
    assert [s for s in secrets if s in text] == []
