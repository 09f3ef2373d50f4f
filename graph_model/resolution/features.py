"""Turn raw PersonRecords into comparison features: normalised names, nickname forms, name
sounds, date-of-birth variants, normalised postcode and address, cleaned identifiers.

Everything is vectorised over the distinct values of a column (names and postcodes repeat a
lot), so a million records take seconds. The raw record is never changed: features are a
separate frame keyed by ``record_id``.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import jellyfish
import pandas as pd
from nicknames import NickNamer

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
]
IDENTIFIER_COLUMNS = ["nhs_number", "ni_number", "upn"]

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
    """ISO dob, its day/month swap, an order-free form and the birth year."""
    parts = dob.str.extract(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
    swapped = (parts["y"] + "-" + parts["d"] + "-" + parts["m"]).where(
        parts["d"].astype(float) <= 12
    )
    # Element-wise on the two string columns: a row-wise min/max falls back to Python per row.
    month_first = parts["m"] <= parts["d"]
    low = parts["m"].where(month_first, parts["d"])
    high = parts["d"].where(month_first, parts["m"])
    return pd.DataFrame(
        {
            "dob": dob.where(parts["y"].notna()),
            "dob_swapped": swapped,
            "dob_sorted": parts["y"] + "-" + low + "-" + high,
            "birth_year": parts["y"],
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
    """A hash of every raw field resolution reads: a change means the record is rescored."""
    columns = frame[RAW_COLUMNS].astype("string").fillna("\x00")
    joined = columns.iloc[:, 0].str.cat([columns[c] for c in RAW_COLUMNS[1:]], sep="\x1f")
    digests = [hashlib.blake2b(s.encode(), digest_size=8).hexdigest() for s in joined]
    return pd.Series(digests, index=frame.index, dtype=object)


def build_features(raw: pd.DataFrame) -> pd.DataFrame:
    """The comparison frame Splink and the deterministic rules read (one row per record)."""
    raw = _none_for_missing(raw.reindex(columns=RAW_COLUMNS))
    full_forename = _none_for_missing(_map_unique(raw["forename"], normalise_name))
    # "Victoria Anna" in a forenames field: compare "victoria", keep "anna" as a name token.
    forename = full_forename.map(lambda f: f.split()[0] if f else None)
    surname = _map_unique(raw["surname"], normalise_name).map(surname_key, na_action="ignore")
    middle = _none_for_missing(_map_unique(raw["middle_names"], normalise_name))
    extra = full_forename.map(lambda f: " ".join(f.split()[1:]) if f else "")
    middle = pd.Series(
        [" ".join(x for x in (m, e) if x) or None for m, e in zip(middle, extra, strict=True)],
        index=raw.index,
        dtype=object,
    )
    tokens = [_alias_tokens(a, m) for a, m in zip(raw["aliases"], middle, strict=True)]
    forms = forename.map(lambda f: list(name_forms(f)) if isinstance(f, str) else [])
    other_firsts = [sorted({*forms_i, *t[0]}) for forms_i, t in zip(forms, tokens, strict=True)]
    surname_forms = [
        sorted({s, *t[1]}) if isinstance(s, str) else sorted(set(t[1]))
        for s, t in zip(surname, tokens, strict=True)
    ]
    canon = forename.map(canonical_forename, na_action="ignore")
    postcode = _map_unique(raw["postcode"], normalise_postcode)
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
            "sex": _map_unique(raw["sex"], normalise_sex),
            "postcode": postcode,
            "postcode_sector": postcode.map(postcode_sector, na_action="ignore"),
            "address": _map_unique(raw["address"], normalise_address),
        }
    )
    for column in IDENTIFIER_COLUMNS:
        features[column] = _map_unique(raw[column], normalise_identifier)
    variants = dob_variants(raw["dob"].astype("string"))
    features = pd.concat([features, variants.set_axis(features.index)], axis=1)
    return _none_for_missing(features)
