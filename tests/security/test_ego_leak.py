"""Finding 7: ``touchpoint analyse ego PERSON --as USER`` returned a Person's name, date of birth
and sex when none of that person's records was visible to USER (``ego_root``), and drew
neighbours with the Person's own name even when only another agency's record bore it
(``ego_expand``). Driven through the public CLI, so it keeps protecting whichever network read
core the CLI ends up on."""

from __future__ import annotations

import json

import pytest
from attacker import PASSWORD
from click.testing import CliRunner, Result

from touchpoint.cli.main import cli
from touchpoint.graph_model.store.db import Graph
from touchpoint.graph_model.store.queries import Query

PURPOSE = "s47_enquiry:MASH-2026-0142:Strategy discussion about the household"
HIDDEN = Query(
    name="tests/immigration_only_people",
    text="""
MATCH (alice:PersonRecord {record_id: 'rec_alice_police'})
CREATE (ivan:Person {person_id: 'person_ivan', display_name: 'Ivan Petrov',
                     dob: date('1979-02-02'), sex: 'M'})
WITH alice, ivan
MATCH (imm:PersonRecord {record_id: 'rec_ivan_imm'})
CREATE (imm)-[:RESOLVES_TO {probability: 1.0, method: 'identifier'}]->(ivan)
CREATE (vera:Person {person_id: 'person_vera', display_name: 'Veronika Secretova',
                     dob: date('1981-06-30'), sex: 'F'})
CREATE (:PersonRecord {record_id: 'rec_vera_imm', source_agency: 'immigration',
        source_record_id: 'HO-3', full_name: 'Veronika Secretova', dob: date('1981-06-30'),
        sex: 'F'})-[:RESOLVES_TO {probability: 1.0}]->(vera)
CREATE (vp:PersonRecord {record_id: 'rec_vera_police', source_agency: 'police',
        source_record_id: 'NOM-4', full_name: 'V Petrova'})
        -[:RESOLVES_TO {probability: 0.9}]->(vera)
CREATE (alice)-[:RELATED_TO {relation: 'associate', source_agency: 'police'}]->(vp)
""",
    meta={"params": []},
)


@pytest.fixture
def hidden_people(world: Graph) -> Graph:
    world.write(HIDDEN)
    return world


def ego(graph: Graph, person: str, user: str = "ned") -> Result:
    return CliRunner().invoke(
        cli,
        ["analyse", "ego", person, "--depth", "1", "--format", "json", "--as", user,
         "--purpose", PURPOSE],
        obj={"settings": graph.settings},
        input=f"{PASSWORD}\n",
    )  # fmt: skip


def test_an_ego_network_of_someone_with_no_visible_record_reveals_nothing(
    hidden_people: Graph,
) -> None:
    result = ego(hidden_people, "person_ivan")
    assert "Ivan" not in result.output and "Petrov" not in result.output
    assert "1979" not in result.output
    assert '"sex": "M"' not in result.output


def test_neighbours_are_named_only_from_records_the_viewer_may_see(hidden_people: Graph) -> None:
    result = ego(hidden_people, "person_alice")
    assert result.exit_code == 0, result.output
    nodes = {n["id"]: n for n in json.loads(result.stdout)["nodes"]}
    vera = nodes["person_vera"]  # reached through her police record, which the analyst sees
    assert "Secretova" not in json.dumps(vera) and "1981" not in json.dumps(vera)
    assert vera.get("display_name") == "V Petrova"


def test_the_agency_that_may_see_them_still_does(hidden_people: Graph) -> None:
    """hub_staff sees immigration records: the same command shows Ivan to them."""
    result = ego(hidden_people, "person_ivan", user="hub")
    assert result.exit_code == 0, result.output
    assert "Ivan Petrov" in result.output
