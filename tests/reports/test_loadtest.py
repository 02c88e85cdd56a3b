"""The load test's own parts (reports/loadtest.py, `manage.py loadtest`): its numbers, its integrity check, and its
reading of the real entry form. The load test itself runs against gunicorn (`make loadtest`), never in the suite."""

import random

import pytest
from django.urls import reverse

from indicators.models import DataValue, ValueChange
from reports import loadtest as lt
from reports.management.commands.loadtest import integrity
from tests.indicators.test_province_pages import province_plan

# ---------------------------------------------------------------- numbers


def test_percentiles_are_nearest_rank():
    samples = list(range(1, 101))  # 1 … 100
    random.Random(1).shuffle(samples)
    assert [lt.percentile(samples, p) for p in (50, 95, 99, 100)] == [50, 95, 99, 100]
    assert lt.percentile([7], 95) == 7
    assert lt.percentile([1, 2], 50) == 1
    assert lt.percentile([1, 2], 51) == 2
    assert lt.percentile([], 95) is None


def test_the_table_has_a_row_per_endpoint_then_all():
    samples = [lt.Sample(lt.SAVE, 0.1, True), lt.Sample(lt.SAVE, 0.3, False), lt.Sample(lt.DASHBOARD, 0.5, True)]
    rows = lt.summarise(samples, duration=2)
    assert [(r.endpoint, r.requests, r.per_second, r.p50_ms, r.p95_ms, r.errors) for r in rows] == [
        (lt.SAVE, 2, 1.0, 100, 300, 1),
        (lt.DASHBOARD, 1, 0.5, 500, 500, 0),
        ("tất cả", 3, 1.5, 300, 500, 1),
    ]
    text = lt.table(rows)
    assert "| lưu nháp | 2 | 1.0 | 100 | 300 | 300 | 1 |" in text


def test_the_target_is_p95_within_300_ms_and_no_error_logins_apart():
    fast = [lt.Sample(lt.ENTRY, 0.2, True)] * 20
    assert lt.target_missed(lt.summarise(fast, 1), p95_ms=300) == []
    slow_logins = fast + [lt.Sample(lt.LOGIN, 2.0, True)] * 20  # the password hash is slow on purpose
    assert lt.target_missed(lt.summarise(slow_logins, 1), p95_ms=300) == []
    slow = fast + [lt.Sample(lt.DASHBOARD, 0.4, True)]
    assert lt.target_missed(lt.summarise(slow, 1), p95_ms=300) == ["bảng điều khiển: p95 400 ms > 300 ms"]
    failed = fast + [lt.Sample(lt.SAVE, 0.1, False)]
    assert lt.target_missed(lt.summarise(failed, 1), p95_ms=300) == ["lưu nháp: 1 lỗi", "tất cả: 1 lỗi"]
    assert lt.target_missed([], p95_ms=300) == ["không có yêu cầu nào"]


# ---------------------------------------------------------------- integrity, on its own


def _saves():
    return [
        lt.Save(
            user_id=1,
            unit_id=10,
            figures={1: {"value_number": "5"}, 2: {"numerator": "3", "denominator": "40"}},
            submitted=False,
        ),
        lt.Save(user_id=1, unit_id=10, figures={1: {"value_number": "7"}}, submitted=True),
    ]


def _database():
    stored = {
        (1, 10): {"status": "submitted", "value_number": "7.0000", "numerator": None, "denominator": None},
        (2, 10): {"status": "draft", "value_number": "7.5000", "numerator": "3.0000", "denominator": "40.0000"},
    }
    return stored, {(1, 10): 2, (2, 10): 1}


def test_saves_all_found_with_their_audit_pass():
    stored, audits = _database()
    assert lt.integrity_problems(_saves(), stored, audits, []) == []


def test_a_lost_wrong_or_unaudited_figure_or_a_duplicate_is_named():
    stored, audits = _database()
    del stored[(2, 10)]
    stored[(1, 10)]["value_number"] = "5"
    audits[(1, 10)] = 1
    audits[(3, 10)] = 1
    assert lt.integrity_problems(_saves(), stored, audits, [(1, 10, 4)]) == [
        "số liệu trùng: chỉ tiêu 1, địa bàn 10, kỳ 4",
        "sai số liệu: chỉ tiêu 1, địa bàn 10: value_number 5 ≠ 7",
        "lịch sử: chỉ tiêu 1, địa bàn 10: 1 dòng cho 2 lần lưu",
        "mất số liệu: chỉ tiêu 2, địa bàn 10",
        "lịch sử thừa: chỉ tiêu 3, địa bàn 10: 1 dòng, không lần lưu nào",
    ]


def test_a_submitted_figure_found_as_a_draft_is_named():
    stored, audits = _database()
    stored[(1, 10)]["status"] = "draft"
    assert lt.integrity_problems(_saves(), stored, audits, []) == ["sai trạng thái: chỉ tiêu 1, địa bàn 10: draft"]


# ---------------------------------------------------------------- the real entry form


def test_the_form_reader_keeps_editable_inputs_and_textareas_only():
    html = """<form method="get"><input name="q" value="x"></form>
    <form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="tok">
    <input type="hidden" name="r5-version" value="3"><input name="r5-value" value="1.000">
    <textarea name="r5-note">Ghi &amp; chú</textarea>
    <input type="hidden" name="r6-version" value="0"><input name="r6-value" disabled>
    <button type="submit" name="draft">Lưu nháp</button></form>"""
    inputs = lt.read_form(html)
    assert inputs == {
        "csrfmiddlewaretoken": "tok",
        "r5-version": "3",
        "r5-value": "1.000",
        "r5-note": "Ghi & chú",
        "r6-version": "0",
    }
    assert lt.entry_rows(inputs) == {5: {"version": "3", "value": "1.000", "note": "Ghi & chú"}}


def test_new_numbers_always_differ_from_those_shown():
    rng = random.Random(3)
    for _ in range(200):
        assert lt.new_figures({"value": "7"}, rng)["value"] != "7"
        fraction = lt.new_figures({"value": "", "numerator": "1", "denominator": "50"}, rng)
        assert int(fraction["numerator"]) <= int(fraction["denominator"]) and fraction["value"] == ""


@pytest.mark.django_db
def test_the_generator_saves_through_the_real_form_and_the_check_finds_every_save(client):
    plan, period, users, first, _ = province_plan(3)
    reporter = users["commune_reporter"]
    client.force_login(reporter)
    url = reverse("period_entry", args=[plan.code, period.code])
    rng = random.Random(5)
    saves = []
    since = DataValue.objects.order_by().first().entered_at
    for _ in range(6):
        form, save = lt.plan_save(lt.read_form(client.get(url).content.decode()), rng, user_id=reporter.pk)
        assert client.post(url, form).status_code == 302
        saves.append(save)
    assert {save.unit_id for save in saves} == {first.pk}
    assert integrity(plan, period, [reporter], saves, since) == []

    figure = DataValue.objects.get(indicator_id=next(iter(saves[-1].figures)), unit=first, period=period)
    ValueChange.objects.filter(data_value=figure).order_by("-pk").first().delete()
    DataValue.objects.filter(pk=figure.pk).update(numerator=None, value_number=None)
    problems = integrity(plan, period, [reporter], saves, since)
    assert any(p.startswith("sai số liệu") for p in problems) and any(p.startswith("lịch sử") for p in problems)
