"""A mapping's optional ``resolution:`` block: more evidence for entity resolution.

On a PersonRecord entity a mapping may name fields resolution should compare beyond names,
date of birth, sex, postcode, address line and NHS / NI / UPN::

    resolution:
      town: addr_town            # or locality: (a suburb, a village)
      address_line_2: address_line_2
      identifiers: {passport: passport_no, ssn: soc_sec_id}

The loader writes them as ``match_*`` PersonRecord properties (``match_town``,
``match_locality``, ``match_address_line_2``, ``match_id_<name>``), which
``cypher/resolution/records_range.cypher`` reads; nothing else about loading changes.
Further identifiers are compared softly: typo-tolerant evidence, never a veto.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


class ResolutionSpec(BaseModel):
    """Optional extra evidence for entity resolution, on a PersonRecord entity: each value
    names a field; the loader writes it as a ``match_*`` property that resolution compares
    (``match_town``, ``match_locality``, ``match_address_line_2``, ``match_id_<name>``).
    Further identifiers are compared softly (typo-tolerant evidence, never a veto)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    town: str | None = Field(default=None, description="Field holding the town (match_town).")
    locality: str | None = Field(
        default=None, description="Field holding a suburb or village (match_locality)."
    )
    address_line_2: str | None = Field(
        default=None, description="Field holding the second address line."
    )
    identifiers: dict[str, str] = Field(
        default_factory=dict,
        description="Name → field of further identifiers, compared softly (match_id_<name>).",
    )

    @field_validator("identifiers")
    @classmethod
    def _identifier_names(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [k for k in value if not _SNAKE.match(k)]
        if bad:
            raise ValueError(f"identifier names must be lower_snake_case: {', '.join(bad)}")
        return value


def match_properties(resolution: Any) -> dict[str, str]:
    """The ``match_*`` properties a ``resolution:`` block adds (property -> field)."""
    if not isinstance(resolution, dict):
        return {}
    props = {
        f"match_{key}": field
        for key in ("town", "locality", "address_line_2")
        if isinstance(field := resolution.get(key), str)
    }
    ids = resolution.get("identifiers")
    if isinstance(ids, dict):
        props.update({f"match_id_{k}": v for k, v in ids.items() if isinstance(v, str)})
    return props
