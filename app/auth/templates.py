"""Server-rendered pages for sign-in, purpose, break-glass and admin (Jinja, autoescaped)."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

#: The workbench's own stylesheets, inlined: these pages look like the Dash pages, and the
#: sign-in page must not depend on a request its visitor is not yet allowed to make.
ASSETS = Path(__file__).resolve().parent.parent / "assets"
STYLE = Markup("\n".join(
    (ASSETS / name).read_text(encoding="utf-8")
    for name in ("touchpoint.css", "admin.css", "server_pages.css")
))  # fmt: skip

BASE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }} - Touchpoint</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{{ style }}</style></head><body class="server-page">
<a class="skip-link" href="#main-content">Skip to main content</a>
<header class="topbar"><a class="brand" href="/"><span class="brand-mark"
 aria-hidden="true">&#9670;</span>Touchpoint</a>
{% if who %}<nav aria-label="Main"><ul><li><a href="/">Search</a></li>
 <li><a href="/connections">Connections</a></li><li><a href="/patterns">Patterns</a></li>
 <li><a href="/flags">Flags</a></li><li><a href="/review">Matches</a></li>
 {% if admin %}<li><a href="/admin/sources">Admin</a></li>{% endif %}</ul></nav>{% endif %}
<span class="header-note">Synthetic data only</span></header>
{% if who %}<div class="session-strip" id="auth-nav"><span>Signed in as <b>{{ who.user }}</b>
 ({{ who.role }}) &middot; {% if who.purpose %}case {{ who.purpose.case_reference }}{% else
 %}no case yet{% endif %}</span>
 <a class="strip-link" href="/auth/purpose">Purpose</a>
 <a class="strip-link" href="/auth/break-glass">Break-glass</a>
 {% if admin %}<a class="strip-link" href="/admin/access/users">Users</a>
 <a class="strip-link" href="/admin/access/agreements">Agreements</a>
 <a class="strip-link" href="/admin/access/audit">Audit</a>
 <a class="strip-link" href="/admin/access/break-glass">Break-glass review</a>{% endif %}
 <form method="post" action="/auth/sign-out" class="strip-form">
 <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
 <button id="sign-out" class="button-link">Sign out</button></form></div>{% endif %}
{% if glass %}<p class="alert alert-error banner" id="glass-banner" role="alert">BREAK-GLASS
 active until {{ glass }} - everything you open is flagged for admin review.</p>{% endif %}
<main id="main-content" tabindex="-1"><div class="page {{ width }}"><div class="card">
<h1>{{ title }}</h1>
{% for m in messages %}<p class="alert alert-error" id="auth-message" role="alert">{{ m }}</p>
{% endfor %}
{{ body|safe }}
</div></div></main></body></html>"""

FORM = """<form method="post" id="{{ form_id }}-form">{{ form.hidden_tag() }}
{% for field in form if field.type not in ('CSRFTokenField', 'HiddenField') %}
{{ field.label }}{{ field(id=field.name) }}
{% for e in field.errors %}<span class="error">{{ e }}</span>{% endfor %}{% endfor %}
<button type="submit" id="{{ form_id }}-submit" class="button button-primary">{{ submit }}
</button></form>{{ after|safe }}"""

TABLE = """{% if notice %}<p class="note note-warn" id="withheld-notice">{{ notice }}</p>{% endif %}
<div class="table-scroll server-table"><table id="{{ table_id }}" class="table"><thead><tr>
{% for c in columns %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead><tbody>
{% for row in rows %}<tr>{% for c in columns %}<td>{{ row.get(c, '') if row.get(c) is not none
 else '' }}</td>{% endfor %}</tr>{% endfor %}</tbody></table></div>"""

CASES = """{% if cases|length > 1 %}<h2>Cases in this session</h2>
<ul id="session-cases">{% for c in cases %}<li>{% if loop.first %}<b>{{ c.reference }}</b>
 (current){% else %}<form method="post" action="/auth/case?next={{ switch_next|urlencode }}"
 style="display:inline"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
 <input type="hidden" name="case_reference" value="{{ c.reference }}">
 <button type="submit" class="switch-case button button-small">Switch to
 {{ c.reference }}</button></form>{% endif %} - {{ c.people|length }} people</li>
{% endfor %}</ul>{% endif %}"""
