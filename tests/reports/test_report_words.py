"""The words around a verdict (reports.explain), the report's sentences (reports.prose) and the charts' axes
(reports.charts): pure functions, tested at their edges without the database."""

import re
from datetime import date
from decimal import Decimal as D

import pytest
from django.template.loader import render_to_string

from plans.periods import period_time
from reports.charts import nice_ticks, series_svg
from reports.explain import base_phrase, explain, legend_sentence, reconcile_sentence, short_explanation
from reports.progress import Forecast, IndicatorFacts, Milestone, Point, evaluate
from reports.prose import document_date, heading_date, issuer_lines, issuer_short, plan_about, plan_subject
from reports.statuses import STATUS_LABELS, STATUS_MEANINGS, STATUS_PRINT_FILLS


def judged(*pairs, baseline=None, target=D(35), code="2024", direction="increase", unit="%"):
    series = tuple(Point(c, period_time(c), v) for c, v in pairs)
    value, year = baseline or (None, None)
    facts = IndicatorFacts("percent", direction, (Milestone(2025, target),), series, value, year)
    return evaluate(facts, period_time(code))


# ---------------------------------------------------------------- a verdict and its base


def test_thut_lui_states_the_baseline_it_was_measured_against():
    progress = judged(("2024", D("12.5")), baseline=(D("15.38"), 2020))
    assert progress.status == "deterioration"
    assert base_phrase(progress, "%") == "so với năm cơ sở 2020: 15,38%"
    words = explain(progress, "%")
    assert words.short.startswith("Thụt lùi: so với năm cơ sở 2020: 15,38%")
    assert (
        words.verdict
        == "Thụt lùi: năm 2024 (12,5%) kém hơn năm cơ sở 2020 (15,38%), đi ngược hướng chỉ tiêu 35% vào năm 2025."
    )


def test_cham_tien_do_states_the_earlier_figure_it_was_measured_against():
    progress = judged(("2021S1", D(12)), ("2024S1", D(14)), code="2024S1")
    assert progress.status == "limited_progress"
    assert base_phrase(progress, "%") == "so với 6 tháng đầu năm 2021: 12%"
    assert "(tính từ 6 tháng đầu năm 2021: 12%)" in short_explanation(progress, "%")
    assert "từ 6 tháng đầu năm 2021 (12%) đến 6 tháng đầu năm 2024 (14%)" in explain(progress, "%").verdict


def test_on_track_but_unlikely_says_how_both_can_be_true():
    progress = judged(("2021", D(10)), ("2022", D(10)), ("2023", D(10)), ("2024", D(28)))  # a late jump
    assert progress.status == "on_track" and progress.forecast and not progress.forecast.likely
    line = short_explanation(progress, "%")
    assert line.startswith("Đúng tiến độ: so với mức cần đạt theo thời gian (tính từ năm 2021: 10%)")
    assert line.endswith("dự báo đến 2025: 28% — khó đạt")
    assert "Hai nhận định không mâu thuẫn" in reconcile_sentence(progress)


def test_no_reconciliation_when_verdict_and_forecast_agree():
    progress = judged(("2021", D(10)), ("2022", D(20)), ("2023", D(25)), ("2024", D(30)))
    assert progress.status == "on_track" and progress.forecast.likely
    assert reconcile_sentence(progress) == ""


@pytest.mark.parametrize(
    ("pairs", "status"),
    [((), "no_data"), ((("2024", D(40)),), "achieved"), ((("2024", D(20)),), "insufficient_data")],
)
def test_every_verdict_has_words_without_codes(pairs, status):
    progress = judged(*pairs)
    assert progress.status == status
    words = explain(progress, "%")
    for text in (words.short, words.verdict, words.forecast, words.reconcile):
        assert not re.search(r"\d{4}S1|_", text)
    assert words.short.startswith(STATUS_LABELS[status])


def test_the_legend_names_every_verdict_with_its_meaning():
    assert set(STATUS_MEANINGS) == set(STATUS_LABELS)
    sentence = legend_sentence()
    assert all(f"{label}: " in sentence for label in STATUS_LABELS.values())
    html = render_to_string("reports/partials/status_legend.html")
    assert html.count("<li data-status=") == 9 and "Chưa đủ cơ sở đánh giá" in html
    assert "Đúng tiến độ” mà vẫn “khó đạt”" in html


def test_print_fills_are_light_tints_of_the_colours():
    for fill in STATUS_PRINT_FILLS.values():
        red, green, blue = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
        assert 0.299 * red + 0.587 * green + 0.114 * blue >= 150


# ---------------------------------------------------------------- names and dates as a clerk writes them


