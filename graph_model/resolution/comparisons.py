"""The Splink comparisons: what each pair of records is compared on, level by level.

Every level is labelled in words (the evidence a reviewer reads) and, except where said, its
m and u are learnt from the data: u by random sampling, m by expectation maximisation.
Term-frequency adjustments make agreement on a common value (Smith, a big-city postcode, a
hostel's address, 1 January as a placeholder birthday) count for less than agreement on a
rare one.

Which optional comparisons a run has depends on its data (a :class:`ComparisonPlan`): an
identifier nobody holds, or a second address line no mapping declares, costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink.internals.dialects import SplinkDialect

TF_COLUMNS = ("forename", "surname", "dob", "postcode", "address_key", "place", "address2")
VETO_LABEL = "different checked identifiers (veto)"
SWAP_LABEL = "forename and surname swapped"


@dataclass
class ComparisonPlan:
    """Which optional comparisons this data has; stored with the model it was trained for."""

    identifiers: dict[str, str] = field(default_factory=dict)  # column -> "checked" | "soft"
    address2: bool = False

    def describe(self) -> dict[str, Any]:
        return {"identifiers": dict(self.identifiers), "address2": self.address2}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ComparisonPlan:
        return cls(dict(data.get("identifiers") or {}), bool(data.get("address2")))

    @property
    def checked(self) -> list[str]:
        return [c for c, use in self.identifiers.items() if use == "checked"]


def _prior(m: float, u: float) -> dict[str, float]:
    """Starting m/u for levels a small or clean population may never show; training
    replaces them whenever the data does show them."""
    return {"m_probability": m, "u_probability": u}


class _Sql:
    """SQL fragments in one dialect (custom levels compare across columns)."""

    def __init__(self, dialect: str) -> None:
        d = SplinkDialect.from_string(dialect)
        self.dialect = dialect
        self.jw = d.jaro_winkler_function_name
        self.dl = d.damerau_levenshtein_function_name
        self.lev = d.levenshtein_function_name

    @staticmethod
    def guarded(cheap: str, dear: str) -> str:
        """``cheap AND dear``, with ``dear`` evaluated only where ``cheap`` holds: DuckDB
        computes both sides of an AND for every row, but a CASE branch only for its rows."""
        return f"(CASE WHEN {cheap} THEN {dear} ELSE FALSE END)"

    def within(self, column: str, edits: int) -> str:
        """At most ``edits`` insertions, deletions or substitutions, behind a Jaro-Winkler
        floor it implies for identifier-length strings (measured minimum JW at one edit 0.76,
        at two 0.68): edit distances cost ~30x a JW, and most random pairs fail the floor."""
        floor = 0.75 if edits == 1 else 0.65
        left, right = f"{column}_l", f"{column}_r"
        return self.guarded(
            f"{self.jw}({left}, {right}) >= {floor}", f"{self.lev}({left}, {right}) <= {edits}"
        )

    def transposed(self, column: str, floor: float = 0.75) -> str:
        """Two adjacent characters swapped: Levenshtein 2 but Damerau-Levenshtein 1 (JW of
        a transposition: 0.96 for ten characters, 0.76 at least for seven)."""
        left, right = f"{column}_l", f"{column}_r"
        lev2 = self.guarded(
            f"{self.jw}({left}, {right}) >= {floor}", f"{self.lev}({left}, {right}) = 2"
        )
        return self.guarded(lev2, f"{self.dl}({left}, {right}) <= 1")

    def one_edit(self, column: str, floor: float) -> str:
        left, right = f"{column}_l", f"{column}_r"
        return self.guarded(
            f"{self.jw}({left}, {right}) >= {floor}", f"{self.lev}({left}, {right}) <= 1"
        )

    def overlap(self, column: str) -> str:
        """The two lists share an element (cheaper than sizing their intersection)."""
        fn = "arrays_overlap" if self.dialect == "spark" else "list_has_any"
        return f"{fn}({column}_l, {column}_r)"

    def swapped(self, threshold: float = 0.85) -> str:
        return (
            f"{self.jw}(forename_l, surname_r) >= {threshold} AND "
            f"{self.jw}(surname_l, forename_r) >= {threshold}"
        )


def _tf(column: str) -> dict[str, Any]:
    return {"tf_adjustment_column": column, "tf_minimum_u_value": 1e-6}


def name_comparisons(sql: _Sql) -> list[cl.CustomComparison]:
    """Forename and surname; a forename/surname swap reaches a level of both."""
    forename = cl.CustomComparison(
        output_column_name="forename",
        comparison_levels=[
            cll.NullLevel("forename"),
            cll.ExactMatchLevel("forename").configure(
                label_for_charts="same forename", **_tf("forename")
            ),
            cll.CustomLevel(sql.swapped(), SWAP_LABEL).configure(**_prior(0.01, 1e-5)),
            cll.CustomLevel(sql.overlap("forename_forms"), "nickname of the same name"),
            cll.JaroWinklerLevel("forename", 0.92).configure(label_for_charts="forename typo"),
            cll.CustomLevel(
                "(length(forename_l) = 1 OR length(forename_r) = 1) AND "
                "substr(forename_l, 1, 1) = substr(forename_r, 1, 1)",
                "initial of the same forename",
            ).configure(**_prior(0.01, 5e-3)),
            cll.CustomLevel(
                sql.overlap("name_tokens"), "forename matches a middle name or alias"
            ).configure(**_prior(0.03, 5e-4)),
            cll.LevenshteinLevel("forename", 2).configure(
                label_for_charts="forename two edits apart", **_prior(0.02, 3e-3)
            ),
            cll.JaroWinklerLevel("forename", 0.8).configure(label_for_charts="similar forename"),
            cll.ElseLevel().configure(label_for_charts="different forename"),
        ],
    )
    surname = cl.CustomComparison(
        output_column_name="surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname").configure(
                label_for_charts="same surname", **_tf("surname")
            ),
            cll.CustomLevel(sql.swapped(), SWAP_LABEL).configure(**_prior(0.01, 1e-5)),
            cll.JaroWinklerLevel("surname", 0.92).configure(label_for_charts="surname typo"),
            cll.CustomLevel(
                sql.overlap("surname_forms"), "previous surname, alias or part of a double surname"
            ).configure(**_prior(0.05, 2e-4)),
            cll.LevenshteinLevel("surname", 2).configure(
                label_for_charts="surname two edits apart", **_prior(0.02, 2e-3)
            ),
            cll.JaroWinklerLevel("surname", 0.8).configure(label_for_charts="similar surname"),
            cll.ElseLevel().configure(label_for_charts="different surname"),
        ],
    )
    return [forename, surname]


def dob_comparison(sql: _Sql) -> cl.CustomComparison:
    """Date of birth: typos and swaps are near misses; years apart is strong evidence."""
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob").configure(
                label_for_charts="same date of birth", **_tf("dob")
            ),
            cll.CustomLevel("dob_swapped_l = dob_r", "day and month swapped").configure(
                **_prior(0.01, 1e-4)
            ),
            # One digit of an ISO date changed: Jaro-Winkler 0.93 at least; transposed: 0.96.
            cll.CustomLevel(sql.one_edit("dob", 0.9), "one digit differs").configure(
                **_prior(0.02, 2e-3)
            ),
            cll.CustomLevel(sql.transposed("dob", 0.9), "two digits transposed").configure(
                **_prior(0.005, 2e-4)
            ),
            cll.CustomLevel(
                "abs(dob_days_l - dob_days_r) <= 366", "less than a year apart"
            ).configure(**_prior(0.005, 0.02)),
            cll.ElseLevel().configure(label_for_charts="different date of birth"),
        ],
    )


def location_comparison() -> cl.CustomComparison:
    """Postcode, address line and town in one comparison: household members share all of
    them, and counting them as independent evidence would link siblings. The town counts
    only when the postcode does not agree (someone who moved within a town)."""
    return cl.CustomComparison(
        output_column_name="location",
        comparison_levels=[
            cll.And(cll.NullLevel("postcode"), cll.NullLevel("address"), cll.NullLevel("place")),
            cll.ExactMatchLevel("address_key").configure(
                label_for_charts="same address and postcode", **_tf("address_key")
            ),
            cll.And(
                cll.ExactMatchLevel("postcode"), cll.JaroWinklerLevel("address", 0.88)
            ).configure(label_for_charts="same postcode, similar address"),
            cll.ExactMatchLevel("postcode").configure(
                label_for_charts="same postcode", **_tf("postcode")
            ),
            cll.And(cll.JaroWinklerLevel("address", 0.9), cll.ExactMatchLevel("place")).configure(
                label_for_charts="similar address in the same town"
            ),
            cll.JaroWinklerLevel("address", 0.9).configure(label_for_charts="similar address"),
            cll.ExactMatchLevel("postcode_sector").configure(label_for_charts="same sector"),
            cll.ExactMatchLevel("place").configure(label_for_charts="same town", **_tf("place")),
            cll.ElseLevel().configure(label_for_charts="different address"),
        ],
    )


def address2_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="address2",
        comparison_levels=[
            cll.NullLevel("address2"),
            cll.ExactMatchLevel("address2").configure(
                label_for_charts="same second address line", **_tf("address2")
            ),
            cll.JaroWinklerLevel("address2", 0.88).configure(
                label_for_charts="similar second address line"
            ),
            cll.ElseLevel().configure(label_for_charts="different second address line"),
        ],
    )


def sex_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=[
            cll.NullLevel("sex"),
            cll.ExactMatchLevel("sex").configure(label_for_charts="same sex"),
            cll.ElseLevel().configure(label_for_charts="different sex"),
        ],
    )


def identifier_comparison(sql: _Sql, column: str, use: str) -> cl.CustomComparison:
    """Exact / one edit / transposition / two edits / different, learnt from the data.

    A value that fails its check is compared only for closeness: far from the other value it
    is unknown (the null level), not a difference. Between two *checked* identifiers the
    difference is a veto rule applied after scoring, so its level carries no weight here
    (the pair's probability then shows all the other evidence, which decides between the
    review queue and no link); a soft identifier's difference is ordinary learnt evidence.
    """
    unchecked = f"{column}_ok_l IS NULL OR {column}_ok_r IS NULL"
    unknown = cll.CustomLevel(
        f"{column}_l IS NULL OR {column}_r IS NULL OR "
        + sql.guarded(unchecked, f"NOT {sql.within(column, 2)}"),
        f"{column} missing or unchecked",
    ).configure(is_null_level=True)
    if use == "checked":
        different = cll.ElseLevel().configure(
            label_for_charts=VETO_LABEL,
            m_probability=0.5,
            u_probability=0.5,
            fix_m_probability=True,
            fix_u_probability=True,
        )
    else:
        different = cll.ElseLevel().configure(
            label_for_charts=f"different {column}", **_prior(0.02, 0.98)
        )
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            unknown,
            cll.ExactMatchLevel(column).configure(
                label_for_charts=f"same {column}", **_prior(0.9, 1e-6)
            ),
            cll.CustomLevel(sql.within(column, 1), f"{column} one character differs").configure(
                **_prior(0.03, 1e-5)
            ),
            cll.CustomLevel(
                sql.transposed(column), f"{column} two characters transposed"
            ).configure(**_prior(0.02, 1e-6)),
            cll.CustomLevel(sql.within(column, 2), f"{column} two edits apart").configure(
                **_prior(0.01, 1e-4)
            ),
            different,
        ],
    )


def comparisons(plan: ComparisonPlan, dialect: str) -> list[cl.CustomComparison]:
    """Names, date of birth, location, (second address line), sex, identifiers."""
    sql = _Sql(dialect)
    found = [*name_comparisons(sql), dob_comparison(sql), location_comparison()]
    if plan.address2:
        found.append(address2_comparison())
    found.append(sex_comparison())
    found.extend(identifier_comparison(sql, c, use) for c, use in plan.identifiers.items())
    return found


def identifier_names(model: dict[str, Any]) -> list[str]:
    """The identifier comparisons of a trained model (for evidence and guards)."""
    plan = ComparisonPlan.from_dict(model.get("touchpoint_plan") or {})
    return list(plan.identifiers)
