"""The methodology of DESIGN.md 6, step by step, at its boundaries, and as properties (Hypothesis)."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plans.periods import milestone_for, period_time
from reports.progress import (
    ESCAP,
    LINEAR,
    Forecast,
    IndicatorFacts,
    Milestone,
    Point,
    Progress,
    achievement,
    classify,
    escap_ratio,
    evaluate,
    forecast,
    is_met,
)

T2025 = (Milestone(2025, D(100)),)


def series(*pairs):
    return tuple(Point(code, period_time(code), value) for code, value in pairs)


def facts(*pairs, kind="percent", direction="increase", targets=T2025, baseline=(D(0), 2020)):
    value, year = baseline if baseline else (None, None)
    return IndicatorFacts(kind, direction, targets, series(*pairs), value, year)


def judge(f, code="2024", method=LINEAR):
    return evaluate(f, period_time(code), method)


# ---------------------------------------------------------------- times and milestones


def test_times_are_at_the_end_of_what_they_cover():
    assert period_time("2024S1") == D("2024.5")
    assert period_time("2024") == D("2025.0")
    assert Milestone(2025, 1).time == D(2026)


def test_the_right_milestone_judges_each_period():
    two = (Milestone(2025, D(35)), Milestone(2030, D(50)))
    assert milestone_for(two, period_time("2024S1")).year == 2025
    assert milestone_for(two, period_time("2025")).year == 2025  # 2026.0 ≥ 2026.0
    assert milestone_for(two, period_time("2026S1")).year == 2030
    assert milestone_for(two, period_time("2031")).year == 2030  # after the last: the last


# ---------------------------------------------------------------- steps 1 and 2


def test_no_value_up_to_the_period_is_no_data():
    result = judge(facts(("2025", D(50))), "2024")
    assert (result.status, result.value, result.achievement_pct) == ("no_data", None, None)


def test_text_indicators_are_not_applicable_with_or_without_a_value():
    assert judge(facts(kind="text", baseline=None)).status == "not_applicable"
    result = judge(facts(("2023", "Bố trí đủ cán bộ"), kind="text", baseline=None))
    assert (result.status, result.value, result.value_period) == ("not_applicable", "Bố trí đủ cán bộ", "2023")


@pytest.mark.parametrize(
    ("value", "code", "status"),
    [(True, "2023", "achieved"), (False, "2023", "insufficient_data"), (False, "2025", "not_achieved")],
)
def test_yes_no_indicators(value, code, status):
    f = facts((code, value), kind="boolean", direction="", targets=(Milestone(2025, True),), baseline=None)
    assert judge(f, "2026").status == status


def test_the_latest_value_up_to_the_period_is_judged():
    result = judge(facts(("2022", D(30)), ("2023", D(55)), ("2025", D(99))), "2024")
    assert (result.value, result.value_period) == (D(55), "2023")


# ---------------------------------------------------------------- steps 3–5


@pytest.mark.parametrize(
    ("direction", "value", "target", "pct"),
    [
        ("increase", D(30), D(35), D("85.7")),
        ("decrease", D(60), D(48), D("80.0")),
        ("maintain", D(90), D(95), D("94.7")),
    ],
)
def test_achievement_percent(direction, value, target, pct):
    f = facts(("2024S1", value), direction=direction, targets=(Milestone(2025, target),), baseline=None)
    assert judge(f, "2024S1").achievement_pct == pct


def test_achievement_is_null_where_the_division_is_undefined():
    zero_target = facts(("2024", D(3)), kind="count", targets=(Milestone(2025, D(0)),))
    assert judge(zero_target).achievement_pct is None
    zero_value = facts(("2024", D(0)), direction="decrease", targets=(Milestone(2025, D(20)),), baseline=(D(40), 2020))
    assert judge(zero_value).achievement_pct is None
    assert judge(zero_value).status == "achieved"  # 0 ≤ 20


def test_a_met_target_is_achieved_even_early():
    assert judge(facts(("2022", D(100))), "2022").status == "achieved"
    decreasing = facts(
        ("2023", D(110)), direction="decrease", targets=(Milestone(2025, D("114.2")),), baseline=(D(117), 2020)
    )
    assert judge(decreasing).status == "achieved"


def test_after_the_target_time_unmet_is_not_achieved():
    f = facts(("2025", D(90)))
    assert judge(f, "2025").status == "not_achieved"
    assert judge(f, "2027").status == "not_achieved"  # a value after the target year is still judged against it


# ---------------------------------------------------------------- steps 6–9: base and ratio


@pytest.mark.parametrize(
    ("value", "ratio", "status"),
    [
        (D(76), D("0.950"), "on_track"),  # exactly 0.95
        (D("75.9"), D("0.949"), "needs_acceleration"),
        (D(48), D("0.600"), "needs_acceleration"),  # exactly 0.6
        (D("47.9"), D("0.599"), "limited_progress"),
        (D(0), D("0.000"), "limited_progress"),  # exactly 0
        (D(-1), D("-0.013"), "deterioration"),
    ],
)
def test_ratio_boundaries(value, ratio, status):
    # baseline 0 at 2021.0, target 100 at 2026.0, value at 2025.0: 80% of the time has passed.
    result = judge(facts(("2024", value)))
    assert (result.progress_ratio, result.status) == (ratio, status)


def test_without_a_baseline_the_earliest_earlier_value_is_the_base():
    result = judge(facts(("2021", D(20)), ("2024", D(60)), baseline=None))
    # (60−20)/80 ÷ (2025−2022)/(2026−2022) = 0.5 ÷ 0.75
    assert result.progress_ratio == D("0.667") and result.status == "needs_acceleration"
    assert (result.base_value, result.base_time, result.base_period) == (D(20), D(2022), "2021")
    assert not result.base_is_baseline


def test_the_base_a_verdict_was_measured_against_is_exposed():
    behind = judge(facts(("2022S1", D(40)), ("2024", D(10)), baseline=(D("15.38"), 2020)))
    assert behind.status == "deterioration"
    assert (behind.base_value, behind.base_time, behind.base_period) == (D("15.38"), D(2021), None)
    assert behind.base_is_baseline
    slow = judge(facts(("2021S1", D(12)), ("2024S1", D(20)), baseline=None), "2024S1")
    assert slow.status == "limited_progress"
    assert (slow.base_value, slow.base_time, slow.base_period) == (D(12), D("2021.5"), "2021S1")


@pytest.mark.parametrize(
    ("f", "code"),
    [
        (facts(("2024", D(100))), "2024"),  # achieved: no ratio, no base
        (facts(("2025", D(50))), "2025"),  # not achieved at the target time
        (facts(("2024", D(60)), baseline=None), "2024"),  # insufficient data
    ],
)
def test_no_base_where_none_was_used(f, code):
    result = judge(f, code)
    assert (result.base_value, result.base_time, result.base_period) == (None, None, None)


def test_a_baseline_not_older_than_the_value_is_not_used():
    result = judge(facts(("2024", D(60)), baseline=(D(10), 2024)))  # baseline time 2025.0 = value time
    assert result.status == "insufficient_data"


def test_a_single_value_without_a_baseline_is_insufficient():
    assert judge(facts(("2024", D(60)), baseline=None)).status == "insufficient_data"


def test_a_base_equal_to_the_target_that_slipped_is_deterioration():
    f = facts(("2024", D(98)), targets=(Milestone(2025, D(100)),), baseline=(D(100), 2020))
    result = judge(f)
    assert result.status == "deterioration" and (result.base_value, result.base_time) == (D(100), D(2021))


def test_decreasing_indicator_progress():
    # maternal mortality: 62 (2020) → 48 (2025); 53 at 2025.0 → (62−53)/14 ÷ 0.8
    f = facts(
        ("2024", D(53)), kind="ratio", direction="decrease", targets=(Milestone(2025, D(48)),), baseline=(D(62), 2020)
    )
    result = judge(f)
    assert (result.progress_ratio, result.status, result.achievement_pct) == (
        D("0.804"),
        "needs_acceleration",
        D("90.6"),
    )


def test_zero_target_and_zero_values():
    f = facts(
        ("2024", D(2)), kind="count", direction="decrease", targets=(Milestone(2025, D(0)),), baseline=(D(10), 2020)
    )
    linear = judge(f)
    assert linear.progress_ratio == D("1.000") and linear.status == "on_track"
    escap = judge(f, method=ESCAP)  # target 0 counts as 0.001
    assert escap.method_used == ESCAP and escap.status == "limited_progress"


# ---------------------------------------------------------------- ESCAP


def test_escap_compares_growth_rates():
    # base 20 (2021.0) → target 40 (2026.0): 2^(1/5) − 1 = 0.148698/yr required; 30 by 2025.0: 1.5^(1/4) − 1 = 0.106682/yr
    f = facts(("2024", D(30)), targets=(Milestone(2025, D(40)),), baseline=(D(20), 2020))
    result = judge(f, method=ESCAP)
    assert result.method_used == ESCAP
    assert result.progress_ratio == D("0.717") and result.status == "needs_acceleration"  # 0.71745


@pytest.mark.parametrize(
    "f",
    [
        facts(("2024", D(30)), targets=(Milestone(2025, D(40)),), baseline=(D(0), 2020)),  # base 0
        facts(("2024", D(0)), targets=(Milestone(2025, D(40)),), baseline=(D(10), 2020)),  # value 0
        facts(("2024", D(90)), direction="maintain", targets=(Milestone(2025, D(95)),), baseline=(D(98), 2020)),
    ],
    ids=["base-zero", "value-zero", "maintain-target-below-base"],
)
def test_escap_falls_back_to_linear(f):
    escap, linear = judge(f, method=ESCAP), judge(f, method=LINEAR)
    assert escap.method_used == LINEAR
    assert (escap.progress_ratio, escap.status) == (linear.progress_ratio, linear.status)


# ---------------------------------------------------------------- step 10: forecast


def test_forecast_is_the_least_squares_line_at_the_target_time():
    f = facts(("2022", D(20)), ("2023", D(30)), ("2024", D(40)), targets=(Milestone(2025, D(60)),), baseline=None)
    result = judge(f)
    assert result.forecast.value == D("50.00") and result.forecast.likely is False


def test_forecast_uses_the_baseline_and_needs_two_times():
    one = judge(facts(("2024", D(60)), baseline=None))
    assert one.forecast is None
    two = judge(facts(("2024", D(80)), baseline=(D(0), 2020)))  # line through (2021, 0) and (2025, 80)
    assert two.forecast.value == D("100.00") and two.forecast.likely is True


# ---------------------------------------------------------------- properties

RANK = {
    "not_achieved": 0,
    "deterioration": 1,
    "limited_progress": 2,
    "needs_acceleration": 3,
    "on_track": 4,
    "achieved": 5,
}
values = st.decimals(min_value=D("0.1"), max_value=D(1000), places=2, allow_nan=False, allow_infinity=False)
codes = st.sampled_from(["2021S1", "2021", "2022S1", "2022", "2023S1", "2023", "2024S1", "2024", "2025"])


@settings(max_examples=300, deadline=None)
@given(
    baseline=values,
    target=values,
    earlier=values,
    latest=values,
    better_by=values,
    code=codes,
    direction=st.sampled_from(["increase", "decrease", "maintain"]),
    method=st.sampled_from([LINEAR, ESCAP]),
)
def test_a_better_latest_value_never_gives_a_worse_status(
    baseline, target, earlier, latest, better_by, code, direction, method
):
    def status(last):
        f = facts(
            ("2021S1", earlier),
            (code, last),
            direction=direction,
            targets=(Milestone(2025, target),),
            baseline=(baseline, 2020),
        )
        return evaluate(f, period_time(code), method).status

    better = latest + better_by if direction != "decrease" else max(latest - better_by, D("0.01"))
    worse_status, better_status = status(latest), status(better)
    if worse_status in RANK and better_status in RANK:
        assert RANK[better_status] >= RANK[worse_status], (worse_status, better_status)


@settings(max_examples=300, deadline=None)
@given(baseline=values, target=values, first=values, latest=values, code=codes, with_baseline=st.booleans())
def test_mirroring_a_decreasing_indicator_never_changes_the_linear_verdict(
    baseline, target, first, latest, code, with_baseline
):
    mirror = D(2000)

    def judged(direction, transform):
        f = facts(
            ("2021S1", transform(first)),
            (code, transform(latest)),
            direction=direction,
            targets=(Milestone(2025, transform(target)),),
            baseline=(transform(baseline), 2020) if with_baseline else None,
        )
        return evaluate(f, period_time(code), LINEAR)

    falling = judged("decrease", lambda v: v)
    rising = judged("increase", lambda v: mirror - v)
    assert (falling.status, falling.progress_ratio) == (rising.status, rising.progress_ratio)


# ---------------------------------------------------------------- edges, on the whole verdict (no field left unchecked)


def test_no_data_still_names_the_target_that_would_judge():
    f = facts(("2025", D(50)), targets=(Milestone(2025, D(35)), Milestone(2030, D(50))))
    assert judge(f, "2024") == Progress("no_data", Milestone(2025, D(35)))
    assert judge(facts(targets=()), "2024") == Progress("no_data", None)


def test_text_indicators_show_their_latest_text_and_target():
    target = Milestone(2025, "Bố trí đủ cán bộ")
    f = facts(("2022", "Chưa đủ"), ("2023", "Bố trí đủ"), ("2024", ""), kind="text", targets=(target,), baseline=None)
    # an empty text is no figure: the 2023 one is shown
    assert judge(f, "2024") == Progress("not_applicable", target, value="Bố trí đủ", value_period="2023")
    assert judge(facts(kind="text", targets=(target,)), "2024") == Progress("not_applicable", target)


def test_a_figure_without_any_target_is_insufficient():
    f = facts(("2023", D(40)), ("2024", D(60)), targets=())
    assert judge(f) == Progress("insufficient_data", None, value=D(60), value_period="2024")


def test_latest_skips_missing_figures():
    f = facts(("2023", D(40)), ("2024", None), baseline=None)
    result = judge(f)
    assert (result.value, result.value_period) == (D(40), "2023")


@pytest.mark.parametrize(
    ("pairs", "code", "status"),
    [
        ((("2023", True),), "2023", "achieved"),
        ((("2021", False), ("2023", True)), "2023", "achieved"),
        ((("2021", True), ("2023", False)), "2023", "insufficient_data"),  # no "deterioration" for a có/không
        ((("2021", True), ("2025", False)), "2025", "not_achieved"),  # at the target time
        ((("2021", True), ("2024", False)), "2025", "insufficient_data"),  # judged later, the value is older
        ((("2025", False),), "2030", "not_achieved"),
    ],
)
def test_yes_no_indicators_never_take_the_numeric_path(pairs, code, status):
    target = Milestone(2025, True)
    f = facts(*pairs, kind="boolean", direction="", targets=(target,), baseline=(D(1), 2020))
    latest = pairs[-1] if period_time(pairs[-1][0]) <= period_time(code) else pairs[0]
    # no % of plan, no ratio, no forecast: a yes/no is not a number
    assert judge(f, code) == Progress(status, target, value=latest[1], value_period=latest[0])


@pytest.mark.parametrize(
    ("direction", "value", "target", "met"),
    [
        ("increase", D(35), D(35), True),
        ("increase", D("34.99"), D(35), False),
        ("maintain", D(95), D(95), True),
        ("maintain", D("94.9"), D(95), False),
        ("decrease", D(48), D(48), True),
        ("decrease", D("48.01"), D(48), False),
        ("decrease", D("47.5"), D(48), True),
        ("increase", D("35.5"), D(35), True),
    ],
)
def test_met_includes_the_target_itself(direction, value, target, met):
    assert is_met(value, target, direction) is met


@pytest.mark.parametrize(
    ("direction", "value", "target", "pct"),
    [
        ("increase", D(1), D(16), D("6.3")),  # 6.25: a half rounds up
        ("increase", D(3), D(16), D("18.8")),  # 18.75
        ("increase", D(35), D(35), D("100.0")),
        ("increase", D(70), D(35), D("200.0")),  # beyond the target
        ("increase", D(0), D(35), D("0.0")),
        ("increase", D(3), D(0), None),  # ÷ 0
        ("maintain", D(1), D(16), D("6.3")),
        ("decrease", D(16), D(1), D("6.3")),
        ("decrease", D(48), D(60), D("125.0")),  # better than the target
        ("decrease", D(0), D(20), None),  # ÷ 0
        ("decrease", D(20), D(0), D("0.0")),
    ],
)
def test_achievement_at_its_edges(direction, value, target, pct):
    assert achievement(value, target, direction) == pct


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        (D("5.000"), "on_track"),
        (D("0.950"), "on_track"),
        (D("0.949"), "needs_acceleration"),
        (D("0.600"), "needs_acceleration"),
        (D("0.599"), "limited_progress"),
        (D("0.000"), "limited_progress"),
        (D("-0.000"), "limited_progress"),
        (D("-0.001"), "deterioration"),
        (D(-3), "deterioration"),
    ],
)
def test_classify_boundaries(ratio, status):
    assert classify(ratio) == status


def test_the_status_follows_the_published_ratio():
    # baseline 0 (2021.0) → target 100000 (2026.0), value at 2025.0: R = value/80000
    def judged(value):
        result = judge(facts(("2024", D(value)), targets=(Milestone(2025, D(100000)),)))
        return result.progress_ratio, result.status

    assert judged(75960) == (D("0.950"), "on_track")  # R = 0.9495 is published 0.950: on track, as a reader checks
    assert judged(75959) == (D("0.949"), "needs_acceleration")
    assert judged(48040) == (D("0.601"), "needs_acceleration")  # 0.6005: a half rounds up
    assert judged(47960) == (D("0.600"), "needs_acceleration")  # 0.5995 → 0.600


def test_a_full_linear_verdict():
    f = facts(("2022", D(40)), ("2024", D(60)), targets=(Milestone(2025, D(100)),), baseline=(D(20), 2020))
    # (60−20)/80 ÷ (2025−2021)/(2026−2021) = 0.5 ÷ 0.8; the line through (2021, 20), (2023, 40), (2025, 60) → 70
    assert judge(f) == Progress(
        "needs_acceleration",
        Milestone(2025, D(100)),
        value=D(60),
        value_period="2024",
        achievement_pct=D("60.0"),
        progress_ratio=D("0.625"),
        forecast=Forecast(D("70.00"), False),
        method_used="linear",
        base_value=D(20),  # measured against the baseline of 2020 (its time, the end of 2020)
        base_time=D(2021),
        base_period=None,
    )


def test_a_value_that_fell_below_the_base_is_deterioration():
    f = facts(("2024", D(15)), targets=(Milestone(2025, D(100)),), baseline=(D(20), 2020))
    result = judge(f)
    assert (result.progress_ratio, result.status) == (D("-0.078"), "deterioration")  # −5/80 ÷ 0.8
    rising = facts(("2024", D(25)), direction="decrease", targets=(Milestone(2025, D(0)),), baseline=(D(20), 2020))
    assert (judge(rising).progress_ratio, judge(rising).status) == (D("-0.313"), "deterioration")  # −5/20 ÷ 0.8


def test_a_baseline_needs_both_its_value_and_its_year():
    without_year = facts(("2022", D(20)), ("2024", D(60)), baseline=(D(90), None))
    # the 2022 figure (2023.0) is the base, the 90 is ignored: (40/80) ÷ (2/3)
    assert judge(without_year).progress_ratio == D("0.750")
    assert judge(without_year).forecast == Forecast(D("80.00"), False)  # the line through 20 and 60 only
    without_value = facts(("2022", D(20)), ("2024", D(60)), baseline=(None, 2015))
    assert judge(without_value).progress_ratio == D("0.750")


def test_the_base_is_the_earliest_earlier_figure_not_the_latest():
    f = facts(("2021", D(20)), ("2022S1", D(50)), ("2023", D(30)), ("2024", D(60)), baseline=None)
    assert judge(f).progress_ratio == D("0.667")  # base (2022.0, 20) as without the middle figures


def test_a_baseline_older_than_the_series_beats_its_first_figure():
    f = facts(("2021", D(20)), ("2024", D(60)), baseline=(D(0), 2018))
    # base (2019.0, 0): 60/100 ÷ (2025−2019)/(2026−2019) = 0.6 ÷ 0.857142…
    assert judge(f).progress_ratio == D("0.700")


def test_figures_after_the_judged_period_count_for_nothing():
    f = facts(("2022", D(40)), ("2023", D(50)), ("2025", D(99)), baseline=(D(20), 2020))
    result = judge(f, "2023S1")
    # value 40 at 2023.0; base 20 at 2021.0: (20/80) ÷ (2/5); the forecast line through (2021, 20), (2023, 40) only
    assert (result.value, result.value_period, result.progress_ratio) == (D(40), "2022", D("0.625"))
    assert result.forecast == Forecast(D("70.00"), False)


def test_the_target_is_the_milestone_of_the_judged_period():
    two = (Milestone(2025, D(60)), Milestone(2030, D(100)))
    f = facts(("2024", D(50)), ("2026", D(70)), targets=two, baseline=(D(20), 2020))
    assert judge(f, "2024").target == Milestone(2025, D(60))
    later = judge(f, "2026")
    assert later.target == Milestone(2030, D(100)) and later.achievement_pct == D("70.0")


# ---------------------------------------------------------------- ESCAP's edges


def test_escap_with_a_zero_target_counts_it_as_a_thousandth():
    f = facts(
        ("2024", D(2)), kind="count", direction="decrease", targets=(Milestone(2025, D(0)),), baseline=(D(10), 2020)
    )
    # observed (2/10)^(1/4) − 1 = −0.33126; required (0.001/10)^(1/5) − 1 = −0.84151
    assert judge(f, method=ESCAP) == Progress(
        "limited_progress",
        Milestone(2025, D(0)),
        value=D(2),
        value_period="2024",
        achievement_pct=D("0.0"),
        progress_ratio=D("0.394"),
        forecast=Forecast(D("0.00"), True),
        method_used="escap",
        base_value=D(10),
        base_time=D(2021),
        base_period=None,
    )


def test_escap_with_a_target_of_one_is_not_a_zero_target():
    f = facts(("2024", D("0.5")), targets=(Milestone(2025, D(1)),), baseline=(D("0.2"), 2020))
    result = judge(f, method=ESCAP)  # (2.5^(1/4) − 1) ÷ (5^(1/5) − 1)
    assert (result.progress_ratio, result.status, result.method_used) == (D("0.678"), "needs_acceleration", "escap")


def test_escap_applies_to_a_target_just_above_the_base():
    assert escap_ratio(
        value=D("10.2"), base=D(10), target=D("10.5"), t=D(2025), t_base=D(2021), t_target=D(2026), direction="increase"
    ) == D("0.5061221675645506")


def test_escap_does_not_apply_where_no_growth_is_required():
    times = {"t": D(2025), "t_base": D(2021), "t_target": D(2026)}
    assert escap_ratio(value=D(3), base=D(5), target=D(5), direction="increase", **times) is None
    # a target a hair above a huge base: the required growth rounds to 0 in floating point
    huge = D("10000000000000")
    assert escap_ratio(value=huge, base=huge, target=huge + D("0.0001"), direction="increase", **times) is None


@pytest.mark.parametrize(
    ("direction", "base", "target"),
    [("increase", D(50), D(40)), ("maintain", D(98), D(95)), ("decrease", D(40), D(50))],
)
def test_escap_does_not_apply_to_a_target_against_the_direction(direction, base, target):
    times = {"t": D(2025), "t_base": D(2021), "t_target": D(2026)}
    assert escap_ratio(value=D(45), base=base, target=target, direction=direction, **times) is None


def test_escap_of_a_decreasing_indicator():
    f = facts(
        ("2024", D(53)), kind="ratio", direction="decrease", targets=(Milestone(2025, D(48)),), baseline=(D(62), 2020)
    )
    result = judge(f, method=ESCAP)  # ((53/62)^(1/4) − 1) ÷ ((48/62)^(1/5) − 1)
    assert (result.progress_ratio, result.status, result.method_used) == (D("0.771"), "needs_acceleration", "escap")


# ---------------------------------------------------------------- forecast's edges


def test_the_forecast_rounds_half_up_to_two_decimals():
    f = facts(("2024", D("0.1")), targets=(Milestone(2025, D(1)),), baseline=(D(0), 2020))
    assert judge(f).forecast == Forecast(D("0.13"), False)  # the line through (2021, 0), (2025, 0.1) at 2026: 0.125


@pytest.mark.parametrize(
    ("latest", "forecast_value", "likely"),
    [
        (D(50), D("47.00"), True),  # (2021, 62) → (2025, 50): 47 at 2026, below 48
        (D("50.4"), D("47.50"), True),
        (D("51.2"), D("48.50"), False),  # just above the target: not likely
        (D("50.8"), D("48.00"), True),  # the target itself is met
    ],
)
def test_the_forecast_of_a_decreasing_indicator_is_likely_below_its_target(latest, forecast_value, likely):
    f = facts(
        ("2024", latest), kind="ratio", direction="decrease", targets=(Milestone(2025, D(48)),), baseline=(D(62), 2020)
    )
    assert judge(f).forecast == Forecast(forecast_value, likely)


def test_forecast_points_on_their_own():
    points = [(D(2021), D(10)), (D(2023), D(14)), (D(2025), D(15))]
    # slope Σ(t−2023)(v−13)/Σ(t−2023)² = (6+0+4)/8 = 1.25; at 2026: 13 + 3·1.25
    assert forecast(points, D(2026), D(16), "increase") == Forecast(D("16.75"), True)
    assert forecast(points, D(2026), D(16), "decrease") == Forecast(D("16.75"), False)
    assert forecast(points[:1], D(2026), D(16), "increase") is None
    assert forecast([(D(2021), D(10)), (D(2021), D(12))], D(2026), D(16), "increase") is None
    assert forecast([], D(2026), D(16), "increase") is None
