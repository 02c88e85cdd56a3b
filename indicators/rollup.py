"""The roll-up rule of DESIGN.md 3: a unit's figure from the figures of the units below it (pure functions).

With numerator and denominator in every figure: sum each and recompute (× factor); `count`: the sum; anything
else is not aggregated (the figure must be entered).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from indicators.models import Kind

FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class UnitFigure:
    value: Decimal | bool | str | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def aggregate(*, kind: str, factor: Decimal, figures: list[UnitFigure]) -> Decimal | None:
    """The territory's figure from its communes' (DESIGN.md 3).

    With numerator and denominator in every figure: sum each and recompute. `count`: the sum. Anything else
    is not aggregated (the territory's figure must be entered): None.
    """
    if not figures:
        return None
    if all(f.numerator is not None and f.denominator is not None for f in figures):
        denominator = sum(f.denominator for f in figures)
        if denominator == 0:
            return None
        return (sum(f.numerator for f in figures) / denominator * factor).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    if kind == Kind.COUNT and all(isinstance(f.value, Decimal) for f in figures):
        return sum(f.value for f in figures)
    return None
