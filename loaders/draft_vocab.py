"""Vocabulary suggestions for a new extract's codes: which event category, which types and
roles its values most likely mean, by the words they share (with a small synonym table for
the way agencies abbreviate: ``DA``, ``ASB``, ``CSE``, ``knife``)."""

from __future__ import annotations

import re
from typing import Any

from touchpoint.graph_model.model.vocabulary import Vocabulary

SYNONYMS = {
    "da": "domestic",
    "dv": "domestic",
    "domestic": "domestic",
    "asb": "anti_social",
    "antisocial": "anti_social",
    "cse": "exploitation",
    "cce": "exploitation",
    "county": "exploitation",
    "knife": "weapons",
    "blade": "weapons",
    "firearm": "weapons",
    "weapon": "weapons",
    "found": "found",
    "mispers": "missing",
    "absent": "missing",
    "informant": "reporter",
    "caller": "reporter",
    "offender": "suspect",
    "bruise": "injury",
    "bruising": "injury",
    "fracture": "injury",
    "burn": "injury",
    "od": "overdose",
    "selfharm": "self_harm",
    "uc": "universal",
    "dla": "pip",
    "dna": "did_not_attend",
    "wnb": "was_not_brought",
    "lead": "tenant",
    "joint": "tenant",
    "mum": "parent",
    "mother": "parent",
    "father": "parent",
    "dad": "parent",
    "son": "child",
    "daughter": "child",
    "partner": "partner",
    "wife": "partner",
    "husband": "partner",
    "pupil": "pupil",
    "student": "pupil",
    "patient": "patient",
    "claimant": "claimant",
    "applicant": "applicant",
    "safeguarding": "safeguarding",
    "welfare": "welfare",
    "hungry": "welfare",
    "neglect": "welfare",
    "dsl": "safeguarding",
    "mash": "safeguarding",
}
AGENCY_WORDS = {
    "police": ("police", "occurrence", "incident", "crime", "nominal", "officer"),
    "gp": ("gp", "surgery", "practice", "consultation", "nhs", "appointment", "clinician"),
    "hospital": ("hospital", "ae", "a&e", "attendance", "emergency", "triage", "ed"),
    "schools": ("school", "schools", "pupil", "upn", "urn", "exclusion", "attendance", "roll"),
    "social_care": (
        "social",
        "care",
        "csc",
        "ssda",
        "census",
        "lachildid",
        "looked",
        "child",
        "children",
        "episodes",
        "referral",
        "assessment",
        "cp",
        "cin",
        "ssd",
        "s47",
        "plan",
        "visit",
        "lac",
        "cla",
    ),
    "benefits": ("benefit", "benefits", "claim", "claimant", "nino", "dwp", "sanction", "uc"),
    "immigration": ("immigration", "home", "office", "asylum", "visa", "nrpf", "leave"),
    "housing": ("housing", "tenancy", "tenant", "eviction", "homeless", "homelessness"),
    "community_health": ("health", "visiting", "visitor", "hv", "nursing", "community"),
}
DEFAULT_ROLE = {
    "police": "subject",
    "gp": "patient",
    "hospital": "patient",
    "schools": "pupil",
    "social_care": "subject",
    "benefits": "claimant",
    "immigration": "subject",
    "housing": "tenant",
    "community_health": "subject",
}
_WORD = re.compile(r"[a-z]+")


def words(text: str) -> set[str]:
    """Words of a value or a vocabulary name, with synonyms added (``DA`` → domestic)."""
    found = set(_WORD.findall(text.casefold().replace("-", " ")))
    found |= {SYNONYMS[w] for w in found if w in SYNONYMS}
    joined = text.casefold().replace("-", "").replace(" ", "")
    found |= {v for k, v in SYNONYMS.items() if len(k) > 4 and k in joined}
    return found | {p for w in found for p in w.split("_")}


def suggest(values: list[str], choices: tuple[str, ...]) -> dict[str, str]:
    """Value → the choice sharing most words with it; values with no or a tied best are left
    out (they go in the draft's list of what it could not place)."""
    out = {}
    for value in values:
        have = words(value)
        scored = sorted(((_score(have, choice), choice) for choice in choices), reverse=True)
        if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            out[value] = scored[0][1]
    return out


def _score(have: set[str], choice: str) -> float:
    wanted = set(choice.split("_")) | {choice}
    exact = len(have & wanted) + (1 if choice in have else 0)  # the whole name, or a synonym
    prefix = sum(1 for w in have for c in wanted if len(w) > 3 and c.startswith(w[:5]))
    return exact + 0.5 * prefix


def guess_agency(paths: list[str], hints: list[str], vocab: Vocabulary) -> str | None:
    """The agency named by the file's folder or name (``social_care/csc.sqlite``), else the
    one whose words the file and column names use most."""
    for part in reversed(paths):
        stem = part.rsplit(".", 1)[0].casefold()
        if stem in vocab.agencies:
            return stem
    have = set()
    for hint in [*paths, *hints]:
        have |= set(_WORD.findall(hint.casefold()))
    scored = sorted((len(have & set(AGENCY_WORDS.get(a, (a,)))), a) for a in vocab.agencies)
    scored.reverse()
    return scored[0][1] if scored and scored[0][0] > 0 else None


def choose_category(
    agency: str, hints: list[str], codes: dict[str, list[str]], vocab: Vocabulary
) -> tuple[str | None, str | None, dict[str, str]]:
    """(category, the code column holding its type, value → type) that fit best."""
    categories = [c for c, spec in vocab.event_categories.items() if spec["agency"] == agency]
    if not categories:
        return None, None, {}
    hint_words = set().union(*(words(h) for h in hints)) if hints else set()
    best: tuple[float, str, str | None, dict[str, str]] = (-1.0, categories[0], None, {})
    for category in categories:
        types = vocab.event_types(category)
        base = _score(hint_words, category)
        for column, values in codes.items():
            placed = suggest(values, types)
            score = base + 2 * len(placed) / max(len(values), 1)
            if score > best[0]:
                best = (score, category, column, placed)
        if base > best[0]:
            best = (base, category, None, {})
    return best[1], best[2], best[3]


def role_map(values: list[str], vocab: Vocabulary) -> dict[str, Any]:
    return suggest(values, vocab.roles)
