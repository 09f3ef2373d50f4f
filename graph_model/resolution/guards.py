"""Guards: rules that keep a probable pair from linking without a human, whatever its score.

A probability summarises evidence; some pairs are dangerous in ways a sum of weights hides.
Each guard names why a pair went to the review queue instead of linking (``reason``):

* ``identifier_conflict``: two *checked* identifiers differ (a real NHS number each, say).
  The pair is vetoed; if the other evidence alone still reaches ``held_apart_review_threshold``
  it goes to review, otherwise it is dropped. Both are counted in the run report.
* ``generational``: the names agree but the dates of birth are ``generational_gap_years`` or
  more apart: a parent and a child named after them, at one address. Never automatic,
  whatever the score; only a one-digit slip in the date with the same checked identifier
  is taken for a typo.
* ``dob_implausible``: both dates of birth known and no typo, swap or near date explains the
  difference, and no checked identifier is the same on both (then the date is the slip).
* ``twin``: forenames genuinely differ while surname and date of birth agree (twins share
  everything else). Yields when an identifier agrees (and, if configured, the full address).
* ``dob_missing``: a date of birth is missing, no identifier agrees, and the record cannot be
  placed in one generation: both records lack a date, or the same-named records it
  resembles were born ``generational_gap_years`` or more apart (a parent and a child of that
  name at one address). With ``missing_dob_review: always`` every such pair is reviewed.

Everything is computed from the two records' features (not from Splink's levels), so
identifier links and probabilistic links face the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import jellyfish
import numpy as np
import pandas as pd

from touchpoint.graph_model.resolution.settings import ResolutionSettings

GUARDED_METHODS = ("identifier", "probabilistic")
NAME_SIMILAR = 0.88
SWAP_SIMILAR = 0.85


@dataclass
class Pairs:
    """The two sides of each edge as aligned numpy arrays (one per feature column)."""

    left: dict[str, np.ndarray]
    right: dict[str, np.ndarray]

    @classmethod
    def of(cls, edges: pd.DataFrame, features: pd.DataFrame, columns: list[str]) -> Pairs:
        index = pd.Index(features["record_id"])
        a = index.get_indexer(edges["record_a"])
        b = index.get_indexer(edges["record_b"])
        values = {c: features[c].to_numpy(dtype=object) for c in columns}
        return cls({c: v[a] for c, v in values.items()}, {c: v[b] for c, v in values.items()})

    def both(self, column: str) -> np.ndarray:
        return pd.notna(self.left[column]) & pd.notna(self.right[column])

    def equal(self, column: str) -> np.ndarray:
        return self.both(column) & (self.left[column] == self.right[column])


def _pairwise(pairs: Pairs, column: str, mask: np.ndarray, fn) -> np.ndarray:
    """``fn(left, right)`` where ``mask`` holds, else False (Python per pair: keep masks tight)."""
    out = np.zeros(len(mask), dtype=bool)
    for i in np.flatnonzero(mask):
        out[i] = fn(pairs.left[column][i], pairs.right[column][i])
    return out


def _close(limit: int):
    return lambda x, y: jellyfish.damerau_levenshtein_distance(x, y) <= limit


def name_typo(x: str, y: str) -> bool:
    """One keying slip between two names: Jaro-Winkler 0.88, or a single edit when both
    have four letters or more ('Sian'/'Sixn', 'Jake'/'Jyke' score only 0.85-0.87 on JW)."""
    if jellyfish.jaro_winkler_similarity(x, y) >= NAME_SIMILAR:
        return True
    return min(len(x), len(y)) >= 4 and jellyfish.damerau_levenshtein_distance(x, y) <= 1


_similar = name_typo


def _swap_similar(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    """Forename and surname swapped, allowing a typo (as the model's swap level does)."""
    jw = jellyfish.jaro_winkler_similarity
    return jw(first_a, last_b) >= SWAP_SIMILAR and jw(last_a, first_b) >= SWAP_SIMILAR


def _shares(x: object, y: object) -> bool:
    return bool(set(x or ()) & set(y or ()))


def identifier_agreement(
    pairs: Pairs, identifiers: list[str], exact: bool = False, column: str = "{}"
) -> np.ndarray:
    """Some identifier is the same, or (unless ``exact``) one typo apart; ``column`` picks
    the feature compared ("{}_auth": checked values only)."""
    agree = np.zeros(len(next(iter(pairs.left.values()), [])), dtype=bool)
    for name in identifiers:
        column_name = column.format(name)
        same = pairs.equal(column_name)
        agree |= same
        if not exact:
            near = pairs.both(column_name) & ~same & ~agree
            agree |= _pairwise(pairs, column_name, near, _close(1))
    return agree


def identifier_conflict(pairs: Pairs, checked: list[str]) -> np.ndarray:
    """Two checked values of one identifier, more than a typo apart."""
    conflict = np.zeros(len(next(iter(pairs.left.values()), [])), dtype=bool)
    for column in checked:
        auth = f"{column}_auth"
        differ = pairs.both(auth) & ~pairs.equal(auth)
        conflict |= differ & ~_pairwise(pairs, auth, differ, _close(1))
    return conflict


def dob_status(pairs: Pairs, plausible_days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(missing on a side, implausible, years apart) for each pair."""
    missing = ~pairs.both("dob")
    days = np.abs(
        pd.to_numeric(pd.Series(pairs.left["dob_days"]), errors="coerce").to_numpy(dtype=float)
        - pd.to_numeric(pd.Series(pairs.right["dob_days"]), errors="coerce").to_numpy(dtype=float)
    )
    explained = pairs.equal("dob") | (pairs.left["dob_swapped"] == pairs.right["dob"])
    explained |= ~missing & (days <= plausible_days)
    explained |= _pairwise(pairs, "dob", ~missing & ~explained, _close(1))
    years = np.nan_to_num(days / 365.25, nan=0.0)
    return missing, ~missing & ~explained, years


def names_agree(pairs: Pairs) -> tuple[np.ndarray, np.ndarray]:
    """(forename agrees, surname agrees): same, nickname, typo, swapped or alias."""
    both = pairs.both("forename") & pairs.both("surname")
    maybe = both & ~pairs.equal("forename") & ~pairs.equal("surname")
    swapped = np.zeros(len(both), dtype=bool)
    for i in np.flatnonzero(maybe):
        swapped[i] = _swap_similar(
            pairs.left["forename"][i], pairs.left["surname"][i],
            pairs.right["forename"][i], pairs.right["surname"][i],
        )  # fmt: skip
    fore = pairs.equal("forename") | swapped
    fore |= _pairwise(pairs, "forename_forms", pairs.both("forename") & ~fore, _shares)
    fore |= _pairwise(pairs, "forename", pairs.both("forename") & ~fore, _similar)
    sur = pairs.equal("surname") | swapped
    sur |= _pairwise(pairs, "surname", pairs.both("surname") & ~sur, _similar)
    sur |= _pairwise(pairs, "surname_forms", pairs.both("surname") & ~sur, _shares)
    return fore, sur


def forename_explained(pairs: Pairs, fore: np.ndarray) -> np.ndarray:
    """A differing forename a middle name or alias accounts for (known as 'Anna')."""
    cross = _pairwise(pairs, "name_tokens", pairs.both("forename") & ~fore, _shares)
    return fore | cross | ~pairs.both("forename")


GUARD_COLUMNS = [
    "forename", "surname", "sex", "forename_forms", "surname_forms", "name_tokens", "dob",
    "dob_swapped", "dob_days", "address_key", "address2", "place",
]  # fmt: skip


def guard_reasons(
    edges: pd.DataFrame,
    features: pd.DataFrame,
    identifiers: list[str],
    checked: list[str],
    cfg: ResolutionSettings,
) -> pd.Series:
    """For each edge, why it may not link automatically (None: nothing against it)."""
    reasons = pd.Series([None] * len(edges), index=edges.index, dtype=object)
    guarded = edges["method"].isin(GUARDED_METHODS).to_numpy()
    if not guarded.any():
        return reasons
    subset = edges[guarded]
    columns = [*GUARD_COLUMNS, *identifiers, *(f"{c}_auth" for c in checked)]
    pairs = Pairs.of(subset, features, columns)
    conflict = identifier_conflict(pairs, checked)
    agree = identifier_agreement(pairs, identifiers)
    missing, implausible, years = dob_status(pairs, cfg.dob_plausible_days)
    fore, sur = names_agree(pairs)
    # An identifier both hold (the same, or one keying slip apart) explains a slip in a date
    # of birth. Across a generation only a one-digit slip is explained so: a parent and child
    # share a day, a month and a year one digit apart almost never, and their numbers are
    # unrelated (a family's shared reference would need that same birthday coincidence too).
    same_id = fore & sur & agree
    slip = same_id & _pairwise(pairs, "dob", ~missing & same_id, _close(1))
    generational = fore & sur & ~missing & (years >= cfg.generational_gap_years) & ~slip
    implausible &= ~same_id
    twin = np.zeros(len(subset), dtype=bool)
    if cfg.twin_guard:
        yields = agree if "identifier" in cfg.twin_guard_yields_to else np.zeros_like(agree)
        if "full_address" in cfg.twin_guard_yields_to:
            yields = yields | _full_address(pairs)
        sex_differs = pairs.both("sex") & ~pairs.equal("sex")
        twin = ~forename_explained(pairs, fore) & sur & ~missing & ~implausible
        twin &= ~yields | sex_differs
    dob_missing = missing & ~agree & _undatable(subset, pairs, fore & sur, cfg)
    picked = np.select(
        [conflict, generational, implausible, twin, dob_missing],
        ["identifier_conflict", "generational", "dob_implausible", "twin", "dob_missing"],
        default="",
    )
    reasons[guarded] = [p or None for p in picked]
    return reasons


def _undatable(
    edges: pd.DataFrame, pairs: Pairs, named: np.ndarray, cfg: ResolutionSettings
) -> np.ndarray:
    """Pairs whose missing date of birth leaves the generation open (see the module doc)."""
    if cfg.missing_dob_review == "off":
        return np.zeros(len(edges), dtype=bool)
    has_a, has_b = pd.notna(pairs.left["dob"]), pd.notna(pairs.right["dob"])
    if cfg.missing_dob_review == "always":
        return ~(has_a & has_b)
    one = named & (has_a ^ has_b)
    blank = np.where(has_a, edges["record_b"].to_numpy(), edges["record_a"].to_numpy())
    dated = pd.to_numeric(
        pd.Series(np.where(has_a, pairs.left["dob_days"], pairs.right["dob_days"])),
        errors="coerce",
    ).to_numpy(dtype=float)
    seen = pd.DataFrame({"record": blank[one], "days": dated[one]})
    days = seen.groupby("record")["days"]
    spread = days.max() - days.min()
    torn = set(spread.index[spread >= cfg.generational_gap_years * 365.25])
    return ~has_a & ~has_b | (has_a ^ has_b) & pd.Series(blank).isin(torn).to_numpy()


def _full_address(pairs: Pairs) -> np.ndarray:
    """Address line, postcode and every further address part either record holds agree."""
    same = pairs.equal("address_key")
    for column in ("address2", "place"):
        held = pd.notna(pairs.left[column]) | pd.notna(pairs.right[column])
        same &= ~held | pairs.equal(column)
    return same
