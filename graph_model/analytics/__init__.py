"""NetworkX analytics as plain functions over ``nx`` graphs (``algorithms``, ``household``).

They never read the graph: ``services.reads.analysis`` builds their graphs from what a user may
see (the one network, path and flag readers), so an analysis cannot show more than its reader.
"""
