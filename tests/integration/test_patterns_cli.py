"""The ``touchpoint patterns`` and ``touchpoint analyse`` commands end to end."""

from __future__ import annotations

import csv
import io
import json

from cli_support import invoke, user_for
from click.testing import CliRunner
from small_world import AS_OF, World, days_ago, name_records, years_ago

from touchpoint.cli.main import cli
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.store.db import Graph

HUB = "hub_staff"  # sees every agency: these tests pin the commands, not the agreements


def _invoke(graph: Graph, *args: str, role: str | None = None):
    return invoke(graph, *args, role=role)


def _json(graph: Graph, *args: str, role: str = HUB):
    result = _invoke(graph, *args, role=role)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _world(graph: Graph) -> None:
    w = World()
    w.person("runner", years_ago(14))
    w.person("mum", years_ago(40))
    w.lives("runner", "home-1", start=years_ago(5))
    w.lives("mum", "home-1", start=years_ago(5))
    for d in (100, 90, 75):
        w.event(
            [("runner", "missing_person"), ("mum", "reporter")],
            "police",
            "police_incident",
            "missing_person",
            days_ago(d),
        )
    w.flush(graph)


def test_run_writes_flags_once_and_prints_evidence_as_csv(graph: Graph) -> None:
    _world(graph)
    args = ["patterns", "run", "repeated_missing", "--param", f"as_of={AS_OF}"]
    first = _invoke(graph, *args, "--format", "csv", role=HUB)
    assert first.exit_code == 0, first.output
    rows = list(csv.DictReader(io.StringIO(first.stdout)))
    assert {r["person_id"] for r in rows} == {"runner"}
    assert len(rows) == 3 and {r["evidence_agency"] for r in rows} == {"police"}
    again = _invoke(graph, *args)
    assert "0 new flag(s), 1 already raised" in again.output
    flags = _json(graph, "patterns", "flags", "--format", "json")
    assert len(flags) == 1 and flags[0]["status"] == "new"


def test_flags_a_later_run_no_longer_raises_are_kept_and_listed_with_include_past(
    graph: Graph,
) -> None:
    _world(graph)
    run = ["patterns", "run", "repeated_missing", "--param", f"as_of={AS_OF}"]
    _invoke(graph, *run)
    (old,) = _json(graph, "patterns", "flags", "--format", "json")
    world = World(_serial=100)  # a fourth episode: new evidence, so a new flag
    world.event("runner", "police", "police_incident", "missing_person", days_ago(80))
    world.flush(graph)
    _invoke(graph, *run)

    (current,) = _json(graph, "patterns", "flags", "--format", "json")
    assert current["flag_id"] != old["flag_id"]
    everything = _json(graph, "patterns", "flags", "--include-past", "--format", "json")
    assert {(f["flag_id"], f["current"]) for f in everything} == {
        (old["flag_id"], False),
        (current["flag_id"], True),
    }
    table = _invoke(graph, "patterns", "flags", "--include-past", role=HUB)
    assert table.stdout.count("longer") == 1  # "(no longer raised)", however rich wraps it


def test_review_and_accuracy_from_the_command_line(graph: Graph) -> None:
    _world(graph)
    _invoke(graph, "patterns", "run", "repeated_missing", "--param", f"as_of={AS_OF}")
    (flag,) = _json(graph, "patterns", "flags", "--format", "json")
    refused = _invoke(graph, "patterns", "review", flag["flag_id"], "--to", "dismissed", role=HUB)
    assert refused.exit_code == 1 and "Give a reason" in refused.output
    ok = _invoke(graph, "patterns", "review", flag["flag_id"], "--to", "actioned", role=HUB)
    assert ok.exit_code == 0 and "actioned" in ok.output and "hubstaff" in ok.stdout
    (acc,) = [
        r
        for r in json.loads(_invoke(graph, "patterns", "accuracy", "--format", "json").output)
        if r["pattern_id"] == "repeated_missing"
    ]
    assert acc["actioned"] == 1 and acc["actioned_share"] == 1.0


