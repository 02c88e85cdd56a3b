"""Reads of activities that several places need: an agency's activities for a period (the entry page), a period's
activities by agency and status with what is late (the coordinator's page), and the year's count of activities
done (the dashboard). Each runs a fixed number of queries, whatever the number of activities."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import CharField, Count, F, FilteredRelation, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from indicators.access import activities_reported_by
from indicators.activities import FINISHED, period_span
from indicators.models import (
    Activity,
    ActivityEvidence,
    ActivityOutput,
    ActivityProgress,
    ActivityReport,
    ValueStatus,
    WorkPlan,
)
from plans.models import Agency, Plan, ReportingPeriod

NOT_REPORTED = "none"  # the status filter's word for "no report yet"


def reference_date(period: ReportingPeriod, today: date | None = None) -> date:
    """The day lateness is judged at: today while the period runs, the day after its last day once it is over
    (then everything not done by the end of the period is late)."""
    return min(today or timezone.localdate(), period.spec.ends_on + timedelta(days=1))


def period_activities(plan: Plan, period: ReportingPeriod) -> QuerySet[Activity]:
    """The activities reported in a period: those of the work plan of its year whose window overlaps it."""
    first, last = period_span(period.spec)
    return Activity.objects.filter(
        work_plan__plan=plan, work_plan__year=period.year, start_date__lte=last, end_date__gte=first
    )


def late_q(reference: date) -> Q:
    """indicators.activities.lateness as a filter (on activities annotated by with_report): the window ended
    before `reference` and the latest progress reported up to the period is not done nor dropped."""
    unfinished = Q(effective_progress__isnull=True) | ~Q(effective_progress__in=FINISHED)
    return Q(end_date__lt=reference) & unfinished


def earlier_periods(period: ReportingPeriod) -> list[int]:
    """The periods of the same plan and year that end before this one (the first half-year, for the year)."""
    return [
        other.pk
        for other in period.plan.periods.all()  # prefetched by the pages (plans.access.plan_for_user_or_404)
        if other.year == period.year and other.spec.ends_on < period.spec.ends_on
    ]


def with_report(activities: QuerySet[Activity], period: ReportingPeriod) -> QuerySet[Activity]:
    """Activities joined to their report of the period (`this`): its status and progress annotated, the progress
    of an earlier period of the year (`earlier_progress`: what the first half-year said) and the latest of the two
    (`effective_progress`, by which lateness is judged: an activity done in June is not late in December)."""
    earlier = earlier_periods(period)
    if earlier:
        earlier_progress = Subquery(
            ActivityReport.objects.filter(activity=OuterRef("pk"), period__in=earlier)
            .order_by("-period__year", "period__kind")
            .values("progress")[:1]
        )
    else:
        earlier_progress = Value(None, output_field=CharField())
    return (
        activities.annotate(this=FilteredRelation("reports", condition=Q(reports__period=period)))
        .annotate(report_status=F("this__status"), report_progress=F("this__progress"))
        .annotate(earlier_progress=earlier_progress)
        .annotate(effective_progress=Coalesce("report_progress", "earlier_progress"))
    )


def _prefetched(activities: QuerySet[Activity], period: ReportingPeriod) -> QuerySet[Activity]:
    return (
        with_report(activities, period)
        .select_related("theme", "lead_agency", "work_plan")
        .prefetch_related(
            Prefetch("outputs", queryset=ActivityOutput.objects.order_by("position", "pk")),
            Prefetch("coordinating_agencies", queryset=Agency.objects.order_by("name")),
            Prefetch(
                "reports",
                queryset=ActivityReport.objects.filter(period=period)
                .select_related("entered_by", "reviewed_by", "agency")
                .prefetch_related(
                    Prefetch("evidence", queryset=ActivityEvidence.objects.order_by("uploaded_at", "pk"))
                ),
                to_attr="period_reports",
            ),
        )
    )


def report_of(activity: Activity) -> ActivityReport | None:
    """The period's report of an activity fetched by _prefetched."""
    reports = getattr(activity, "period_reports", [])
    return reports[0] if reports else None


# ---------------------------------------------------------------- an agency's activities for a period


def agency_activities(plan: Plan, period: ReportingPeriod, agency: Agency) -> list[Activity]:
    """The activities an agency leads in a period, with their report, evidence and promised outputs. Four queries."""
    reported = period_activities(plan, period).filter(pk__in=activities_reported_by(agency, plan).values("pk"))
    return list(_prefetched(reported, period).order_by("position", "pk"))


