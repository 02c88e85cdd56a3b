"""The roll-up rule of DESIGN.md 3 on figures in hand (indicators/rollup.py's pure `aggregate` and `rolled_value`):
sums, partial fractions, zero denominators, counts, nothing. The same rule in the database: test_rollup.py."""

from decimal import Decimal as D

import pytest

from indicators.rollup import Sums, UnitFigure, aggregate, rolled_value


def test_rates_sum_numerators_and_denominators_then_recompute():
    figures = [UnitFigure(D(50), D(1), D(2)), UnitFigure(D(25), D(1), D(4))]
    assert aggregate(kind="percent", factor=D(100), figures=figures) == D("33.3333")  # 2/6, not the mean 37.5


def test_the_factor_applies_once_to_the_sum():
    figures = [UnitFigure(D(2), D(2), D(1000)), UnitFigure(D(4), D(8), D(2000))]
    assert aggregate(kind="ratio", factor=D(1000), figures=figures) == D("3.3333")  # 10/3000 per 1.000


def test_the_recomputed_rate_rounds_half_up_to_four_decimals():
    result = aggregate(kind="percent", factor=D(100), figures=[UnitFigure(None, D(1), D(3200))])
    assert result == D("0.0313") and result.as_tuple().exponent == -4  # 0.03125


def test_a_rate_of_units_with_only_zero_denominators_is_not_aggregated():
    figures = [UnitFigure(D(0), D(0), D(0)), UnitFigure(D(0), D(0), D(0))]
    assert aggregate(kind="percent", factor=D(100), figures=figures) is None


def test_a_zero_denominator_among_others_still_counts():
    figures = [UnitFigure(None, D(0), D(0)), UnitFigure(None, D(1), D(4))]
    assert aggregate(kind="percent", factor=D(100), figures=figures) == D("25.0000")


@pytest.mark.parametrize(
    "partial",
    [UnitFigure(D(50)), UnitFigure(D(50), D(1), None), UnitFigure(D(50), None, D(2))],
    ids=["value-only", "numerator-only", "denominator-only"],
)
def test_a_rate_is_not_aggregated_when_one_unit_lacks_its_fraction(partial):
    figures = [UnitFigure(D(25), D(1), D(4)), partial]
    assert aggregate(kind="percent", factor=D(100), figures=figures) is None
    assert aggregate(kind="ratio", factor=D(1000), figures=figures) is None


def test_counts_are_summed():
    counts = [UnitFigure(D(3)), UnitFigure(D(4)), UnitFigure(D(0))]
    assert aggregate(kind="count", factor=D(1), figures=counts) == D(7)
    assert aggregate(kind="count", factor=D(1), figures=[UnitFigure(D(5))]) == D(5)


def test_counts_with_a_missing_or_non_number_figure_are_not_summed():
    assert aggregate(kind="count", factor=D(1), figures=[UnitFigure(D(3)), UnitFigure(None)]) is None
    assert aggregate(kind="count", factor=D(1), figures=[UnitFigure(D(3)), UnitFigure(True)]) is None


@pytest.mark.parametrize("kind", ["percent", "ratio", "boolean", "text"])
def test_other_kinds_without_fractions_are_not_aggregated(kind):
    values = {"boolean": [UnitFigure(True), UnitFigure(True)], "text": [UnitFigure("Có"), UnitFigure("Có")]}
    figures = values.get(kind, [UnitFigure(D(50)), UnitFigure(D(20))])
    assert aggregate(kind=kind, factor=D(100), figures=figures) is None


@pytest.mark.parametrize("kind", ["percent", "ratio", "count", "boolean", "text"])
def test_no_figures_aggregate_to_nothing(kind):
    assert aggregate(kind=kind, factor=D(100), figures=[]) is None


@pytest.mark.parametrize(
    ("kind", "sums", "value"),
    [
        ("percent", Sums(figures=2, with_fraction=2, numerator=D(1), denominator=D(4)), D("25.0000")),
        ("percent", Sums(figures=3, with_fraction=2, numerator=D(1), denominator=D(4)), None),  # one lacks it
        ("percent", Sums(figures=2, with_fraction=2, numerator=D(0), denominator=D(0)), None),
        ("count", Sums(figures=2, with_number=2, value=D(7)), D(7)),
        ("count", Sums(figures=2, with_number=1, value=D(7)), None),
        ("count", Sums(figures=2, with_fraction=2, numerator=D(3), denominator=D(6), with_number=2, value=D(9)), D(50)),
        ("ratio", Sums(figures=2, with_number=2, value=D(7)), None),
        ("count", Sums(), None),
    ],
)
def test_the_rule_on_sums(kind, sums, value):
    assert rolled_value(kind=kind, factor=D(100), sums=sums) == value
