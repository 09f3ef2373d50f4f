"""The Touchpoint workbench: a multi-page Dash app over the safeguarding graph.

``create_app(settings)`` builds a self-contained app (all JS/CSS served locally: the workbench
runs on machines without internet). Pages live in ``app/pages``; they talk to the graph only
through ``app.services`` over ``graph_model.db.Graph``.
"""

from __future__ import annotations

from pathlib import Path

import dash
import dash_cytoscape as cyto

from app import state
from app.layout import register_callbacks, shell
from graph_model.settings import Settings, load_settings

APP_DIR = Path(__file__).resolve().parent
TITLE = "Touchpoint"


def create_app(settings: Settings | None = None) -> dash.Dash:
    """A Dash app bound to ``settings``' graph (connects lazily, so it starts even if down)."""
    cyto.load_extra_layouts()  # cose-bilkent & co., bundled in the package: served locally
    app = dash.Dash(
        __name__,
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
    state.install(app.server, settings or load_settings())
    return app
