"""The ``touchpoint`` command line."""
