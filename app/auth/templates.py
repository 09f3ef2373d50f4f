"""Server-rendered pages for sign-in, purpose, break-glass and admin (Jinja, autoescaped)."""

from __future__ import annotations

BASE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }} - Touchpoint</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
label{display:block;margin-top:.8rem;font-weight:600} input,select,textarea{width:100%;
padding:.4rem;font:inherit} button{margin-top:1rem;padding:.5rem 1.2rem;font:inherit}
.error{color:#a00} .notice{background:#fff4d6;border-left:4px solid #e0a800;padding:.5rem 1rem}
.glass{background:#fde2e2;border-left:4px solid #c00;padding:.5rem 1rem}
table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #ddd;padding:.3rem;
text-align:left;font-size:.9rem} nav a{margin-right:1rem}
</style></head><body>
{% if who %}<nav id="auth-nav">Signed in as <b>{{ who.user }}</b> ({{ who.role }})
 {% if who.purpose %}- case {{ who.purpose.case_reference }}{% endif %}
 <a href="/">Workbench</a><a href="/auth/purpose">Purpose</a>
 <a href="/auth/break-glass">Break-glass</a>
 {% if admin %}<a href="/admin/access/users">Users</a>
 <a href="/admin/access/agreements">Agreements</a><a href="/admin/access/audit">Audit</a>
 <a href="/admin/access/break-glass">Break-glass review</a>{% endif %}
 <form method="post" action="/auth/sign-out" style="display:inline">
 <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
 <button id="sign-out" style="margin:0;width:auto">Sign out</button></form></nav>{% endif %}
{% if glass %}<p class="glass" id="glass-banner">BREAK-GLASS active until {{ glass }} -
 everything you open is flagged for admin review.</p>{% endif %}
<h1>{{ title }}</h1>
{% for m in messages %}<p class="error" id="auth-message">{{ m }}</p>{% endfor %}
{{ body|safe }}
</body></html>"""

FORM = """<form method="post" id="{{ form_id }}-form">{{ form.hidden_tag() }}
{% for field in form if field.type not in ('CSRFTokenField', 'HiddenField') %}
{{ field.label }}{{ field(id=field.name) }}
{% for e in field.errors %}<span class="error">{{ e }}</span>{% endfor %}{% endfor %}
<button type="submit" id="{{ form_id }}-submit">{{ submit }}</button></form>{{ after|safe }}"""

TABLE = """{% if notice %}<p class="notice" id="withheld-notice">{{ notice }}</p>{% endif %}
<table id="{{ table_id }}"><tr>{% for c in columns %}<th>{{ c }}</th>{% endfor %}</tr>
{% for row in rows %}<tr>{% for c in columns %}<td>{{ row.get(c, '') if row.get(c) is not none
 else '' }}</td>{% endfor %}</tr>{% endfor %}</table>"""

CASES = """{% if cases|length > 1 %}<h2>Cases in this session</h2>
<ul id="session-cases">{% for c in cases %}<li>{% if loop.first %}<b>{{ c.reference }}</b>
 (current){% else %}<form method="post" action="/auth/case?next={{ switch_next|urlencode }}"
 style="display:inline"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
 <input type="hidden" name="case_reference" value="{{ c.reference }}">
 <button type="submit" class="switch-case" style="margin:0;width:auto">Switch to
 {{ c.reference }}</button></form>{% endif %} - {{ c.people|length }} people</li>
{% endfor %}</ul>{% endif %}"""
