"""Figures through their workflow: draft → submitted → approved / returned, locking, concurrency, audit."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.entry import read_entry
from indicators.models import DataValue, Indicator, PeriodReopening, ValueChange
from indicators.periods import period_is_open_for
from indicators.selectors import period_completeness
from indicators.services.figures import (
    StaleValue,
    ValueRuleError,
    value_approve,
    value_return,
    value_save,
    value_unapprove,
)
from indicators.services.workflow import period_reopen
from plans.models import Agency, UnitLevel
from plans.services import unit_get_or_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_2024(bac_yen):
    """Bắc Yên's 2024S1 period, reopened for every agency (its own window is long past)."""
    period = bac_yen.periods.get(code="2024S1")
    PeriodReopening.objects.create(period=period, until=date.today() + timedelta(days=30), created_at=timezone.now())
    return period


def indicator(plan, code):
    return Indicator.objects.select_related("plan").get(plan=plan, code=code)


def save(actor, plan, period, code, *, value=None, numerator=None, denominator=None, submit=False, version=0, note=""):
    ind = indicator(plan, code)
    entry = read_entry(kind=ind.kind, factor=ind.factor, value=value, numerator=numerator, denominator=denominator)
    return value_save(
        actor=actor,
        indicator=ind,
        period=period,
        unit=plan.territory,
        entry=entry,
        note=note,
        expected_version=version,
        submit=submit,
        agency=Agency.objects.get(name="Phòng Nội vụ"),
    )


# ---------------------------------------------------------------- workflow


def test_draft_submit_return_resubmit_approve_is_all_in_the_history(bac_yen, users, open_2024):
    reporter, coordinator = users["reporter"], users["coordinator"]

    draft = save(reporter, bac_yen, open_2024, "1.1a", value="30,5")
    assert (draft.status, draft.value_number, draft.version) == ("draft", Decimal("30.5"), 1)
    submitted = save(reporter, bac_yen, open_2024, "1.1a", value="30,5", submit=True, version=1)
    assert submitted.status == "submitted" and submitted.first_submitted_at is not None
    returned = value_return(actor=coordinator, value=submitted, note="Thiếu số liệu xã Hua Nhàn")
    assert (returned.status, returned.review_note) == ("returned", "Thiếu số liệu xã Hua Nhàn")
    fixed = save(reporter, bac_yen, open_2024, "1.1a", value="31", submit=True, version=returned.version)
    approved = value_approve(actor=coordinator, value=fixed)

    assert approved.status == "approved"
    history = list(
        ValueChange.objects.filter(data_value=approved).values_list("action", "status_after", "changed_by__username")
    )
    assert history == [
        ("saved", "draft", "rep"),
        ("submitted", "submitted", "rep"),
        ("returned", "returned", "coord"),
        ("submitted", "submitted", "rep"),
        ("approved", "approved", "coord"),
    ]
    resubmission = ValueChange.objects.filter(data_value=approved, action="submitted").last()
    assert (resubmission.old["value_number"], resubmission.new["value_number"]) == ("30.5", "31")


def test_the_same_figure_saved_again_records_nothing(bac_yen, users, open_2024):
    first = save(users["reporter"], bac_yen, open_2024, "1.1a", value="30,5")
    again = save(users["reporter"], bac_yen, open_2024, "1.1a", value="30.50", version=first.version)
    assert again.version == first.version
    assert ValueChange.objects.count() == 1


def test_a_form_saved_over_a_newer_version_is_refused_and_nothing_overwritten(bac_yen, users, open_2024):
    reporter = users["reporter"]
    save(reporter, bac_yen, open_2024, "1.1a", value="30")  # version 1 — both people open the form now
    save(reporter, bac_yen, open_2024, "1.1a", value="31", version=1)  # the first saves: version 2

    with pytest.raises(StaleValue, match="vừa được .* thay đổi lúc .* Không có gì bị ghi đè"):
        save(users["coordinator"], bac_yen, open_2024, "1.1a", value="99", version=1)

    figure = DataValue.objects.get()
    assert (figure.value_number, figure.version) == (Decimal(31), 2)
    assert ValueChange.objects.count() == 2


