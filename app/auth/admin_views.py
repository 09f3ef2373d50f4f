"""Admin pages: users and roles, agreements in force, audit search, who looked at a person and
why, break-glass review - server-rendered, for the ``admin`` role only, each use audited."""

from __future__ import annotations

from typing import Any

import flask
from markupsafe import Markup

from touchpoint.app import state
from touchpoint.app.auth.forms import AuditSearchForm, UserChangeForm
from touchpoint.app.auth.session import auth_state, current_context, is_admin
from touchpoint.app.auth.templates import FORM, TABLE
from touchpoint.app.auth.views import page
from touchpoint.graph_model.access import users
from touchpoint.graph_model.access.audit import parse_since
from touchpoint.graph_model.access.reports import person_access_report
from touchpoint.graph_model.model.errors import ConfigError, TouchpointError

blueprint = flask.Blueprint("touchpoint_access", __name__)
AUDIT_COLUMNS = ["seq", "at", "user", "role", "action", "subjects", "case_reference", "reason",
                 "result_count", "withheld", "break_glass_id", "outcome"]  # fmt: skip


def _admin() -> Any:
    """The signed-in administrator's context (the one admin check), else 403."""
    ctx = current_context()
    if ctx is None or not is_admin(ctx):
        flask.abort(403)
    return ctx


def _table(
    table_id: str, columns: list[str], rows: list[dict[str, Any]], notice: str | None = None
) -> Markup:
    return Markup(
        flask.render_template_string(
            TABLE, table_id=table_id, columns=columns, rows=rows, notice=notice
        )
    )


@blueprint.route("/admin/access/users", methods=["GET", "POST"])
def users_view() -> Any:
    """Accounts and roles; an admin can disable / enable and grant / revoke (audited)."""
    ctx = _admin()
    graph = state.current_graph()
    form = UserChangeForm()
    messages: list[str] = []
    if form.validate_on_submit():
        try:
            messages.append(_change_user(ctx, form))
        except TouchpointError as exc:
            messages.append(str(exc))
    rows = [
        {**u, "roles": ", ".join(u.get("roles") or []), "disabled": "yes" if u.get("disabled")
         else ""} for u in users.list_users(graph)
    ]  # fmt: skip
    columns = ["username", "display_name", "roles", "disabled", "failed_attempts",
               "locked_until", "last_sign_in_at"]  # fmt: skip
    body = "{{ accounts }}<h2>Change an account</h2>" + FORM
    return page("Users and roles", body, messages, wide=True,
                accounts=_table("users", columns, rows),
                form=form, form_id="user-change", submit="Apply", after="")  # fmt: skip


def _change_user(ctx: Any, form: UserChangeForm) -> str:
    graph, username, role = state.current_graph(), form.username.data.strip(), form.role.data
    change = form.change.data
    if change in ("disable", "enable"):
        if username == ctx.user and change == "disable":
            return "You cannot disable your own account."
        users.set_disabled(graph, username, change == "disable")
        auth_state().audit().record(ctx, f"user_{change}", subjects=[username])
        return f"{username}: {change}d."
    agreements = auth_state().agreements
    roles = users.grant(graph, username, role.strip(), agreements, revoke=change == "revoke")
    auth_state().audit().record(ctx, f"user_{change}", subjects=[username], role=role)
    return f"{username} now has role(s): {', '.join(roles) or '(none)'}."


@blueprint.route("/admin/access/agreements")
def agreements_view() -> Any:
    _admin()
    rows = []
    for role, grant in sorted(auth_state().agreements.grants.items()):
        rows.append({
            "role": role,
            "agreement": f"{grant.agreement.agreement} ({grant.agreement.version})",
            "legal basis": "; ".join(grant.agreement.legal_basis),
            "agencies": ", ".join(grant.visible_agencies),
            "event types": str(len(grant.visible_event_types)),
            "detail fields": "; ".join(f"{a}: {', '.join(f) or '-'}"
                                       for a, f in grant.visible_fields.items()),
            "purposes": ", ".join(grant.agreement.purposes),
        })  # fmt: skip
    columns = list(rows[0]) if rows else []
    return page(
        "Agreements in force", TABLE, wide=True, table_id="agreements", columns=columns, rows=rows
    )


@blueprint.route("/admin/access/audit")
def audit_view() -> Any:
    ctx = _admin()
    form = AuditSearchForm(flask.request.args)
    log = auth_state().audit()
    messages: list[str] = []
    rows: list[dict[str, Any]] = []
    if form.validate():
        try:
            since = parse_since(form.since.data or None)
        except ConfigError as exc:
            messages.append(str(exc))
        else:
            person = form.person.data or None
            rows = log.search(user=form.user.data or None, subject=person, since=since)
            log.record(ctx, "audit_query", subjects=[person] if person else [],
                       terms={"user": form.user.data, "since": form.since.data},
                       result_count=len(rows))  # fmt: skip
    shown = [{**r, "subjects": ", ".join(r.get("subjects") or [])[:60]} for r in rows]
    search = FORM.replace('<form method="post"', '<form method="get"')
    return page("Audit search", search + TABLE, messages, wide=True, form=form,
                form_id="audit-search", submit="Search", after="", table_id="audit-results",
                columns=AUDIT_COLUMNS, rows=shown)  # fmt: skip


@blueprint.route("/admin/access/who/<key>")
def who_view(key: str) -> Any:
    ctx = _admin()
    log = auth_state().audit()
    rows = person_access_report(log, key)
    log.record(ctx, "audit_person_report", subjects=[key], result_count=len(rows))
    columns = ["at", "user", "role", "action", "case_reference", "reason", "under"]
    return page(f"Who has looked at {key}, and why", TABLE, wide=True, table_id="who",
                columns=columns, rows=rows)  # fmt: skip


@blueprint.route("/admin/access/break-glass")
def break_glass_view() -> Any:
    _admin()
    rows = auth_state().audit().break_glass_sessions(unreviewed_only=False)
    columns = ["break_glass_id", "user", "role", "started_at", "expires_at", "reason",
               "actions", "reviewed", "verdict"]  # fmt: skip
    return page(
        "Break-glass review", TABLE, wide=True, table_id="break-glass", columns=columns, rows=rows
    )
