"""Writes for reports: the coordinator's text sections, the report's number and date."""

from datetime import date

from django.db import transaction

from plans.models import Plan, ReportingPeriod, User
from reports.models import Narrative


@transaction.atomic
def narrative_save(
    *,
    actor: User,
    plan: Plan,
    period: ReportingPeriod,
    is_final: bool,
    direction: str,
    shortcomings: str,
    tasks: str,
    recommendations: str,
    number: str = "",
    issued_on: date | None = None,
) -> Narrative:
    narrative, _ = Narrative.objects.update_or_create(
        plan=plan,
        period=period,
        is_final=is_final,
        defaults={
            "direction": direction.strip(),
            "shortcomings": shortcomings.strip(),
            "tasks": tasks.strip(),
            "recommendations": recommendations.strip(),
            "number": " ".join(number.split()),
            "issued_on": issued_on,
            "updated_by": actor,
        },
    )
    return narrative