def test_two_people_creating_the_same_figure_the_second_is_refused(bac_yen, users, open_2024):
    save(users["reporter"], bac_yen, open_2024, "1.1a", value="30")
    with pytest.raises(StaleValue):
        save(users["coordinator"], bac_yen, open_2024, "1.1a", value="40", version=0)
    assert DataValue.objects.get().value_number == 30


def test_an_approved_figure_is_locked_until_unapproved(bac_yen, users, open_2024):
    figure = save(users["reporter"], bac_yen, open_2024, "1.1a", value="30", submit=True)
    value_approve(actor=users["coordinator"], value=figure)

    with pytest.raises(ValueRuleError, match="đã được duyệt; đề nghị điều phối bỏ duyệt"):
        save(users["reporter"], bac_yen, open_2024, "1.1a", value="35", version=DataValue.objects.get().version)
    with pytest.raises(ValueRuleError, match="Cần ghi lý do bỏ duyệt"):
        value_unapprove(actor=users["coordinator"], value=DataValue.objects.get(), note=" ")

    value_unapprove(actor=users["coordinator"], value=DataValue.objects.get(), note="Sở đề nghị kiểm tra lại")
    value_return(actor=users["coordinator"], value=DataValue.objects.get(), note="Kiểm tra lại số cơ quan")
    current = DataValue.objects.get()
    fixed = save(users["reporter"], bac_yen, open_2024, "1.1a", value="35", submit=True, version=current.version)
    assert fixed.value_number == 35


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        (lambda u, v: value_approve(actor=u, value=v), "draft", "chỉ duyệt được số liệu đã gửi"),
        (lambda u, v: value_return(actor=u, value=v, note="x"), "approved", "chỉ trả lại được số liệu đã gửi"),
        (lambda u, v: value_unapprove(actor=u, value=v, note="x"), "submitted", "chỉ bỏ duyệt được số liệu đã duyệt"),
    ],
)
def test_transitions_only_from_their_states(bac_yen, users, open_2024, action, status, message):
    figure = save(users["reporter"], bac_yen, open_2024, "1.1a", value="30", submit=status != "draft")
    if status == "approved":
        figure = value_approve(actor=users["coordinator"], value=figure)
    with pytest.raises(ValueRuleError, match=message):
        action(users["coordinator"], figure)
    assert DataValue.objects.get().status == status


def test_returning_needs_a_note(bac_yen, users, open_2024):
    figure = save(users["reporter"], bac_yen, open_2024, "1.1a", value="30", submit=True)
    with pytest.raises(ValueRuleError, match="Cần ghi lý do trả lại"):
        value_return(actor=users["coordinator"], value=figure, note="  ")


@pytest.mark.parametrize("role", ["reporter", "leader", "other_coordinator"])
def test_only_the_plans_coordinator_reviews(bac_yen, users, open_2024, role):
    figure = save(users["reporter"], bac_yen, open_2024, "1.1a", value="30", submit=True)
    with pytest.raises(ValueRuleError, match="Chỉ điều phối"):
        value_approve(actor=users[role], value=figure)
    assert DataValue.objects.get().status == "submitted"


def test_a_reporter_cannot_enter_another_agencys_indicator(bac_yen, users, open_2024):
    with pytest.raises(ValueRuleError, match="Chỉ tiêu 4.2 không được giao cho Phòng Nội vụ"):
        save(users["reporter"], bac_yen, open_2024, "4.2", value="40")
    assert not DataValue.objects.exists()


@pytest.mark.parametrize("role", ["leader", "other_coordinator"])
def test_leaders_and_other_units_cannot_enter(bac_yen, users, open_2024, role):
    with pytest.raises(ValueRuleError):
        save(users[role], bac_yen, open_2024, "1.1a", value="40")
    assert not DataValue.objects.exists()


def test_the_coordinator_enters_on_behalf_and_it_is_recorded(bac_yen, users, open_2024):
    figure = save(users["coordinator"], bac_yen, open_2024, "1.1a", value="28", submit=True)
    assert figure.entered_on_behalf and figure.agency.name == "Phòng Nội vụ"
    assert ValueChange.objects.get().on_behalf


# ---------------------------------------------------------------- deadlines and locking


