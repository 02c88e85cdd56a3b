"""The dashboard's drill-down — the unit's verdicts and every unit one level down judged on every indicator —
kept between requests until a verdict could change.

Judging a province's 100 communes on 20 indicators over 10 periods takes a few hundred milliseconds; leaders open
the same dashboard many times a day while figures are approved a few times. What is kept: the verdicts over
approved figures (plan_progress and children_progress without completeness), per plan, period, unit, method and
the indicators the user sees, under indicators.freshness.stamp(), so that the first approval, return, un-approval,
import or change of a target, an indicator, a period or a unit after it is kept makes the next reader judge afresh.
Never kept: completeness (it changes with every submission and is cheap: read every time) and a view that includes
submitted figures (the coordinator's preview: judged every time).

The cache is the database's (settings.CACHES): one worker judges, every worker reads. When several leaders open
the same dashboard at once after a change, one judges it and the others wait for it rather than judging it too
(three workers judging the same drill-down at once each take three times as long).
"""

import hashlib
import logging
import pickle
import zlib
from pathlib import Path

from django.core.cache import cache

from indicators import rollup
from indicators.access import indicators_visible_to
from indicators.freshness import stamp
from indicators.models import figures
from plans import models
from plans.models import AdministrativeUnit, Plan, ReportingPeriod, User
from plans.units import plan_units
from reports import progress, selectors
from reports.selectors import (
    ChildProgress,
    PlanProgress,
    add_children_completeness,
    add_completeness,
    children_progress,
    plan_progress,
)


def _code_version() -> str:
    """What the kept objects are made of (their classes' source): a deploy that changes them never reads what an
    older version kept (unpickling it could fail, or worse, succeed with fields missing)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())  # how it is stored
    for module in (progress, selectors, rollup, figures, models):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:12]


FORMAT = _code_version()
UNREADABLE = (
    pickle.UnpicklingError,
    zlib.error,
    AttributeError,
    EOFError,
    ImportError,
    IndexError,
    TypeError,
    ValueError,
)
logger = logging.getLogger(__name__)
KEEP_SECONDS = 60 * 60  # a bound on memory, not on staleness (the stamp decides that)
JUDGING_SECONDS = 60  # a mark that one request is judging a drill-down: the others wait for it, not judge it too


def drilldown(
    plan: Plan,
    period: ReportingPeriod,
    unit: AdministrativeUnit,
    *,
    method: str,
    include_submitted: bool,
    user: User,
) -> tuple[PlanProgress, list[ChildProgress]]:
    """The plan's progress at `unit` as `user` sees it, and each unit one level down (every one, in name order)
    judged on the indicators reported by unit, both with their completeness."""
    key = None
    kept = None
    if not include_submitted:
        visible = indicators_visible_to(user, plan).order_by("pk").values_list("pk", flat=True)
        indicators = hashlib.sha256(",".join(map(str, visible)).encode()).hexdigest()[:16]
        key = f"drilldown:{FORMAT}:{plan.pk}:{period.pk}:{unit.pk}:{method}:{indicators}:{stamp()}"
        kept = _kept(key)
        if kept is None and not cache.add(f"{key}:judging", True, JUDGING_SECONDS):
            # Someone else is judging it. In the database's cache their mark is written in their request's
            # transaction, so the add above waited for it to end: what they judged is there now.
            kept = _kept(key)
    if kept is not None:
        result, rows = kept
    else:
        result = plan_progress(
            plan,
            period,
            method=method,
            include_submitted=include_submitted,
            user=user,
            unit=unit,
            by_child=True,
            completeness=False,
        )
        by_unit = result.indicators_by_unit
        children = list(plan_units(plan).filter(parent=unit).order_by("name")) if by_unit else []
        rows = []
        if children:
            rows = children_progress(
                plan,
                period,
                unit,
                indicators=by_unit,
                children=children,
                method=method,
                include_submitted=include_submitted,
                below=result.child_rollups,
                completeness=False,
            )
        result.child_rollups = None  # read once, judged: not kept
        if key is not None:
            _keep(key, (result, rows))
    add_completeness(result, by_child=bool(rows))
    if rows:
        add_children_completeness(rows, plan, period, unit, result.indicators_by_unit, reported=result.child_reported)
    return result, rows


def _keep(key: str, value) -> None:
    """Kept compressed: a province's drill-down pickles to ~450 KB of repetitive records, ~25 KB compressed (1 ms)."""
    cache.set(key, zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1), KEEP_SECONDS)


def _kept(key: str):
    """What was kept under `key`, or None; something that cannot be read back is judged again, never a 500."""
    try:
        blob = cache.get(key)
        return None if blob is None else pickle.loads(zlib.decompress(blob))
    except UNREADABLE:
        logger.warning("Không đọc lại được bảng theo dõi đã lưu (%s): đánh giá lại.", key, exc_info=True)
        return None
