"""The error every plan-side rule raises: its message is Vietnamese and says what to do."""


class PlanRuleError(Exception):
    """A change a plan's rules forbid; the message is Vietnamese and says what to do."""
