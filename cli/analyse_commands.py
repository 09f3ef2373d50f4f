"""``touchpoint analyse …``: network analytics (NetworkX over what a user may see).

Every command shows people, so it runs as a user (``--as USER --purpose CODE:CASE_REF:REASON``)
and reads through ``services.reads.analysis`` - the explorer's network, the Connections page's
paths and the Flags page's flags, as NetworkX graphs - so it holds exactly what their sharing
agreement shows and is audited as the app's reads are (``network_expand``, ``connections``,
``pattern_results``; ``network_extract`` once per whole-graph projection)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

import click
from networkx.readwrite import json_graph
from rich.table import Table

from touchpoint.cli.common import console, friendly_errors
from touchpoint.cli.viewer_options import viewer_options, viewer_session
from touchpoint.graph_model.analytics.algorithms import (
    central_adults,
    communities,
    describe_path,
)
from touchpoint.services.reads.analysis import (
    DEFAULT_CAP,
    connections,
    ego_graph,
    household_risk,
    person_projection,
    with_missing_places,
)
from touchpoint.services.reads.paths import DEFAULT_PATH_TYPES, PATH_TYPES

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
AS_OF = click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Reference date (default today).",
)


def _as_of(value: Any) -> date:
    return value.date() if value else date.today()


def _echo_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, default=str))


@click.group("analyse")
def analyse_group() -> None:
    """Ego networks, connections, communities, central adults and household risk."""


@analyse_group.command("ego")
@click.argument("person_id")
@click.option(
    "--depth",
    type=click.IntRange(1, 3),
    default=2,
    show_default=True,
    help="Hops over people, events, addresses and organisations.",
)
@click.option(
    "--cap",
    type=click.IntRange(1, 5000),
    default=DEFAULT_CAP,
    show_default=True,
    help="Most neighbours taken per node (supernodes are marked truncated).",
)
@FORMAT
@viewer_options
@click.pass_context
@friendly_errors
def ego_command(
    ctx: click.Context, person_id: str, depth: int, cap: int, fmt: str, **who: str | None
) -> None:
    """A person's ego network: who and what is within DEPTH hops."""
    with viewer_session(ctx, "analyse ego", **who) as viewer:
        g = ego_graph(viewer, person_id, depth, cap)
    if fmt == "json":
        _echo_json(json_graph.node_link_data(g, edges="edges"))
        return
    kinds = Counter(d["kind"] for _, d in g.nodes(data=True))
    console.print(
        f"Ego network of {person_id} to depth {depth}: {g.number_of_nodes()} nodes "
        f"({dict(sorted(kinds.items()))}), {g.number_of_edges()} links"
    )
    table = Table("Person", "Name", "Hop", "Links")
    people = sorted(
        (n for n, d in g.nodes(data=True) if d["kind"] == "person"),
        key=lambda n: (g.nodes[n]["hop"], n),
    )
    for n in people:
        table.add_row(
            n, g.nodes[n].get("display_name", ""), str(g.nodes[n]["hop"]), str(g.degree(n))
        )
    console.print(table)
    truncated = [n for n, d in g.nodes(data=True) if d.get("truncated")]
    if truncated:
        console.print(
            f"[yellow]{len(truncated)} node(s) had more than {cap} neighbours; "
            "only the first were taken.[/]"
        )


@analyse_group.command("path")
@click.argument("person_a")
@click.argument("person_b")
@click.option("--max-hops", type=click.IntRange(1, 6), default=4, show_default=True)
@click.option("--max-paths", type=click.IntRange(1, 50), default=5, show_default=True)
@click.option(
    "--via",
    "rel_types",
    multiple=True,
    type=click.Choice(PATH_TYPES),
    help="Link types a path may use (repeatable); default: "
    + ", ".join(DEFAULT_PATH_TYPES)
    + " (as on the Connections page).",
)
@FORMAT
@viewer_options
@click.pass_context
@friendly_errors
def path_command(
    ctx: click.Context,
    person_a: str,
    person_b: str,
    max_hops: int,
    max_paths: int,
    rel_types: tuple[str, ...],
    fmt: str,
    **who: str | None,
) -> None:
    """The shortest connections between two people, with the records behind each link."""
    via = rel_types or DEFAULT_PATH_TYPES
    with viewer_session(ctx, "analyse path", **who) as viewer:
        union, paths = connections(viewer, person_a, person_b, max_hops, max_paths, via)
    described = [describe_path(union, p) for p in paths]
    if fmt == "json":
        _echo_json(described)
        return
    if not paths:
        console.print(f"No connection within {max_hops} hops.")
        return
    for i, steps in enumerate(described, 1):
        console.print(f"[bold]Path {i}[/] ({len(steps) - 1} hops)")
        for step in steps:
            console.print(f"  {step['kind']:<12} {step['node']}  {step['label']}")
            if "link" in step:
                records = ", ".join(
                    f"{r['agency']}:{r['record_id']}" for r in step["link"]["records"][:3]
                )
                console.print(f"    └ {'/'.join(step['link']['types'])} [dim]{records}[/]")