def agency_activity_counts(plan: Plan, period: ReportingPeriod, agency: Agency) -> dict[str, int]:
    """How many activities an agency leads in a period, how many it reported, how many came back. One query."""
    reported = period_activities(plan, period).filter(pk__in=activities_reported_by(agency, plan).values("pk"))
    return with_report(reported, period).aggregate(
        total=Count("pk"),
        reported=Count("pk", filter=Q(report_status__isnull=False)),
        returned=Count("pk", filter=Q(report_status=ValueStatus.RETURNED)),
    )


def agencies_with_activities(plan: Plan) -> QuerySet[Agency]:
    """Agencies that lead an activity of one of the plan's work plans."""
    return Agency.objects.filter(pk__in=Activity.objects.filter(work_plan__plan=plan).values("lead_agency_id"))


# ---------------------------------------------------------------- the coordinator's page


@dataclass
class ActivityFilters:
    agency: Agency | None = None
    status: str = ""  # a ValueStatus, NOT_REPORTED, or "" for all
    progress: str = ""  # an ActivityProgress or ""
    late_only: bool = False
    search: str = ""


def period_activity_list(plan: Plan, period: ReportingPeriod, filters: ActivityFilters, reference: date):
    """The period's activities, filtered, in agency then plan order (a queryset to page through)."""
    activities = with_report(period_activities(plan, period), period)
    if filters.agency is not None:
        activities = activities.filter(lead_agency=filters.agency)
    if filters.status == NOT_REPORTED:
        activities = activities.filter(report_status__isnull=True)
    elif filters.status:
        activities = activities.filter(report_status=filters.status)
    if filters.progress:
        activities = activities.filter(report_progress=filters.progress)
    if filters.late_only:
        activities = activities.filter(late_q(reference))
    if filters.search:
        activities = activities.filter(Q(name__icontains=filters.search) | Q(code__icontains=filters.search))
    return activities.order_by("lead_agency__name", "position", "pk")


def page_rows(activities: list[Activity], period: ReportingPeriod) -> list[Activity]:
    """The activities of one page with their report, evidence and promised outputs (four queries)."""
    by_pk = {
        activity.pk: activity
        for activity in _prefetched(Activity.objects.filter(pk__in=[a.pk for a in activities]), period)
    }
    return [by_pk[activity.pk] for activity in activities]


@dataclass
class AgencyCounts:
    agency_id: int
    name: str
    total: int = 0
    not_reported: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # by ValueStatus
    done: int = 0
    late: int = 0


def agency_status_counts(plan: Plan, period: ReportingPeriod, reference: date) -> list[AgencyCounts]:
    """Per lead agency: its activities in the period, how many are not reported, in each status, done and late.
    One query."""
    statuses = {status: Count("pk", filter=Q(report_status=status)) for status in ValueStatus.values}
    rows = (
        with_report(period_activities(plan, period), period)
        .values("lead_agency_id", "lead_agency__name")
        .annotate(
            total=Count("pk"),
            not_reported=Count("pk", filter=Q(report_status__isnull=True)),
            done=Count("pk", filter=Q(effective_progress=ActivityProgress.DONE)),
            late=Count("pk", filter=late_q(reference)),
            **{f"status_{status}": count for status, count in statuses.items()},
        )
        .order_by("lead_agency__name")
    )
    return [
        AgencyCounts(
            agency_id=row["lead_agency_id"],
            name=row["lead_agency__name"],
            total=row["total"],
            not_reported=row["not_reported"],
            counts={status: row[f"status_{status}"] for status in ValueStatus.values},
            done=row["done"],
            late=row["late"],
        )
        for row in rows
    ]


# ---------------------------------------------------------------- the year, for the dashboard


@dataclass(frozen=True)
class YearActivities:
    work_plan: WorkPlan | None
    planned: int = 0
    done: int = 0  # an approved report says done
    dropped: int = 0
    awaiting: int = 0  # reports submitted, not yet reviewed

    @property
    def done_share(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0


def year_activities(plan: Plan, year: int) -> YearActivities:
    """Activities done / planned for the year (done: an approved report of any period of the year says so). Two
    queries."""
    work_plan = WorkPlan.objects.filter(plan=plan, year=year).first()
    if work_plan is None:
        return YearActivities(None)
    counts = Activity.objects.filter(work_plan=work_plan).aggregate(
        planned=Count("pk", distinct=True),
        done=Count(
            "pk",
            distinct=True,
            filter=Q(reports__status=ValueStatus.APPROVED, reports__progress=ActivityProgress.DONE),
        ),
        dropped=Count(
            "pk",
            distinct=True,
            filter=Q(reports__status=ValueStatus.APPROVED, reports__progress=ActivityProgress.DROPPED),
        ),
        awaiting=Count("reports", filter=Q(reports__status=ValueStatus.SUBMITTED)),
    )
    return YearActivities(work_plan, counts["planned"], counts["done"], counts["dropped"], counts["awaiting"])
