"""Writes for indicators and their figures. Each is one transaction; importers are all-or-nothing.

- plan_import: the plan workbook (DESIGN.md 7.2)
- values: figures, their workflow and audit, reopening periods (DESIGN.md 3, 5)
- values_import: the values workbook (DESIGN.md 7.3)
"""

from indicators.services.plan_import import ImportSummary, plan_import

__all__ = ["ImportSummary", "plan_import"]
