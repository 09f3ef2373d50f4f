"""Scheduled graph loads: source registry, scheduler, pipeline runs and their history.

See docs/scheduling.md. ``sources`` (the YAML registry), ``steps`` (the Step protocol),
``adapters`` (the real steps), ``runner`` (one run: lock, steps, retries, record, hook),
``scheduler`` (APScheduler service), ``operations`` (shared by the CLI and admin pages).
"""
