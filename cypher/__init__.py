"""Saved Cypher, one query per ``<topic>/<name>.cypher`` file, shipped as package data and
found through ``importlib.resources`` (``touchpoint.graph_model.store.queries``)."""
