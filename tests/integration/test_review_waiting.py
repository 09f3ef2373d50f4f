"""A pair marked "not sure - ask the agency" through later resolution runs, on real Neo4j:
it is neither asked again nor decided by the machine, and a reviewer can still decide it."""

from __future__ import annotations

import pandas as pd
from access_support import context

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.resolution.review import decide_pair_as, list_pairs
from touchpoint.graph_model.resolution.service import resolve
from touchpoint.graph_model.resolution.settings import load_resolution_settings
from touchpoint.graph_model.resolution.testdata import make_records, write_records
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

CFG = load_resolution_settings(u_sample_pairs=200_000)
ASSIGNMENTS = Query(
    name="tests/waiting_assignments",
    text="MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person) "
    "RETURN r.record_id AS record_id, p.person_id AS person_id",
)


def _person_of(graph: Graph) -> pd.Series:
    return pd.DataFrame(graph.read(ASSIGNMENTS)).set_index("record_id")["person_id"]


def _ids(pairs: list[dict]) -> set[tuple[str, str]]:
    return {(p["a"]["record_id"], p["b"]["record_id"]) for p in pairs}


def test_a_pair_marked_not_sure_is_neither_asked_again_nor_merged_by_later_runs(
    graph: Graph,
) -> None:
    population = make_records(250, seed=11)
    write_records(graph, population)
    truth = population.set_index("record_id")["person"]
    resolve(graph, CFG.model_copy(update={"upper_threshold": 0.9999}), full=True)  # ask a lot
    hub = ViewerGraph(graph, context("hub_staff", user="hub"))
    asked, _ = list_pairs(hub, limit=1000)
    # pairs the usual threshold links without a human: one marked not sure, one left alone
    sure = [p for p in asked if p["probability"] >= 0.98 and not p.get("reason")]
    assert sure, "the population should have pairs the usual threshold links"
    unsure = sure[0]
    control = next(p for p in sure if truth[p["a"]["record_id"]] != truth[unsure["a"]["record_id"]])
    decide_pair_as(hub, unsure["pair_id"], "unsure", "asked the GP practice")
    records = (unsure["a"]["record_id"], unsure["b"]["record_id"])

    for full in (True, False, True):
        resolve(graph, CFG, full=full)
        person = _person_of(graph)
        assert person[records[0]] != person[records[1]]  # not merged behind the agency's back
        assert records not in _ids(list_pairs(hub, limit=1000)[0])  # not asked again
        waiting, _ = list_pairs(hub, status="waiting", limit=1000)
        assert [(p["pair_id"], p["decision"]) for p in waiting] == [(unsure["pair_id"], "unsure")]
    control_records = (control["a"]["record_id"], control["b"]["record_id"])
    assert person[control_records[0]] == person[control_records[1]]  # the usual run links

    decide_pair_as(hub, unsure["pair_id"], "confirm", "GP: one patient, two registrations")
    resolve(graph, CFG, full=False)
    person = _person_of(graph)
    assert person[records[0]] == person[records[1]]
    assert list_pairs(hub, status="waiting", limit=1000)[0] == []
