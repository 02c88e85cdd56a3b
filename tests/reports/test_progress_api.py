"""The `progress` command and GET /api/v1/plans/<code>/progress/: the same JSON, field for field, for whom may see it."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from indicators.demo import demo_figures_load
from indicators.models import DataValue, Indicator, PeriodReopening
from plans.models import Agency, Role, UnitLevel, User
from plans.services import unit_get_or_create, user_create
from reports.models import ApiToken

pytestmark = pytest.mark.django_db
API = "/api/v1/plans/BACYEN-2021-2025/progress/"
# DESIGN.md 7.4: `unit` describes the unit judged (the territory when none is asked for).
TOP_KEYS = {"plan", "unit", "period", "method", "summary", "completeness", "goals"}
INDICATOR_KEYS = {
    "code",
    "name",
    "unit",
    "kind",
    "direction",
    "baseline",
    "target",
    "value",
    "value_period",
    "achievement_pct",
    "progress_ratio",
    "status",
    "forecast",
    "lead_agencies",
    "coordinating_agencies",
    "coverage",  # of the aggregate: reporting units that reported / expected (issue 8)
}
STATUSES = {
    "achieved",
    "on_track",
    "needs_acceleration",
    "limited_progress",
    "deterioration",
    "not_achieved",
    "insufficient_data",
    "no_data",
    "not_applicable",
}


@pytest.fixture
def demo(bac_yen, users):
    reporters = {}
    for agency in Agency.objects.filter(unit=bac_yen.territory):
        reporters[agency.pk] = user_create(
            username=f"r{agency.pk}", password="x", role=Role.REPORTER, unit=bac_yen.territory, agency=agency
        )
    demo_figures_load(plan=bac_yen, coordinator=users["coordinator"], reporters=reporters)
    return bac_yen


def command_json(*args) -> dict:
    out = StringIO()
    call_command("progress", "BACYEN-2021-2025", *args, stdout=out)
    return json.loads(out.getvalue())  # nothing but the JSON on stdout


def indicator_of(data, code):
    return next(i for g in data["goals"] for i in g["indicators"] if i["code"] == code)


def test_the_command_prints_exactly_the_json_of_the_contract(demo):
    data = command_json("--period", "2024S1")

    assert set(data) == TOP_KEYS
    assert data["unit"] == {"code": None, "name": "Bắc Yên", "level": "district"}
    assert data["plan"] == {"code": "BACYEN-2021-2025", "title": demo.title, "start_year": 2021, "end_year": 2025}
    assert (data["period"], data["method"]) == ("2024S1", "linear")
    assert set(data["summary"]) == STATUSES and sum(data["summary"].values()) == 20
    assert set(data["completeness"]) == {"expected", "submitted", "on_time"} and data["completeness"]["expected"] == 27
    assert [g["number"] for g in data["goals"]] == [1, 2, 3, 4, 5, 6]
    for goal in data["goals"]:
        for indicator in goal["indicators"]:
            assert set(indicator) == INDICATOR_KEYS
            assert indicator["status"] in STATUSES
            for key in ("value", "achievement_pct", "progress_ratio"):
                assert indicator[key] is None or isinstance(indicator[key], (int, float, bool, str))
    maternal = indicator_of(data, "4.2")
    assert maternal["direction"] == "decrease" and maternal["target"] == {"value": 48, "year": 2025}
    assert maternal["lead_agencies"] == ["Văn phòng HĐND và UBND huyện", "Trung tâm Y tế huyện"]
    assert indicator_of(data, "6.1")["coordinating_agencies"] == ["Trung tâm Truyền thông - Văn hóa"]
    curriculum = indicator_of(data, "5.1")
    assert (curriculum["kind"], curriculum["direction"], curriculum["value"]) == ("boolean", None, False)


def test_the_summary_counts_the_statuses_of_the_indicators(demo):
    data = command_json("--period", "2024")
    counted = {}
    for goal in data["goals"]:
        for indicator in goal["indicators"]:
            counted[indicator["status"]] = counted.get(indicator["status"], 0) + 1
    assert {k: v for k, v in data["summary"].items() if v} == counted


def test_vietnamese_period_words_and_the_escap_method(demo):
    data = command_json("--period", "6 tháng đầu năm 2024", "--method", "escap")
    assert (data["period"], data["method"]) == ("2024S1", "escap")


def test_only_approved_figures_count_unless_submitted_are_included(demo, users):
    figure = DataValue.objects.get(indicator__code="1.1a", period__code="2024S1")
    DataValue.objects.filter(pk=figure.pk).update(status="submitted")

    approved_only = indicator_of(command_json("--period", "2024S1"), "1.1a")
    with_submitted = indicator_of(command_json("--period", "2024S1", "--include-submitted"), "1.1a")

    assert approved_only["value_period"] == "2023"
    assert with_submitted["value_period"] == "2024S1"


def test_commune_figures_feed_the_territory_when_it_has_none(bac_yen, users):
    period = bac_yen.periods.get(code="2024")
    for name, (top, bottom) in {"Hang Chú": (3, 10), "Xím Vàng": (1, 10)}.items():
        unit = unit_get_or_create(name=name, level=UnitLevel.COMMUNE, parent=bac_yen.territory)[0]
        DataValue.objects.create(
            indicator=Indicator.objects.get(plan=bac_yen, code="1.1a"),
            period=period,
            unit=unit,
            numerator=top,
            denominator=bottom,
            value_number=top * 10,
            status="approved",
            entered_at=timezone.now(),
        )
    assert indicator_of(command_json("--period", "2024"), "1.1a")["value"] == 20  # (3+1)/(10+10)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2024S2"], "không hợp lệ"),
        (["--period", "2031"], "không có kỳ 2031"),
        (["--period", "2024", "--method", "trung bình"], "linear hoặc escap"),
    ],
)
def test_bad_arguments_fail_with_a_vietnamese_message(bac_yen, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("progress", "BACYEN-2021-2025", *args, stdout=StringIO())


def test_an_unknown_plan_fails(db):
    with pytest.raises(CommandError, match="Không có kế hoạch mã “X”"):
        call_command("progress", "X", "--period", "2024", stdout=StringIO())


# ---------------------------------------------------------------- the API


def test_the_api_answers_the_same_json_as_the_command(client, demo, users):
    client.force_login(users["leader"])
    response = client.get(API, {"period": "2024S1", "method": "escap"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json() == command_json("--period", "2024S1", "--method", "escap")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("reporter", 200),
        ("leader", 200),
        ("coordinator", 200),
        ("other_coordinator", 404),
        ("administrator", 200),
    ],
)
def test_the_api_by_role(client, bac_yen, users, role, status):
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(API, {"period": "2024"})
    assert response.status_code == status
    if status == 401:
        assert "Cần đăng nhập" in response.json()["error"] and response["WWW-Authenticate"] == "Token"


def test_a_reporter_sees_only_their_agencys_indicators(client, bac_yen, users):
    client.force_login(users["reporter"])
    codes = [i["code"] for g in client.get(API, {"period": "2024"}).json()["goals"] for i in g["indicators"]]
    assert codes == ["1.1a", "1.1b", "5.3", "5.4"]


def test_a_token_reads_as_its_user(client, bac_yen, users):
    _, key = ApiToken.issue(user=users["leader"], name="Sở Nội vụ")
    response = client.get(API, {"period": "2024"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("header", ["Token sai-khoa", "Bearer x", ""])
def test_a_wrong_token_is_refused(client, bac_yen, header):
    assert client.get(API, {"period": "2024"}, HTTP_AUTHORIZATION=header).status_code == 401


def test_a_disabled_users_token_is_refused(client, bac_yen, users):
    _, key = ApiToken.issue(user=users["leader"], name="x")
    User.objects.filter(pk=users["leader"].pk).update(is_active=False)
    assert client.get(API, {"period": "2024"}, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_another_units_token_sees_no_plan(client, bac_yen, users):
    _, key = ApiToken.issue(user=users["other_coordinator"], name="x")
    assert client.get(API, {"period": "2024"}, HTTP_AUTHORIZATION=f"Token {key}").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"), [({}, "Thiếu kỳ báo cáo"), ({"period": "2024", "method": "x"}, "linear hoặc escap")]
)
def test_bad_requests_get_a_json_error(client, bac_yen, users, query, message):
    client.force_login(users["leader"])
    response = client.get(API, query)
    assert response.status_code == 400 and message in response.json()["error"]


def test_the_api_is_described_by_openapi(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/plans/{code}/progress/" in spec["paths"]


def test_create_api_token_prints_a_key_once(bac_yen, users):
    out = StringIO()
    call_command("create_api_token", "leader", stdout=out)
    key = out.getvalue().strip()
    assert ApiToken.objects.get().key_hash == ApiToken.hash(key) and key not in ApiToken.objects.get().key_hash


def test_reopenings_do_not_matter_to_progress(demo):
    """Progress reads figures, not whether a period is open."""
    before = command_json("--period", "2024")
    PeriodReopening.objects.create(
        period=demo.periods.get(code="2024"), until=date.today() + timedelta(days=1), created_at=timezone.now()
    )
    assert command_json("--period", "2024") == before
