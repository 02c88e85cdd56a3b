"""Whether a verdict kept between requests is still right: the one place that says what it depends on.

A kept result (the dashboard's drill-down, reports.drilldown) is stored under a key that ends with stamp(): the
newest audit row of a change that touched an approved figure, and the newest Revision. Both are rows written in
the same transaction as the change they mark, so a reader that reads the stamp before the data can never keep an
old result under a new stamp, whatever the cache; and both are only ever added (no row is updated), so writers
never wait for each other.

- figures: every change of a figure is audited (indicators.services.figures._record: one ValueChange per figure
  changed, with its status before and after). A change that touches an approved figure, before or after it, moves
  the stamp; drafts and submissions move nothing, since only approved figures are kept (a view that includes
  submitted figures, and completeness, which counts them, are computed afresh every time);
- everything else a verdict reads (plans, goals, indicators, targets, assignments, agencies, periods, units): a
  Revision row, written by the signals below on every save and delete, and by revised() after the bulk writes that
  send no signal (plans.services.units, the plan workbook's import: plans.revisions), and after every `migrate`.

The benchmark's and the load test's builders write figures in bulk with no audit: both empty the cache before
they measure.
"""

from django.db import connection, connections
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from indicators.models import ValueChange, ValueStatus
from plans.models import Revision
from plans.revisions import revised


def _on_change(sender, **kwargs) -> None:
    if kwargs.get("action", "post_").startswith("post_"):  # an m2m change is marked once, after it is made
        revised(sender._meta.label)


def stamp() -> str:
    """The stamp a kept verdict over approved figures is stored under: one query, two index look-ups."""
    changes, revisions = ValueChange._meta.db_table, Revision._meta.db_table
    approved = ValueStatus.APPROVED.value
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {changes} WHERE status_before = %s OR status_after = %s), "
            f"(SELECT MAX(id) FROM {revisions})",
            [approved, approved],
        )
        figures, revision = cursor.fetchone()
    return f"{figures or 0}.{revision or 0}"


def _after_migrate(using="default", **kwargs) -> None:
    """A migration may change anything (a data migration rewrites figures without an audit row): after every
    `migrate`, nothing kept before it is used."""
    if Revision._meta.db_table in connections[using].introspection.table_names():
        Revision.objects.using(using).create(what="migrate")


def connect_signals(app_config) -> None:
    """Every model a verdict reads, besides figures, and every `migrate` (from the app's ready())."""
    post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid="freshness-migrate")
    from indicators.models import Assignment, Indicator, Target
    from plans.models import AdministrativeUnit, Agency, Goal, Plan, ReportingPeriod

    for model in (Plan, Goal, Indicator, Target, Assignment, Agency, ReportingPeriod, AdministrativeUnit):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"freshness-save-{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"freshness-delete-{model.__name__}")
    m2m_changed.connect(_on_change, dispatch_uid="freshness-m2m")