def test_issuing_body_names():
    assert issuer_lines("Ủy ban nhân dân huyện Bắc Yên") == "ỦY BAN NHÂN DÂN\nHUYỆN BẮC YÊN"
    assert issuer_short("Ủy ban nhân dân huyện Bắc Yên") == "Ủy ban nhân dân huyện"
    assert issuer_short("Ủy ban nhân dân xã Tà Xùa") == "Ủy ban nhân dân xã"
    assert issuer_short("Ủy ban nhân dân thành phố Hà Nội") == "Ủy ban nhân dân thành phố"
    assert issuer_short("Sở Nội vụ") == "Sở Nội vụ"


def test_plan_titles_without_a_second_thuc_hien():
    title = "Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2025 trên địa bàn huyện Bắc Yên"
    assert plan_about(title).startswith("thực hiện Chiến lược quốc gia")
    assert plan_subject(title).startswith("Chiến lược quốc gia")
    assert plan_subject("Kế hoạch công tác bình đẳng giới năm 2024") == "Công tác bình đẳng giới năm 2024"


@pytest.mark.parametrize(
    ("day", "inline", "heading"),
    [
        (date(2025, 2, 5), "05/02/2025", "ngày 05 tháng 02 năm 2025"),
        (date(2021, 4, 27), "27/4/2021", "ngày 27 tháng 4 năm 2021"),
        (date(2025, 11, 24), "24/11/2025", "ngày 24 tháng 11 năm 2025"),
    ],
)
def test_dates_follow_nd30(day, inline, heading):  # a zero before days under 10 and months 1 and 2
    assert (document_date(day), heading_date(day)) == (inline, heading)


# ---------------------------------------------------------------- charts: ticks and where a period sits


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (D("13.8"), D("25"), ["10", "15", "20", "25"]),
        (D("21.3"), D("25.1"), ["21", "22", "23", "24", "25", "26"]),
        (D("1.8"), D("2.7"), ["1.8", "2", "2.2", "2.4", "2.6", "2.8"]),
        (D("2"), D("98"), ["0", "20", "40", "60", "80", "100"]),  # near zero: from zero
        (D("114"), D("118"), ["114", "115", "116", "117", "118"]),  # far from zero: not from zero
        (D("48"), D("48"), ["42", "44", "46", "48", "50", "52", "54"]),
    ],
)
def test_value_ticks_are_round(low, high, ticks):
    assert [str(t) for t in nice_ticks(low, high)] == ticks


def _x_of(svg: str, title: str) -> float:
    match = re.search(r'cx="([\d.]+)"[^>]*><title>' + re.escape(title), svg)
    return float(match[1])


def test_a_years_figure_sits_on_its_years_tick_and_a_half_year_mid_year():
    svg = str(
        series_svg(
            points=[
                (period_time("2023"), D(20), "2023"),
                (period_time("2024S1"), D("21.3"), "2024S1"),
                (period_time("2024"), D("25.1"), "2024"),
            ],
            baseline=(D(2021), D(15)),
            target=(D(2026), D(35)),
            forecast=(D(2026), D("36.1")),
            unit="%",
            first_year=2020,
            last_year=2025,
        )
    )
    ticks = {
        int(label): float(x) for x, label in re.findall(r'<text class="t-label" x="([\d.]+)"[^>]*>(\d{4})</text>', svg)
    }
    assert sorted(ticks) == [2020, 2021, 2022, 2023, 2024, 2025]
    assert _x_of(svg, "Năm 2024:") == pytest.approx(ticks[2024], abs=0.01)
    assert _x_of(svg, "Năm 2023:") == pytest.approx(ticks[2023], abs=0.01)
    assert _x_of(svg, "6 tháng đầu năm 2024:") == pytest.approx((ticks[2023] + ticks[2024]) / 2, abs=0.01)
    value_ticks = re.findall(r'<text class="t-small" x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]+)</text>', svg)
    assert value_ticks == ["15", "20", "25", "30", "35", "40"]  # round, not 21,3 or 25,1
    assert "S1" not in svg
    assert "Năm cơ sở 2020: 15" in svg and "Dự báo đến năm 2025: 36,1" in svg
    # The text sizes live in static/css/charts.css (larger on a phone's screen), never in a <style> inside the SVG.
    assert 'class="t-label"' in svg and "<style" not in svg


def test_forecast_words_in_a_report_sentence_match_the_engine():
    progress = judged(("2021", D(10)), ("2024", D(30)))
    assert isinstance(progress.forecast, Forecast)
    assert f"{progress.forecast.value}".replace(".", ",") in explain(progress, "%").forecast
