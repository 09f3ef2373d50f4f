"""The Touchpoint workbench: a multi-page Dash app over the safeguarding graph.

``create_app(settings)`` builds a self-contained app (all JS/CSS served locally: the workbench
runs on machines without internet) that always requires sign-in (``app.auth``): there is no
switch to serve it open. Pages live in ``app/pages``; what they show of people's records they
read through the signed-in user's ``ViewerGraph`` (``app.auth.session.current_viewer``),
which enforces the sharing agreement in the Cypher itself.
"""

from __future__ import annotations

from pathlib import Path

import dash
import dash_cytoscape as cyto
import flask

from touchpoint.app import state
from touchpoint.app.auth import install_auth
from touchpoint.app.layout import register_callbacks, shell
from touchpoint.graph_model.model.files import harden, private_process
from touchpoint.graph_model.model.settings import Settings, load_settings

APP_DIR = Path(__file__).resolve().parent
TITLE = "Touchpoint"


def create_app(settings: Settings | None = None) -> dash.Dash:
    """A Dash app bound to ``settings``' graph (connects lazily, so it starts even if down),
    with sign-in installed; Secure cookies and HSTS when ``settings.https``."""
    cyto.load_extra_layouts()  # cose-bilkent & co., bundled in the package: served locally
    settings = settings or load_settings()
    private_process()  # the server's files (keys, sessions' store, exports on disk) are its own
    harden(settings.data_dir)
    app = dash.Dash(
        __name__,
        server=_flask_server(settings),
        use_pages=True,
        pages_folder=str(APP_DIR / "pages"),
        assets_folder=str(APP_DIR / "assets"),
        serve_locally=True,
        title=TITLE,
        update_title=None,
        suppress_callback_exceptions=True,
        external_stylesheets=[],
        external_scripts=[],
    )
    app.layout = shell
    register_callbacks(app)
    state.install(app.server, settings)
    install_auth(app, settings)
    return app


def _flask_server(settings: Settings) -> flask.Flask:
    """The Flask app under Dash, its instance folder in the data directory (Flask cannot infer
    one for a package inside the ``touchpoint`` namespace, and the app keeps nothing there)."""
    return flask.Flask(__name__, instance_path=str((settings.data_dir / "app").resolve()))
