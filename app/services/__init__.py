"""The app's services: typed, browser-free functions over ``Graph`` that callbacks stay thin on.

Each takes a connected ``graph_model.db.Graph`` and returns plain dataclasses; all Cypher is
named (``cypher/app/*.cypher``). Nothing here imports Dash, so it is tested without a browser.
"""
