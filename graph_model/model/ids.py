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