def _projection(
    ctx: click.Context,
    page_size: int,
    who: dict[str, str | None],
    command: str,
    places: bool = False,
):
    """The person projection as the user may see it; with ``places`` also the places missing
    children were and the people tied to them (``with_missing_places``)."""
    with (
        viewer_session(ctx, command, **who) as viewer,
        console.status("Reading the graph …") as status,
    ):
        g = person_projection(
            viewer, page_size, progress=lambda n: status.update(f"Read {n:,} people …")
        )
        if places:
            status.update("Reading where missing children were …")
            g = with_missing_places(viewer, g)
        return g


@analyse_group.command("communities")
@click.option("--min-size", type=int, default=3, show_default=True)
@click.option("--top", type=int, default=10, show_default=True)
@click.option("--resolution", type=float, default=1.0, show_default=True)
@click.option("--page-size", type=int, default=5000, show_default=True)
@FORMAT
@viewer_options
@click.pass_context
@friendly_errors
def communities_command(
    ctx: click.Context,
    min_size: int,
    top: int,
    resolution: float,
    page_size: int,
    fmt: str,
    **who: str | None,
) -> None:
    """Louvain communities of the person network (shared events, addresses, relations)."""
    g = _projection(ctx, page_size, who, "analyse communities")
    found = communities(g, resolution, min_size)
    rows = [{"size": len(c), "members": sorted(c)[:20]} for c in found[:top]]
    if fmt == "json":
        _echo_json({"people": g.number_of_nodes(), "communities": len(found), "top": rows})
        return
    console.print(
        f"{len(found)} communities of {min_size}+ people among {g.number_of_nodes():,} people"
    )
    table = Table("#", "Size", "Members (first 20)")
    for i, row in enumerate(rows, 1):
        table.add_row(str(i), str(row["size"]), ", ".join(row["members"]))
    console.print(table)


@analyse_group.command("central")
@click.option("--top", type=int, default=10, show_default=True)
@click.option("--radius", type=click.IntRange(1, 3), default=2, show_default=True)
@click.option(
    "--sample",
    type=int,
    default=None,
    help="Sample this many nodes for betweenness (large graphs).",
)
@click.option("--page-size", type=int, default=5000, show_default=True)
@AS_OF
@FORMAT
@viewer_options
@click.pass_context
@friendly_errors
def central_command(
    ctx: click.Context,
    top: int,
    radius: int,
    sample: int | None,
    page_size: int,
    as_of: Any,
    fmt: str,
    **who: str | None,
) -> None:
    """Adults most central around children with missing episodes.

    Besides shared events, addresses and relations, a missing child is linked to the people
    tied to the places the child was found or seen (other than home): the suspect of a drug
    supply raid at the address the child was found at, the adult living there."""
    g = _projection(ctx, page_size, who, "analyse central", places=True)
    ranked = central_adults(g, _as_of(as_of), radius, top, sample)
    if fmt == "json":
        _echo_json([a.as_dict() for a in ranked])
        return
    table = Table("Adult", "Name", "Missing children near", "Betweenness", "Links")
    for a in ranked:
        table.add_row(
            a.person_id,
            a.display_name or "",
            str(len(a.children_near)),
            f"{a.betweenness:.4f}",
            str(a.degree),
        )
    console.print(table)


@analyse_group.command("risk")
@click.argument("person_id")
@AS_OF
@FORMAT
@viewer_options
@click.pass_context
@friendly_errors
def risk_command(
    ctx: click.Context, person_id: str, as_of: Any, fmt: str, **who: str | None
) -> None:
    """Household risk: each member's own flags plus a share of their household's, itemised."""
    with viewer_session(ctx, "analyse risk", **who) as viewer:
        household, scores = household_risk(viewer, person_id, _as_of(as_of))
    ordered = sorted(scores.values(), key=lambda s: (-s.total, s.person_id))
    if fmt == "json":
        _echo_json([s.as_dict() for s in ordered])
        return
    for s in ordered:
        if s.same_as:
            console.print(
                f"[yellow]{s.person_id} may be the same person as {', '.join(s.same_as)} "
                "(pending match pairs): scored as one, not as household members.[/]"
            )
    table = Table("Person", "Name", "Total", "Own", "Household", "Contributions")
    for s in ordered:
        parts = "\n".join(
            f"{c['points']:g} {c['pattern_id']} ({c['via']})" for c in s.contributions
        )
        table.add_row(
            s.person_id,
            household.nodes[s.person_id].get("display_name", ""),
            f"{s.total:g}",
            f"{s.own:g}",
            f"{s.household:g}",
            parts or "no flags",
        )
    console.print(table)
