"""Errors of the mapping language that become quarantine reasons or data-quality notes."""

from __future__ import annotations


class DeriveError(ValueError):
    """A derived field cannot be computed from this row (a quarantine reason, or a
    data-quality note when the derive says ``on_error: null``)."""
