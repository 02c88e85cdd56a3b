"""What indicators store: indicators, targets, assignments, figures and their audit (figures.py)."""

from indicators.models.figures import (
    NUMBER,
    NUMERIC_KINDS,
    Assignment,
    AssignmentRole,
    DataValue,
    Direction,
    Indicator,
    Kind,
    Notification,
    PeriodReopening,
    Target,
    ValueAction,
    ValueChange,
    ValueStatus,
)

__all__ = [
    "NUMBER",
    "NUMERIC_KINDS",
    "Assignment",
    "AssignmentRole",
    "DataValue",
    "Direction",
    "Indicator",
    "Kind",
    "Notification",
    "PeriodReopening",
    "Target",
    "ValueAction",
    "ValueChange",
    "ValueStatus",
]
