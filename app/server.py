"""Serving the workbench: waitress (a production-grade, pure-Python WSGI server) by default.

``serve`` is what ``touchpoint app`` and ``touchpoint run`` call. It binds to loopback unless
told otherwise. The workbench always requires sign-in (``create_app`` installs it), but it
shows safeguarding data, so exposing it beyond the machine is still a deliberate choice: put it
behind the organisation's TLS reverse proxy and set ``TOUCHPOINT_HTTPS=1`` (Secure cookies,
HSTS). ``wsgi_app`` is the entry point for other WSGI servers, e.g.
``waitress-serve --call app.server:wsgi_app`` or ``gunicorn 'touchpoint.app.server:wsgi_app()'``.
"""

from __future__ import annotations

import flask

from touchpoint.app import create_app
from touchpoint.graph_model.model.settings import Settings, load_settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
THREADS = 8


def wsgi_app(settings: Settings | None = None) -> flask.Flask:
    """The Flask (WSGI) application behind the Dash app, for any WSGI server."""
    return create_app(settings or load_settings()).server


def serve(
    settings: Settings,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    debug: bool = False,
    threads: int = THREADS,
) -> None:
    """Serve until interrupted: waitress, or Dash's reloading dev server with ``debug``."""
    app = create_app(settings)
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    from waitress import serve as waitress_serve

    waitress_serve(app.server, host=host, port=port, threads=threads, ident="touchpoint")
