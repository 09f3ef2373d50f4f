"""Sign-in, sign-out, purpose of access and break-glass (``/auth/...``), each audited."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import flask
from markupsafe import Markup

from touchpoint.app import state
from touchpoint.app.auth.forms import (
    BreakGlassForm,
    CaseSwitchForm,
    PurposeForm,
    RoleForm,
    SignInForm,
)
from touchpoint.app.auth.session import (
    auth_state,
    current_cases,
    current_context,
    current_user,
    end_current_session,
    is_admin,
    open_case,
    remember_glass,
    start_session,
    switch_case,
)
from touchpoint.app.auth.templates import BASE, CASES, FORM, STYLE
from touchpoint.graph_model.access import sessions
from touchpoint.graph_model.access.cases import Case, find, person_in
from touchpoint.graph_model.access.context import AccessContext, AccessDenied, Purpose
from touchpoint.graph_model.access.users import first_run_hint, sign_in
from touchpoint.graph_model.model.errors import TouchpointError

blueprint = flask.Blueprint("touchpoint_auth", __name__, url_prefix="/auth")
FAILED = "Wrong username or password, or the account is locked or disabled."
GRAPH_DOWN = "The graph is not answering, so no one can sign in until it is back."
MAX_NEXT = 2000


def page(
    title: str, body: str, messages: list[str] | None = None, *, wide: bool = False,
    **context: Any,
) -> str:  # fmt: skip
    """A full page in the workbench's style: the shared frame (top bar, who is signed in,
    break-glass banner) around ``body``; a form is a narrow card, a table (``wide``) a full one."""
    ctx = current_context()
    glass = ctx.break_glass.expires_at.strftime("%H:%M UTC") if ctx and ctx.glass_active else None
    inner = flask.render_template_string(body, **context)
    return flask.render_template_string(
        BASE, title=title, body=Markup(inner), who=ctx, admin=is_admin(ctx), glass=glass,
        messages=messages or [], style=STYLE, width="page-wide" if wide else "page-narrow",
    )  # fmt: skip


def safe_next(default: str = "/") -> str:
    """Where to go after a form: only a path on this site. One leading ``/`` and no second
    ``/`` or ``\\`` after it, no scheme, no control characters or spaces anywhere (browsers drop
    tabs and newlines and read ``\\`` as ``/``, so ``/\\t/evil.example`` is ``//evil.example``)."""
    target = flask.request.args.get("next") or default
    if not isinstance(target, str) or len(target) > MAX_NEXT:
        return default
    if any(ch <= " " or ch == "\x7f" for ch in target) or "\\" in target:
        return default
    if not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target


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
        graph = state.current_graph()
        result = sign_in(graph, username, form.password.data)
        audit = auth_state().audit()
        if result.ok and result.user is not None and start_session(username, result.user.roles[0]):
            ctx = current_context()
            audit.record(ctx or AccessContext(username, result.user.roles[0]), "sign_in")
            auth = auth_state()
            sessions.prune(graph, auth.idle_seconds, auth.max_seconds)
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
        return first_run_hint(state.current_graph(), auth_state().admin_role)
    except TouchpointError:
        return GRAPH_DOWN


@blueprint.route("/sign-out", methods=["POST"])
def sign_out_view() -> Any:
    """Sign out: every session of the account ends, so no saved copy of the cookie works."""
    ctx = current_context()
    if ctx is not None:
        auth_state().audit().record(ctx, "sign_out")
    end_current_session()
    return flask.redirect(flask.url_for("touchpoint_auth.sign_in_view"))


@blueprint.route("/role", methods=["GET", "POST"])
def role_view() -> Any:
    """Switch between the roles the account holds (a new session: purpose and break-glass are
    dropped)."""
    user = current_user() or {}
    form = RoleForm()
    form.role.choices = [(r, r) for r in user.get("roles") or []]
    if form.validate_on_submit() and start_session(user["username"], form.role.data):
        auth_state().audit().record(current_context(), "role_switch")  # type: ignore[arg-type]
        return flask.redirect(safe_next())
    return page("Act as", FORM, form=form, form_id="role", submit="Switch", after="")


@blueprint.route("/purpose", methods=["GET", "POST"])
def purpose_view() -> Any:
    """Record why you are looking: the case (purpose, case reference, reason) the person you
    are opening belongs to. A purpose belongs to its case (``graph_model.access.cases``): keep
    the current case's reference (pre-filled) to add the person to it - the reason says why -
    or give another case's reference to open or return to that case."""
    ctx = current_context()
    assert ctx is not None  # the before-request check let only a live session through
    agreements = auth_state().agreements
    grant = agreements.grant(ctx.role)
    target = safe_next()
    person = person_in(target)
    cases = current_cases()
    current = cases[0] if cases else None
    form = PurposeForm()
    form.purpose.choices = list(grant.agreement.purposes.items())
    messages: list[str] = []
    if flask.request.method == "GET" and current is not None:
        form.purpose.data = current.purpose.code  # pre-filled: add to the current case
        form.case_reference.data = current.reference
    if form.validate_on_submit():
        purpose = Purpose(form.purpose.data, form.case_reference.data.strip(),
                          " ".join(form.reason.data.split()))  # fmt: skip
        known = find(cases, purpose.case_reference)
        try:
            ctx.with_purpose(purpose, agreements)
            if known is not None and known.purpose.code != purpose.code:
                raise AccessDenied(
                    f"Case {known.reference} was opened for purpose {known.purpose.code!r}; "
                    "choose that purpose to add to it, or give a new case reference."
                )
        except AccessDenied as exc:
            messages.append(str(exc))
        else:
            case = open_case(known.purpose if known else purpose, person)
            if case is not None:
                _audit_case(ctx, case, known, person, purpose.reason, grant.agreement.agreement)
                return flask.redirect(target)
            messages.append("Your session has ended; sign in again.")
    after = flask.render_template_string(
        "<p>Under <b>{{ t }}</b> - {{ legal }}</p>",
        t=grant.agreement.title,
        legal="; ".join(grant.agreement.legal_basis),
    )
    intro = _purpose_intro(person, current, cases)
    return page("Purpose of access", intro + FORM + CASES, messages, form=form,
                form_id="purpose", submit="Record purpose", after=Markup(after),
                cases=cases, switch_next=target, person=person, current=current)  # fmt: skip


def _purpose_intro(person: str | None, current: Case | None, cases: tuple[Case, ...]) -> str:
    """What the purpose page is asking (Jinja source: ``person``, ``current`` in context)."""
    if person and current is not None and not any(c.covers(person) for c in cases):
        return (
            '<p class="notice" id="purpose-case-question">Person <b>{{ person }}</b> is not '
            "part of your current case <b>{{ current.reference }}</b>. To add them to it, keep "
            "its reference below and say why they belong to it; if they are for another case, "
            "give that case's reference and purpose.</p>"
        )
    return (
        '<p id="purpose-case-question">Give the case you are looking for: each person you '
        "open is read, and audited, under the case they belong to.</p>"
    )


def _audit_case(
    ctx: AccessContext, case: Case, known: Case | None, person: str | None, reason: str,
    agreement: str,
) -> None:  # fmt: skip
    """A new case (``purpose_set``), a person added to a case (``case_person_added``, with
    the reason) or a return to a case (``case_switched``), under that case."""
    under = replace(ctx, purpose=case.purpose)
    subjects = [person] if person else []
    if known is None:
        action, terms = "purpose_set", None
    elif person and not known.covers(person):
        action, terms = "case_person_added", {"reason": reason}
    else:
        action, terms = "case_switched", None
    auth_state().audit().record(under, action, agreement=agreement, subjects=subjects,
                                terms=terms)  # fmt: skip


@blueprint.route("/case", methods=["POST"])
def case_view() -> Any:
    """Switch to another case this session used (the session strip's and purpose page's
    buttons); one it never used is refused."""
    ctx = current_context()
    assert ctx is not None
    form = CaseSwitchForm()
    if not form.validate_on_submit():
        return page("Switch case", "", ["That request could not be checked."]), 400
    case = switch_case(form.case_reference.data.strip())
    if case is None:
        return page("Switch case", "", ["That case was not used in this session."]), 400
    agreement = auth_state().agreements.grant(ctx.role).agreement.agreement
    auth_state().audit().record(replace(ctx, purpose=case.purpose), "case_switched",
                                agreement=agreement)  # fmt: skip
    return flask.redirect(safe_next())


@blueprint.route("/break-glass", methods=["GET", "POST"])
def break_glass_view() -> Any:
    """Access beyond the agreement - only for roles whose agreement allows it: a purpose, a
    reason of substance, a time limit (at most ``Settings.break_glass_max_minutes``), flagged
    for admin review, and ended by that review."""
    ctx = current_context()
    assert ctx is not None
    auth = auth_state()
    grant = auth.agreements.grant(ctx.role)
    if not grant.break_glass:
        return page("Break-glass", "", [
            f"Your role ({ctx.role}) may not break glass under agreement "
            f"{grant.agreement.agreement}. Ask a colleague whose role may, or an administrator."
        ])  # fmt: skip
    form = BreakGlassForm()
    form.purpose.choices = list(grant.agreement.purposes.items())
    messages: list[str] = []
    if form.validate_on_submit():
        reason = " ".join(form.reason.data.split())
        purpose = Purpose(form.purpose.data, form.case_reference.data.strip(), reason)
        try:
            ctx = ctx.with_break_glass(
                reason, auth.agreements, purpose, int(form.minutes.data),
                max_minutes=auth.glass_max_minutes,
            )  # fmt: skip
        except AccessDenied as exc:
            messages.append(str(exc))
        else:
            auth.audit().open_break_glass(ctx)
            if remember_glass(ctx.break_glass, purpose):  # type: ignore[arg-type]
                return flask.redirect(safe_next())
            messages.append("Your session has ended; sign in again.")
    note = (f"<p>At most {auth.glass_max_minutes} minutes. Every action is recorded and "
            "reviewed; a review ends it.</p>")  # fmt: skip
    return page("Break-glass", FORM, messages, form=form, form_id="break-glass",
                submit="Break glass", after=note)  # fmt: skip
