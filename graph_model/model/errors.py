"""Errors Touchpoint raises on purpose: each carries a message a user can act on."""


class TouchpointError(Exception):
    """Base class; the CLI prints these without a traceback."""


class ConfigError(TouchpointError):
    """Settings or a declarative file (mapping, pattern, agreement) is invalid."""


class ServerError(TouchpointError):
    """The local Neo4j could not be started, reached or stopped."""


class GraphUnavailable(TouchpointError):
    """Neo4j did not answer (down, wrong address, wrong credentials)."""


class QueryNotFound(TouchpointError):
    """A named Cypher file does not exist."""
