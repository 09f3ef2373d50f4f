"""Sign-in, sign-out, purpose of access and break-glass (``/auth/...``), each audited."""

from __future__ import annotations

from typing import Any

import flask
import flask_login
from markupsafe import Markup

from touchpoint.app import state
from touchpoint.app.auth.forms import BreakGlassForm, PurposeForm, RoleForm, SignInForm
from touchpoint.app.auth.session import (
    auth_state,
    current_context,
    remember_glass,
    remember_purpose,
    start_session,
)
from touchpoint.app.auth.templates import BASE, FORM
from touchpoint.graph_model.access.context import AccessContext, AccessDenied, Purpose
from touchpoint.graph_model.access.users import User, first_run_hint, get_user, sign_in
from touchpoint.graph_model.model.errors import TouchpointError

blueprint = flask.Blueprint("touchpoint_auth", __name__, url_prefix="/auth")
FAILED = "Wrong username or password, or the account is locked or disabled."
GRAPH_DOWN = "The graph is not answering, so no one can sign in until it is back."


class AuthUser(flask_login.UserMixin):
    """flask-login's view of a ``User``; its id is the username."""

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return self.user.username


def load_user(username: str) -> AuthUser | None:
    """Re-read on every request: a disabled account stops working at once. While the graph is
    down the signed-in session stands (there is nothing to read, and the pages say why)."""
    try:
        found = get_user(state.current_graph(), username)
    except TouchpointError:
        return _while_graph_down(username)
    if not found or found.get("disabled"):
        return None
    return AuthUser(
        User(found["user_id"], found["username"], found.get("display_name") or username,
             tuple(found.get("roles") or ()), False)
    )  # fmt: skip


def _while_graph_down(username: str) -> AuthUser | None:
    role = flask.session.get("role")
    if flask.session.get("username") != username or not role:
        return None
    return AuthUser(User("", username, username, (role,), False))


def page(title: str, body: str, messages: list[str] | None = None, **context: Any) -> str:
    """A full page: the shared frame (who is signed in, break-glass banner) around ``body``."""
    ctx = current_context()
    glass = ctx.break_glass.expires_at.strftime("%H:%M UTC") if ctx and ctx.glass_active else None
    inner = flask.render_template_string(body, **context)
    return flask.render_template_string(
        BASE, title=title, body=Markup(inner), who=ctx, glass=glass, messages=messages or []
    )


def safe_next(default: str = "/") -> str:
    """Only same-site relative paths are followed after a form (no open redirect)."""
    target = flask.request.args.get("next") or default
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in_view() -> Any:
    form = SignInForm()
    messages = []
    if flask.request.args.get("expired"):
        messages.append("Your session expired after inactivity. Please sign in again.")
    hint = _first_run_hint()
    if hint:
        messages.append(hint)
    if hint == GRAPH_DOWN:
        form = SignInForm(formdata=None)
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        result = sign_in(state.current_graph(), username, form.password.data)
        audit = auth_state().audit()
        if result.ok and result.user is not None:
            role = result.user.roles[0]
            start_session(username, role)
            flask_login.login_user(AuthUser(result.user))
            audit.record(AccessContext(username, role, session_id=flask.session["sid"]), "sign_in")
            return flask.redirect(safe_next())
        audit.record(AccessContext(username[:63], "-"), "sign_in_failed", outcome=result.reason)
        messages.append(FAILED)
    body = page("Sign in", FORM, messages, form=form, form_id="sign-in", submit="Sign in",
                after="")  # fmt: skip
    failed = flask.request.method == "POST" and FAILED in messages
    return body, 401 if failed else 200


def _first_run_hint() -> str | None:
    """On a fresh install there is no admin: say how to create the first one (or that the
    graph is down, when no one can sign in)."""
    try:
        return first_run_hint(state.current_graph())
    except TouchpointError:
        return GRAPH_DOWN


@blueprint.route("/sign-out", methods=["POST"])
def sign_out_view() -> Any:
    ctx = current_context()
    if ctx is not None:
        auth_state().audit().record(ctx, "sign_out")
    flask_login.logout_user()
    flask.session.clear()
    return flask.redirect(flask.url_for("touchpoint_auth.sign_in_view"))


@blueprint.route("/role", methods=["GET", "POST"])
@flask_login.login_required
def role_view() -> Any:
    """Switch between the roles the account holds (purpose and break-glass are dropped)."""
    user = flask_login.current_user.user
    form = RoleForm()
    form.role.choices = [(r, r) for r in user.roles]
    if form.validate_on_submit():
        start_session(user.username, form.role.data)
        flask_login.login_user(flask_login.current_user)
        auth_state().audit().record(current_context(), "role_switch")  # type: ignore[arg-type]
        return flask.redirect(safe_next())
    return page("Act as", FORM, form=form, form_id="role", submit="Switch", after="")


@blueprint.route("/purpose", methods=["GET", "POST"])
@flask_login.login_required
def purpose_view() -> Any:
    """Record why you are looking (case reference + reason) before opening a profile."""
    ctx = current_context()
    assert ctx is not None
    agreements = auth_state().agreements
    grant = agreements.grant(ctx.role)
    form = PurposeForm()
    form.purpose.choices = list(grant.agreement.purposes.items())
    messages: list[str] = []
    if form.validate_on_submit():
        purpose = Purpose(form.purpose.data, form.case_reference.data.strip(),
                          " ".join(form.reason.data.split()))  # fmt: skip
        try:
            ctx = ctx.with_purpose(purpose, agreements)
        except AccessDenied as exc:
            messages.append(str(exc))
        else:
            remember_purpose(purpose)
            auth_state().audit().record(ctx, "purpose_set", agreement=grant.agreement.agreement)
            return flask.redirect(safe_next())
    after = flask.render_template_string(
        "<p>Under <b>{{ t }}</b> - {{ legal }}</p>",
        t=grant.agreement.title,
        legal="; ".join(grant.agreement.legal_basis),
    )
    return page("Purpose of access", FORM, messages, form=form, form_id="purpose",
                submit="Record purpose", after=Markup(after))  # fmt: skip


@blueprint.route("/break-glass", methods=["GET", "POST"])
@flask_login.login_required
def break_glass_view() -> Any:
    """Access beyond the agreement: a stated reason, a time limit, flagged for admin review."""
    ctx = current_context()
    assert ctx is not None
    form = BreakGlassForm()
    messages: list[str] = []
    if form.validate_on_submit():
        try:
            ctx = ctx.with_break_glass(form.reason.data, int(form.minutes.data))
        except AccessDenied as exc:
            messages.append(str(exc))
        else:
            auth_state().audit().open_break_glass(ctx)
            remember_glass(ctx.break_glass)  # type: ignore[arg-type]
            return flask.redirect(safe_next())
    note = "<p>Every action is recorded and reviewed.</p>"
    return page("Break-glass", FORM, messages, form=form, form_id="break-glass",
                submit="Break glass", after=note)  # fmt: skip
