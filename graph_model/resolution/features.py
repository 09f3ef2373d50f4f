"""Turn raw PersonRecords into comparison features: normalised names, nickname forms, name
sounds, date-of-birth variants, normalised postcode and address, cleaned identifiers.

Everything is vectorised over the distinct values of a column (names and postcodes repeat a
lot), so a million records take seconds. The raw record is never changed: features are a
separate frame keyed by ``record_id``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
import pandas as pd
from nicknames import NickNamer

from touchpoint.graph_model.resolution.comparisons import ComparisonPlan
from touchpoint.graph_model.resolution.identifiers import (
    ColumnTrust,
    column_trust,
    identifier_columns,
)

RAW_COLUMNS = [
    "record_id",
    "source_agency",
    "forename",
    "middle_names",
    "surname",
    "aliases",
    "dob",
    "sex",
    "nhs_number",
    "ni_number",
    "upn",
    "postcode",
    "address",
    "address_line_2",
    "place",
    "soft_ids",
]
"""What resolution reads of a PersonRecord. ``place`` is the town or locality (a mapping's
``match_town`` / ``match_locality``, else the address's town); ``soft_ids`` holds a mapping's
further identifiers as ``name=value`` pairs joined by ``|`` (see ``soft_id_frame``)."""
IDENTIFIER_COLUMNS = ["nhs_number", "ni_number", "upn"]

_SOFT_NAME = re.compile(r"[^a-z0-9_]+")
_NON_LETTERS = re.compile(r"[^a-z ]+")
_POSTCODE = re.compile(r"[^A-Z0-9]+")
_ADDRESS_PUNCT = re.compile(r"[^A-Z0-9 ]+")
_ADDRESS_ABBREVIATIONS = {
    "RD": "ROAD",
    "ST": "STREET",
    "AVE": "AVENUE",
    "AV": "AVENUE",
    "CL": "CLOSE",
    "DR": "DRIVE",
    "CRES": "CRESCENT",
    "GDNS": "GARDENS",
    "CT": "COURT",
    "PL": "PLACE",
    "LN": "LANE",
    "TERR": "TERRACE",
    "TER": "TERRACE",
    "SQ": "SQUARE",
    "GR": "GROVE",
    "GRV": "GROVE",
    "PK": "PARK",
    "HSE": "HOUSE",
}


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


def normalise_name(value: object) -> str | None:
    """Lower case, letters and single spaces only; blank becomes None."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = _NON_LETTERS.sub(" ", str(value).casefold().replace("'", "").replace("-", " "))
    text = " ".join(text.split())
    return text or None


def surname_key(value: str | None) -> str | None:
    """Surname without spaces, so 'Mc Donald' and 'McDonald' compare equal."""
    return value.replace(" ", "") if value else None


@lru_cache(maxsize=200_000)
def name_forms(first: str | None) -> tuple[str, ...]:
    """A forename plus every formal name it may be short for (Bill -> william, ...)."""
    if not first:
        return ()
    token = first.split()[0]
    canon = _nicknamer().canonicals_of(token)
    return tuple(sorted({token, *canon}))


@lru_cache(maxsize=200_000)
def canonical_forename(first: str | None) -> str | None:
    """One representative formal form for blocking: the name itself when it is formal."""
    if not first:
        return None
    token = first.split()[0]
    canon = sorted(_nicknamer().canonicals_of(token))
    return token if not canon else canon[0]


@lru_cache(maxsize=200_000)
def sound(value: str | None) -> str | None:
    """Soundex code of the first token: robust to most one-letter spelling slips."""
    if not value:
        return None
    return jellyfish.soundex(value.split()[0])


def normalise_postcode(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = _POSTCODE.sub("", str(value).upper())
    return text or None


def postcode_sector(pc: str | None) -> str | None:
    """Outward code plus the first inward digit (e.g. 'SW1A1'): neighbours share it."""
    return pc[:-2] if pc and len(pc) >= 5 else None


def normalise_address(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    words = _ADDRESS_PUNCT.sub(" ", str(value).upper()).split()
    text = " ".join(_ADDRESS_ABBREVIATIONS.get(w, w) for w in words)
    return text or None


def normalise_identifier(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = _POSTCODE.sub("", str(value).upper())
    return text or None


def normalise_sex(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    first = str(value).strip()[:1].upper()
    return first if first in ("M", "F") else None


def dob_variants(dob: pd.Series) -> pd.DataFrame:
    """ISO dob, its day/month swap, an order-free form, birthday, birth year, a day number.

    A date that is not a real calendar date (31 February) or is outside 1880 to next year
    is unknown, not compared. Slices, not a regex extract: a million dates in a second."""
    text = dob.str.slice(0, 10)
    when = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    real = when.notna() & when.dt.year.between(1880, pd.Timestamp.now().year + 1)
    text = text.where(real)
    y, m, d = text.str.slice(0, 4), text.str.slice(5, 7), text.str.slice(8, 10)
    swapped = (y + "-" + d + "-" + m).where(d <= "12")
    # Element-wise on the two string columns: a row-wise min/max falls back to Python per row.
    month_first = m <= d
    low, high = m.where(month_first, d), d.where(month_first, m)
    days = (when - pd.Timestamp("1880-01-01")).dt.days.where(real)
    return pd.DataFrame(
        {
            "dob": text,
            "dob_swapped": swapped,
            "dob_sorted": y + "-" + low + "-" + high,
            "birth_year": y,
            "birthday": m + "-" + d,
            "dob_days": days.astype("Int64"),
        }
    )


def _none_for_missing(frame: pd.DataFrame | pd.Series):
    return frame.astype(object).where(frame.notna(), None)


def _map_unique(series: pd.Series, func) -> pd.Series:
    uniques = series.dropna().unique()
    lookup = {value: func(value) for value in uniques}
    return series.map(lookup)


def _alias_tokens(aliases: str | None, middle: str | None) -> tuple[list[str], list[str]]:
    """(forename-like tokens, surname-like tokens) from middle names and '; '-joined aliases."""
    firsts: list[str] = list(middle.split()) if middle else []
    lasts: list[str] = []
    for alias in (aliases or "").split(";"):
        words = (normalise_name(alias) or "").split()
        if words:
            firsts.append(words[0])
            if len(words) > 1:
                lasts.append(words[-1])
    return firsts, lasts


def record_fingerprint(frame: pd.DataFrame) -> pd.Series:
    """A hash of every raw field resolution reads: a change means the record is rescored.

    The fields as text joined by ``\x1f``, a missing one as ``\x00``. Links store these, so
    the bytes must never change (a new fingerprint rescores every record once); they are the
    ones ``astype("string")`` gave, built per column in plain Python, twice as fast."""
    texts = [_fingerprint_texts(frame[column]) for column in RAW_COLUMNS]
    blake2b = hashlib.blake2b
    digests = [
        blake2b("\x1f".join(fields).encode(), digest_size=8).hexdigest()
        for fields in zip(*texts, strict=True)
    ]
    return pd.Series(digests, index=frame.index, dtype=object)


def _fingerprint_texts(column: pd.Series) -> list[str]:
    missing = column.isna().tolist()
    return [
        "\x00" if gone else value if value.__class__ is str else str(value)
        for value, gone in zip(column.tolist(), missing, strict=True)
    ]


def soft_id_frame(soft_ids: pd.Series, limit: int) -> pd.DataFrame:
    """``name=value|name=value`` strings (or dicts) -> one ``sid_<name>`` column per further
    identifier, the ``limit`` most often held names only (each costs a comparison)."""
    held = soft_ids[soft_ids.notna()]
    if held.empty:
        return pd.DataFrame(index=soft_ids.index)
    rows: list[dict[str, str]] = []
    for item in held:
        pairs = item.items() if isinstance(item, dict) else _soft_pairs(item)
        rows.append({f"sid_{k}": v for k, v in pairs if v})
    frame = pd.DataFrame(rows, index=held.index).reindex(soft_ids.index)
    if frame.empty or not len(frame.columns):
        return pd.DataFrame(index=soft_ids.index)
    keep = frame.notna().sum().sort_values(ascending=False, kind="stable").index[:limit]
    return frame[sorted(keep)].apply(lambda c: _map_unique(c, normalise_identifier))


def _soft_pairs(item: object) -> list[tuple[str, str]]:
    if not isinstance(item, str) or not item:
        return []
    pairs = (part.split("=", 1) for part in item.split("|") if "=" in part)
    return [(_SOFT_NAME.sub("_", k.strip().casefold()), v.strip()) for k, v in pairs]


def _surname_parts(surname: str | None, alias_lasts: list[str]) -> list[str]:
    """Surname, alias surnames and each part of a double surname ('smith jones')."""
    parts = [p for p in (surname or "").split() if len(p) > 1] if surname and " " in surname else []
    key = surname_key(surname)
    return sorted({*([key] if key else []), *parts, *alias_lasts})


def _name_pair_key(first: str | None, last: str | None) -> str | None:
    """Order-free pair of name sounds: the same for 'Henry McCarthy' and 'McCarthy Henry'."""
    if not isinstance(first, str) or not isinstance(last, str) or not first or not last:
        return None
    return "|".join(sorted((sound(first) or "", sound(last) or "")))


def _name_sounds_in_order(pairs: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The lower and the higher of a record's two name sounds: blocking on either next to a
    postcode finds a swapped pair one of whose names also carries a typo ('Klover Amanda' and
    'Amanda Glover' share 'A553'), which the whole pair key misses."""
    split = pairs.str.split("|", n=1, expand=True).reindex(columns=[0, 1])
    return split[0].where(split[0] != ""), split[1].where(split[1] != "")


def build_features(raw: pd.DataFrame) -> pd.DataFrame:
    """The comparison frame with every identifier checked (see :func:`extract_features`)."""
    return extract_features(raw).frame


@dataclass
class FeatureSet:
    """Features plus how each identifier column is used in this run."""

    frame: pd.DataFrame
    trust: dict[str, ColumnTrust]
    has_address2: bool

    def plan(self) -> ComparisonPlan:
        used = {c: t.use for c, t in self.trust.items() if t.use != "absent"}
        return ComparisonPlan(identifiers=used, address2=self.has_address2)


def extract_features(
    raw: pd.DataFrame, max_failing_share: float = 0.5, max_soft_identifiers: int = 3
) -> FeatureSet:
    """The comparison frame Splink, the identifier rules and the guards read (one row per
    record), and how each identifier column is trusted."""
    raw = _none_for_missing(raw.reindex(columns=RAW_COLUMNS))
    full_forename = _none_for_missing(_map_unique(raw["forename"], normalise_name))
    # "Victoria Anna" in a forenames field: compare "victoria", keep "anna" as a name token.
    forename = full_forename.map(lambda f: f.split()[0] if f else None)
    surname_full = _map_unique(raw["surname"], normalise_name)
    surname = surname_full.map(surname_key, na_action="ignore")
    middle = _none_for_missing(_map_unique(raw["middle_names"], normalise_name))
    extra = full_forename.map(lambda f: " ".join(f.split()[1:]) if f else "")
    middle = pd.Series(
        [" ".join(x for x in (m, e) if x) or None for m, e in zip(middle, extra, strict=True)],
        index=raw.index,
        dtype=object,
    )
    none: tuple[list[str], list[str]] = ([], [])
    tokens = [
        _alias_tokens(a, m) if (a or m) else none
        for a, m in zip(raw["aliases"], middle, strict=True)
    ]
    forms = forename.map(lambda f: list(name_forms(f)) if isinstance(f, str) else [])
    other_firsts = [
        sorted({*forms_i, *t[0]}) if t[0] else forms_i
        for forms_i, t in zip(forms, tokens, strict=True)
    ]
    surname_forms = _map_unique(surname_full, lambda s: _surname_parts(s, []))
    surname_forms = [
        _surname_parts(s if isinstance(s, str) else None, t[1]) if t[1] else (p or [])
        for s, p, t in zip(surname_full, surname_forms, tokens, strict=True)
    ]
    canon = forename.map(canonical_forename, na_action="ignore")
    postcode = _map_unique(raw["postcode"], normalise_postcode)
    address = _map_unique(raw["address"], normalise_address)
    features = pd.DataFrame(
        {
            "record_id": raw["record_id"].astype(str),
            "source_agency": raw["source_agency"],
            "forename": forename,
            "forename_forms": forms,
            "name_tokens": other_firsts,
            "forename_sdx": _map_unique(canon, sound),
            "surname": surname,
            "surname_forms": surname_forms,
            "surname_sdx": _map_unique(surname, sound),
            "name_pair_sdx": [_name_pair_key(f, s) for f, s in zip(forename, surname, strict=True)],
            "sex": _map_unique(raw["sex"], normalise_sex),
            "postcode": postcode,
            "postcode_sector": postcode.map(postcode_sector, na_action="ignore"),
            "address": address,
            "address_key": postcode.astype(object).str.cat(address.astype(object), sep="|"),
            "address2": _map_unique(raw["address_line_2"], normalise_address),
            "place": _map_unique(raw["place"], normalise_address),
        }
    )
    soft = soft_id_frame(raw["soft_ids"], max_soft_identifiers)
    trust: dict[str, ColumnTrust] = {}
    for column in [*IDENTIFIER_COLUMNS, *soft.columns]:
        source = raw[column] if column in IDENTIFIER_COLUMNS else soft[column]
        values = _map_unique(source, normalise_identifier)
        trust[column] = column_trust(column, values, max_failing_share)
        for name, series in identifier_columns(column, values, trust[column]).items():
            features[name] = series
        features[f"{column}_head"] = _map_unique(features[column], lambda v: v[: len(v) // 2])
        features[f"{column}_tail"] = _map_unique(features[column], lambda v: v[len(v) // 2 :])
    features["name_sdx_lo"], features["name_sdx_hi"] = _name_sounds_in_order(
        features["name_pair_sdx"]
    )
    variants = dob_variants(raw["dob"].astype("string"))
    features = pd.concat([features, variants.set_axis(features.index)], axis=1)
    return FeatureSet(_none_for_missing(features), trust, bool(features["address2"].notna().any()))