def test_list_show_and_run_all_from_the_command_line(graph: Graph) -> None:
    _world(graph)
    listed = json.loads(_invoke(graph, "patterns", "list", "--format", "json").stdout)
    assert len(listed) >= 15 and all(p["why"] and p["params"] for p in listed)
    shown = _invoke(graph, "patterns", "show", "repeated_missing")
    assert shown.exit_code == 0 and "window_days" in shown.output and "MATCH" in shown.output
    dry = _invoke(graph, "patterns", "run", "--all", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "repeated_missing: 1 hit(s) (dry run" in dry.output
    assert _json(graph, "patterns", "flags", "--format", "json") == []
    ran = _invoke(graph, "patterns", "run", "--all")
    assert "repeated_missing: 1 hit(s) (1 new flag(s)" in ran.output
    assert _invoke(graph, "patterns", "run", "repeated_missing", "--all").exit_code != 0


def test_run_all_shares_parameters_with_every_pattern_that_declares_them(graph: Graph) -> None:
    """One --param as_of runs the whole library at an extract's date; a parameter only some
    patterns take goes to those, and the run says which ignored it."""
    _world(graph)
    base = ["patterns", "run", "--all", "--dry-run", "--param", f"as_of={AS_OF}"]
    at_extract = _invoke(graph, *base)
    assert at_extract.exit_code == 0, at_extract.output
    assert "repeated_missing: 1 hit(s)" in at_extract.output
    before = _invoke(graph, "patterns", "run", "--all", "--dry-run", "--param", "as_of=2020-01-01")
    assert "repeated_missing: 0 hit(s)" in before.output
    narrow = _invoke(graph, *base, "--param", "window_days=20", "--param", "short_window_days=20")
    assert narrow.exit_code == 1  # below the bounds of patterns whose windows are longer
    assert "Pattern criminal_exploitation: Parameter window_days=20 is below the minimum 30" in (
        " ".join(narrow.output.split())
    )
    stricter = _invoke(graph, *base, "--param", "window_days=40", "--param", "min_episodes=4")
    assert stricter.exit_code == 0, stricter.output
    assert "repeated_missing: 0 hit(s)" in stricter.output  # three episodes, four asked for
    notes = " ".join(stricter.output.split())
    assert "min_episodes is not a parameter of" in notes and "toxic_trio" in notes


def test_run_all_checks_every_shared_value_before_running_anything(graph: Graph) -> None:
    _world(graph)
    too_small = _invoke(graph, "patterns", "run", "--all", "--param", "window_days=5")
    assert too_small.exit_code == 1
    assert "Pattern adult_at_risk: Parameter window_days=5 is below the minimum 7" in (
        " ".join(too_small.output.split())
    )
    assert "hit(s)" not in too_small.output
    unknown = _invoke(graph, "patterns", "run", "--all", "--param", "nope=1")
    assert unknown.exit_code == 1 and "No pattern takes the parameter(s) nope" in unknown.output


def test_bad_parameters_are_one_clear_line(graph: Graph) -> None:
    result = _invoke(graph, "patterns", "run", "repeated_missing", "--param", "window_days=x")
    assert result.exit_code == 1
    assert "Parameter window_days='x' is not a valid int" in result.output


def test_analyse_ego_and_risk_print_people(graph: Graph) -> None:
    _world(graph)
    ego = _json(graph, "analyse", "ego", "runner", "--format", "json")
    assert {n["id"] for n in ego["nodes"] if n["kind"] == "person"} == {"runner", "mum"}
    _invoke(graph, "patterns", "run", "repeated_missing", "--param", f"as_of={AS_OF}")
    risk = _json(graph, "analyse", "risk", "mum", "--as-of", str(AS_OF), "--format", "json")
    assert [(r["person_id"], r["total"]) for r in risk] == [("runner", 3.0), ("mum", 1.5)]


def _two_households(graph: Graph) -> None:
    """Two households of three; their boys, both missing lately, were in one incident with an
    adult from neither household."""
    w = World()
    for pid, age in (
        ("mum", 35),
        ("kid", 14),
        ("sis", 12),
        ("dad", 40),
        ("kid2", 15),
        ("bro", 10),
        ("adult", 45),
    ):
        w.person(pid, years_ago(age))
    for pid in ("mum", "kid", "sis"):
        w.lives(pid, "home-1", start=years_ago(5))
    for pid in ("dad", "kid2", "bro"):
        w.lives(pid, "home-2", start=years_ago(5))
    for child in ("kid", "kid2"):
        w.event(child, "police", "police_incident", "missing_person", days_ago(40))
    w.event(
        [("kid", "suspect"), ("kid2", "suspect"), ("adult", "suspect")],
        "police",
        "police_incident",
        "drugs_supply",
        days_ago(30),
    )
    w.flush(graph)
    name_records(graph)  # ages for `analyse central` come from the records a user may see


def test_analyse_path_communities_and_central_from_the_command_line(graph: Graph) -> None:
    _two_households(graph)
    (steps,) = _json(graph, "analyse", "path", "mum", "dad", "--max-hops", "6", "--format", "json")
    assert [s["node"] for s in steps][::2] == ["mum", "kid", "kid2", "dad"]
    assert steps[1]["node"] == "home-1" and steps[-2]["node"] == "home-2"

    body = _json(graph, "analyse", "communities", "--min-size", "3", "--format", "json")
    assert body["people"] == 7 and body["communities"] == 2
    groups = [set(c["members"]) for c in body["top"]]
    assert any({"mum", "kid", "sis"} <= g for g in groups)
    assert any({"dad", "kid2", "bro"} <= g for g in groups)
    assert not any({"kid", "kid2"} <= g for g in groups)

    ranked = _json(
        graph, "analyse", "central", "--radius", "1", "--as-of", str(AS_OF), "--format", "json"
    )
    assert ranked[0]["person_id"] == "adult"
    assert ranked[0]["children_near"] == ["kid", "kid2"]
    assert {r["person_id"] for r in ranked[1:]} == {"mum", "dad"}

    for command in ("ego", "path", "communities", "central", "risk"):
        helped = _invoke(graph, "analyse", command, "--help")
        assert helped.exit_code == 0 and "--as USER" in helped.output


def test_person_level_commands_refuse_the_system_identity(graph: Graph) -> None:
    _world(graph)
    for args in (
        ("analyse", "ego", "runner"),
        ("analyse", "communities"),
        ("patterns", "flags"),
        ("patterns", "run", "repeated_missing", "--format", "json"),
        ("resolve", "explain", "runner"),
    ):
        refused = _invoke(graph, *args)
        assert refused.exit_code == 1, args
        assert "--as USER" in refused.output, args
    counted = _invoke(graph, "patterns", "run", "repeated_missing", "--param", f"as_of={AS_OF}")
    assert counted.exit_code == 0 and "repeated_missing: 1 hit(s)" in counted.output
    assert "runner" not in counted.output  # the system raises flags but shows no one


def test_a_wrong_password_reads_nothing_and_is_audited(graph: Graph) -> None:
    _world(graph)
    name = user_for(graph, HUB)
    result = CliRunner().invoke(
        cli,
        ["analyse", "ego", "runner", "--as", name],
        obj={"settings": graph.settings},
        input="not the password\n",
    )
    assert result.exit_code == 1 and "runner" not in result.stdout
    (last,) = AuditLog(graph).search(user=name, limit=1)
    assert last["action"] == "sign_in_failed"
