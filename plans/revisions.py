"""Marking a change of something verdicts read besides figures (indicators.freshness says why)."""

from plans.models import Revision


def revised(what: str) -> None:
    """Mark a change of something verdicts read (not a figure), in the caller's transaction: for the bulk writes
    that send no signal (the signals of indicators.freshness mark every other save and delete)."""
    Revision.objects.create(what=what[:100])
