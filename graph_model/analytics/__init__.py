"""NetworkX analytics: extracts of the graph (``extract``) and algorithms as plain functions
over them (``algorithms``)."""
