"""The safeguarding graph: model, store, access, and the domain work done on it.

Layers, bottom up (docs/architecture.md): ``model`` (settings, vocabulary, ids, errors),
``store`` (the one driver wrapper, saved queries, schema, embedded server), ``access``
(agreements, viewers, audit, users), then ``resolution``, ``patterns`` and ``analytics``.
Nothing here imports ``loaders``, ``services``, ``app`` or ``cli``.
"""
