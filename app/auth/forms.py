"""The sign-in, purpose and break-glass forms (flask-wtf: every POST carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Regexp


class SignInForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=63)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


class RoleForm(FlaskForm):
    role = SelectField("Act as", validators=[DataRequired()])


class PurposeForm(FlaskForm):
    purpose = SelectField("Purpose", validators=[DataRequired()])
    case_reference = StringField(
        "Case reference",
        validators=[
            DataRequired(),
            Regexp(r"^[A-Za-z0-9][A-Za-z0-9/\-_. ]{1,63}$", message="e.g. MASH-2026-0142"),
        ],
    )
    reason = TextAreaField("Reason", validators=[DataRequired(), Length(min=5, max=500)])


class CaseSwitchForm(FlaskForm):
    """Make another case this session used the current one (session strip, purpose page)."""

    case_reference = StringField("Case", validators=[DataRequired(), Length(max=64)])


class BreakGlassForm(FlaskForm):
    """Break-glass carries a purpose like any view (the reason is the purpose's reason); the
    maximum minutes is the setting, checked again on the server."""

    purpose = SelectField("Purpose", validators=[DataRequired()])
    case_reference = StringField(
        "Case reference",
        validators=[
            DataRequired(),
            Regexp(r"^[A-Za-z0-9][A-Za-z0-9/\-_. ]{1,63}$", message="e.g. MASH-2026-0142"),
        ],
    )
    reason = TextAreaField("Why you need more than the agreement allows",
                           validators=[DataRequired(), Length(min=20, max=500)])  # fmt: skip
    minutes = IntegerField("For how many minutes", default=30,
                           validators=[NumberRange(min=1, max=240)])  # fmt: skip


class AuditSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form: it changes nothing

    user = StringField("User", validators=[Length(max=63)])
    person = StringField("Person or record id", validators=[Length(max=80)])
    since = StringField("Since (7d, 12h, or a date)", validators=[Length(max=40)])


class UserChangeForm(FlaskForm):
    """An admin's change to one account (the password stays a CLI matter: never on screen)."""

    username = StringField("Username", validators=[DataRequired(), Length(max=63)])
    change = SelectField(
        "Change",
        choices=[("disable", "Disable"), ("enable", "Enable"), ("grant", "Grant role"),
                 ("revoke", "Revoke role")],
        validators=[DataRequired()],
    )  # fmt: skip
    role = StringField("Role (for grant / revoke)", validators=[Length(max=63)])
