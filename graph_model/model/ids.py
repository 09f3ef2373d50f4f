"""Stable ids: deterministic hashes of natural keys, never Neo4j element ids (those are reused).

The same natural key always yields the same id, on any machine and after any reload, so saved
views, flags, review decisions and audit entries can point at it safely.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

SEPARATOR = "\x1f"


def normalise_part(value: Any) -> str:
    """Case-fold, NFC-normalise and trim one key part; None becomes the empty string."""
    if value is None:
        return ""
    if value.__class__ is str and value.isascii():
        # the same result, faster: ASCII is NFC already and casefold() is lower() there
        return " ".join(value.lower().split())
    text = unicodedata.normalize("NFC", str(value)).strip().casefold()
    return " ".join(text.split())


def stable_id(kind: str, *parts: Any) -> str:
    """``kind`` prefix + 20 hex chars of BLAKE2b over the normalised parts."""
    joined = SEPARATOR.join([normalise_part(part) for part in (kind, *parts)])
    return f"{kind}_{hashlib.blake2b(joined.encode('utf-8'), digest_size=10).hexdigest()}"


def id_head(kind: str, *fixed: Any) -> str:
    """The normalised leading parts of ``stable_id(kind, *fixed, ...)``: worked out once for a
    loop whose ids share them (see ``stable_id_after``)."""
    return SEPARATOR.join([normalise_part(part) for part in (kind, *fixed)])


def stable_id_after(kind: str, head: str, *normal_parts: str) -> str:
    """``stable_id(kind, *fixed, *parts)`` given ``head = id_head(kind, *fixed)`` and parts
    already normalised (``normalise_part``, or stable ids, which are normal by construction):
    the same id without normalising the same text again for every row."""
    joined = SEPARATOR.join((head, *normal_parts))
    return f"{kind}_{hashlib.blake2b(joined.encode('utf-8'), digest_size=10).hexdigest()}"
