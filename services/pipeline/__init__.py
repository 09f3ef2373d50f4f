"""Scheduled graph loads: source registry, scheduler, pipeline runs and their history.

See docs/scheduling.md. ``sources`` (the YAML registry), ``steps`` (the Step protocol),
``adapters`` (the real steps), ``runner`` (the one runner: lock, steps, retries, record, hook),
``flows`` (the pipelines it runs: a registered source, the demo), ``scheduler`` (APScheduler
service), ``operations`` (shared by the CLI and admin pages).
"""
