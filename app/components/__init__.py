"""Reusable view pieces: graph stylesheet and legend, badges and messages, timeline, tables."""
