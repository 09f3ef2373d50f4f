"""Entity resolution: who is who across agencies, derived from PersonRecords and explainable.

See docs/entity-resolution.md. Entry points: ``service.resolve``, ``review``, ``explain``.
"""