def test_a_period_opens_before_its_deadline_and_locks_after_the_grace_days(bac_yen):
    period = bac_yen.periods.get(code="2024S1")  # deadline 18/05/2024, 10 days' grace
    noi_vu = Agency.objects.get(name="Phòng Nội vụ")
    assert not period_is_open_for(period, bac_yen, noi_vu, date(2024, 4, 17))
    assert period_is_open_for(period, bac_yen, noi_vu, date(2024, 4, 18))
    assert period_is_open_for(period, bac_yen, noi_vu, date(2024, 5, 28))
    assert not period_is_open_for(period, bac_yen, noi_vu, date(2024, 5, 29))


def test_a_locked_period_refuses_figures_until_reopened_for_that_agency(bac_yen, users):
    period = bac_yen.periods.get(code="2023")
    with pytest.raises(ValueRuleError, match="đã khóa"):
        save(users["reporter"], bac_yen, period, "1.1a", value="30")

    other = Agency.objects.get(name="Trung tâm Y tế huyện")
    period_reopen(
        actor=users["coordinator"], period=period, agency=other, until=date.today(), note="Bổ sung số liệu y tế"
    )
    with pytest.raises(ValueRuleError, match="đã khóa"):
        save(users["reporter"], bac_yen, period, "1.1a", value="30")

    period_reopen(
        actor=users["coordinator"],
        period=period,
        agency=Agency.objects.get(name="Phòng Nội vụ"),
        until=date.today(),
        note="Nội vụ nộp muộn",
    )
    assert save(users["reporter"], bac_yen, period, "1.1a", value="30").value_number == 30
    assert list(PeriodReopening.objects.values_list("note", "created_by__username")) == [
        ("Nội vụ nộp muộn", "coord"),
        ("Bổ sung số liệu y tế", "coord"),
    ]


@pytest.mark.parametrize("role", ["reporter", "leader", "other_coordinator"])
def test_only_the_coordinator_reopens(bac_yen, users, role):
    with pytest.raises(ValueRuleError, match="Chỉ điều phối"):
        period_reopen(
            actor=users[role], period=bac_yen.periods.get(code="2023"), agency=None, until=date.today(), note=""
        )
    assert not PeriodReopening.objects.exists()


# ---------------------------------------------------------------- commune figures and completeness


def test_commune_figures_only_for_indicators_reported_by_commune(bac_yen, users, open_2024):
    commune = unit_get_or_create(name="Hua Nhàn", level=UnitLevel.COMMUNE, parent=bac_yen.territory)[0]
    ind = indicator(bac_yen, "1.1a")
    entry = read_entry(kind=ind.kind, factor=ind.factor, numerator="1", denominator="4")
    with pytest.raises(ValueRuleError, match="không nhập số liệu chỉ tiêu 1.1a cho xã Hua Nhàn"):
        value_save(actor=users["reporter"], indicator=ind, period=open_2024, unit=commune, entry=entry)

    ind.reported_by_commune = True
    ind.save()
    figure = value_save(actor=users["reporter"], indicator=ind, period=open_2024, unit=commune, entry=entry)
    assert figure.value_number == 25


def test_completeness_counts_lead_reports_submitted_and_on_time(bac_yen, users, open_2024):
    reporter = users["reporter"]
    save(reporter, bac_yen, open_2024, "1.1a", value="30", submit=True)  # submitted today: after 18/05/2024
    save(reporter, bac_yen, open_2024, "1.1b", value="80")  # a draft does not count

    rows, overall = period_completeness(bac_yen, open_2024)

    noi_vu = next(r for r in rows if r.agency.name == "Phòng Nội vụ")
    assert (noi_vu.expected, noi_vu.submitted, noi_vu.on_time) == (4, 1, 0)  # leads 1.1a, 1.1b, 5.3, 5.4
    assert [i.code for i in noi_vu.missing] == ["1.1b", "5.3", "5.4"]
    assert (overall.expected, overall.submitted) == (27, 1)  # 20 indicators, 7 of them with two leads


def test_the_audit_keeps_whole_numbers_as_people_write_them(bac_yen, users, open_2024):
    save(users["reporter"], bac_yen, open_2024, "1.1a", value="20")
    assert ValueChange.objects.get().new["value_number"] == "20"
