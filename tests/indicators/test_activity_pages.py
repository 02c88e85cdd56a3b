"""The activity pages for every role: the entry page's activity section and its form, the coordinator's page of a
period's activities, a report's detail, the evidence files; a reporter reaching for another agency's activity or
file gets nothing, and nothing changes. Query counts do not grow with the number of activities."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from indicators.models import ActivityEvidence, ActivityReport, ActivityReportChange
from indicators.services.activities import EvidenceUpload, ReportInput, activity_report_save
from tests.indicators.activity_world import pdf_bytes, png_bytes, stored_files

pytestmark = pytest.mark.django_db
PLAN, PERIOD = "THU-2021-2030", "2024"


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def entry_url(query=""):
    return reverse("period_entry", args=[PLAN, PERIOD]) + query


def edit_url(world, code="3.1", period=PERIOD):
    return reverse("activity_report_edit", args=[PLAN, period, world.activities[code].pk])


def activities_url(query=""):
    return reverse("period_activities", args=[PLAN, PERIOD]) + query


def report(world, code="3.1", *, submit=True, files=("bao-cao.pdf",)):
    activity = world.activities[code]
    return activity_report_save(
        actor=world.users["coordinator"],
        activity=activity,
        period=world.periods[PERIOD],
        data=ReportInput(progress="done", account="Đã tổ chức lễ phát động."),
        submit=submit,
        agency=activity.lead_agency,
        add_evidence=[EvidenceUpload(name, pdf_bytes()) for name in files],
    )


def form_data(prefix, **values):
    data = {
        f"{prefix}-progress": "done",
        f"{prefix}-reason": "",
        f"{prefix}-account": "Tổ chức 02 hội nghị tại xã Thanh An.",
        f"{prefix}-events": "2",
        f"{prefix}-women": "1.120",
        f"{prefix}-men": "84",
        f"{prefix}-products": "",
        f"{prefix}-inspections": "",
        f"{prefix}-version": "0",
        "submit": "",
    }
    return data | {f"{prefix}-{key}": value for key, value in values.items()}


def state():
    return (
        list(ActivityReport.objects.order_by("pk").values_list("activity__code", "status", "progress", "version")),
        ActivityReportChange.objects.count(),
        ActivityEvidence.objects.count(),
    )


# ---------------------------------------------------------------- the entry page's activity section

ENTRY = {
    "anonymous": (302, set()),
    "administrator": (200, set()),  # picks an agency first
    "coordinator": (200, set()),
    "leader": (403, set()),
    "reporter_lead": (200, {"3.1", "2.1"}),
    "reporter_coordinating": (403, set()),  # no indicator, leads no activity
    "reporter_other": (200, {"4.1"}),  # an agency with activities only: the page holds them
    "other_coordinator": (404, set()),
}


@pytest.mark.parametrize("role", list(ENTRY))
def test_the_entry_page_shows_each_agency_its_own_activities(client, world, role):
    response = login(client, world, role).get(entry_url())
    status, codes = ENTRY[role]
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        shown = {code for code in world.activities if f'id="activity-{world.activities[code].pk}"' in html}
        assert shown == codes
        if codes:
            assert "Hoạt động năm 2024" in html and 'enctype="multipart/form-data"' in html


def test_a_coordinator_picks_an_agency_with_activities_only(client, world):
    login(client, world, "coordinator")
    picker = client.get(entry_url()).content.decode()
    assert "Hội Liên hiệp Phụ nữ huyện" in picker
    html = client.get(entry_url(f"?agency={world.agencies['phunu'].pk}")).content.decode()
    assert f'id="activity-{world.activities["4.1"].pk}"' in html and "điều phối nhập thay" in html


def test_an_approved_report_is_shown_not_edited(client, world):
    from indicators.models import ValueAction
    from indicators.services.activities import activity_reports_review

    done = report(world)
    activity_reports_review(actor=world.users["coordinator"], items=[(done, None)], action=ValueAction.APPROVED)
    html = login(client, world, "reporter_lead").get(entry_url()).content.decode()
    card = html[html.index(f'id="activity-{world.activities["3.1"].pk}"') :]
    card = card[: card.index("</details>")]
    assert "Đã duyệt" in card and "activity-form" not in card and "Đã tổ chức lễ phát động." in card


# ---------------------------------------------------------------- the report form


EDIT_GET = {
    "anonymous": 302,
    "administrator": 200,
    "coordinator": 200,
    "leader": 403,
    "reporter_lead": 200,
    "reporter_coordinating": 403,  # sees the activity, does not report it
    "reporter_other": 404,  # another agency's activity: as if it did not exist
    "other_coordinator": 404,
}


@pytest.mark.parametrize("role", list(EDIT_GET))
def test_the_report_form_page_for_every_role(client, world, role):
    assert login(client, world, role).get(edit_url(world)).status_code == EDIT_GET[role]


@pytest.mark.parametrize(
    "role", ["anonymous", "leader", "reporter_coordinating", "reporter_other", "other_coordinator"]
)
def test_a_report_posted_by_someone_else_changes_nothing(client, world, media, role):
    before = state()
    data = form_data(f"a{world.activities['3.1'].pk}")
    data[f"a{world.activities['3.1'].pk}-evidence"] = SimpleUploadedFile("x.pdf", pdf_bytes())
    response = login(client, world, role).post(edit_url(world), data)
    assert response.status_code == EDIT_GET[role]
    assert state() == before and stored_files(media) == []


def test_an_agency_reports_an_activity_with_evidence(client, world, media):
    activity = world.activities["3.1"]
    data = form_data(f"a{activity.pk}")
    data[f"a{activity.pk}-evidence"] = [
        SimpleUploadedFile("Báo cáo.pdf", pdf_bytes()),
        SimpleUploadedFile("Ảnh hội nghị.png", png_bytes()),
    ]
    response = login(client, world, "reporter_lead").post(edit_url(world), data)
    assert response.status_code == 302
    assert response["Location"] == entry_url() + f"#activity-{activity.pk}"
    saved = ActivityReport.objects.get()
    assert (saved.status, saved.progress, saved.events, saved.women, saved.men) == ("submitted", "done", 2, 1120, 84)
    assert sorted(saved.evidence.values_list("name", flat=True)) == ["Báo cáo.pdf", "Ảnh hội nghị.png"]
    assert len(stored_files(media)) == 2
    assert "Đã gửi duyệt báo cáo hoạt động 3.1." in client.get(response["Location"]).content.decode()


def test_a_coordinator_reports_on_an_agencys_behalf_and_returns_to_its_page(client, world):
    activity = world.activities["4.1"]
    response = login(client, world, "coordinator").post(
        edit_url(world, "4.1"), form_data(f"a{activity.pk}") | {"draft": ""}
    )
    assert response["Location"] == entry_url(f"?agency={world.agencies['phunu'].pk}") + f"#activity-{activity.pk}"
    saved = ActivityReport.objects.get()
    assert (saved.entered_on_behalf, saved.agency) == (True, world.agencies["phunu"])


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("bao-cao.pdf", b"MZ\x90\x00 not a pdf", "không phải là tài liệu PDF như tên tệp ghi"),
        ("bao-cao.exe", pdf_bytes(), "chỉ nhận PDF, ảnh JPG/PNG hoặc văn bản Word"),
        ("anh.jpg", png_bytes(), "có đuôi .jpg nhưng nội dung là ảnh PNG"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused_on_the_page(client, world, media, name, data, says):
    activity = world.activities["3.1"]
    post = form_data(f"a{activity.pk}") | {f"a{activity.pk}-evidence": SimpleUploadedFile(name, data)}
    response = login(client, world, "reporter_lead").post(edit_url(world), post)
    assert response.status_code == 200
    assert says in response.content.decode()
    assert state() == ([], 0, 0) and stored_files(media) == []


@override_settings(EVIDENCE_MAX_FILE_BYTES=300)
def test_evidence_too_large_is_refused_on_the_page(client, world, media):
    activity = world.activities["3.1"]
    post = form_data(f"a{activity.pk}") | {f"a{activity.pk}-evidence": SimpleUploadedFile("lon.pdf", pdf_bytes())}
    response = login(client, world, "reporter_lead").post(edit_url(world), post)
    assert "quá giới hạn" in response.content.decode()
    assert state() == ([], 0, 0) and stored_files(media) == []


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"women": "nhiều"}, "Cần một số nguyên không âm"),
        ({"events": "-1"}, "Cần một số nguyên không âm"),
        ({"progress": "dropped"}, "Hoạt động không thực hiện cần ghi lý do."),
        ({"progress": ""}, "Chọn tiến độ của hoạt động."),
        ({"account": ""}, "Ghi ngắn gọn kết quả thực hiện trước khi gửi duyệt."),
        ({"version": "7"}, "Báo cáo hoạt động 3.1 đã bị xóa"),
    ],
)
def test_a_form_with_problems_says_where_and_writes_nothing(client, world, values, says):
    activity = world.activities["3.1"]
    response = login(client, world, "reporter_lead").post(edit_url(world), form_data(f"a{activity.pk}", **values))
    assert response.status_code == 200 and says in response.content.decode()
    assert state() == ([], 0, 0)


def test_a_stale_form_is_refused(client, world):
    saved = report(world, submit=False)
    activity = world.activities["3.1"]
    post = form_data(f"a{activity.pk}", version="0")
    response = login(client, world, "reporter_lead").post(edit_url(world), post)
    assert "vừa được" in response.content.decode()
    saved.refresh_from_db()
    assert saved.version == 1 and saved.account == "Đã tổ chức lễ phát động."


def test_an_activity_outside_the_period_or_the_plan_answers_404(client, world):
    login(client, world, "reporter_lead")
    assert client.get(edit_url(world, period="2024S1")).status_code == 404  # the Action Month: second half only
    assert client.get(reverse("activity_report_edit", args=[PLAN, PERIOD, 999999])).status_code == 404


# ---------------------------------------------------------------- the coordinator's page

LIST = {
    "anonymous": 302,
    "administrator": 200,
    "coordinator": 200,
    "leader": 200,
    "reporter_lead": 403,
    "reporter_coordinating": 403,
    "reporter_other": 403,
    "other_coordinator": 404,
}


@pytest.mark.parametrize("role", list(LIST))
def test_the_activities_page_for_every_role(client, world, role):
    report(world)
    response = login(client, world, role).get(activities_url())
    assert response.status_code == LIST[role]
    if response.status_code == 200:
        html = response.content.decode()
        assert "Theo cơ quan chủ trì" in html and "Phòng Lao động - Thương binh và Xã hội" in html
        assert ('name="report"' in html) == (role in ("coordinator", "administrator"))


def test_the_page_groups_by_agency_and_status_and_flags_what_is_late(client, world):
    report(world, "2.1")
    html = login(client, world, "coordinator").get(activities_url()).content.decode()
    # 2024 is over: the Action Month (ended 15/12/2024) and the whole-year tasks not done are late.
    assert "3 hoạt động trong kỳ: <strong>0</strong> đã duyệt, <strong>1</strong> chờ duyệt" in html
    assert "Quá hạn (hạn 15/12/2024)" in html
    late_only = client.get(activities_url("?late=1")).content.decode()
    assert f'id="activity-{world.activities["3.1"].pk}"' in late_only
    assert f'id="activity-{world.activities["2.1"].pk}"' not in late_only  # done
    waiting = client.get(activities_url("?status=submitted")).content.decode()
    assert f'id="activity-{world.activities["2.1"].pk}"' in waiting
    assert f'id="activity-{world.activities["3.1"].pk}"' not in waiting
    none = client.get(activities_url(f"?status=none&agency={world.agencies['phunu'].pk}")).content.decode()
    assert f'id="activity-{world.activities["4.1"].pk}"' in none and "Hoạt động thử 2.1" not in none


@pytest.mark.parametrize("query", ["?status=bogus", "?progress=x", "?agency=abc"])
def test_malformed_filters_answer_400(client, world, query):
    assert login(client, world, "coordinator").get(activities_url(query)).status_code == 400


def test_an_unknown_agency_filter_answers_404(client, world):
    assert login(client, world, "coordinator").get(activities_url("?agency=999999")).status_code == 404


def test_the_coordinator_approves_returns_and_unapproves(client, world):
    first, second = report(world, "3.1"), report(world, "2.1")
    login(client, world, "coordinator")
    response = client.post(
        activities_url(),
        {"action": "approve", "report": [first.pk, second.pk], f"version-{first.pk}": 1, f"version-{second.pk}": 1},
    )
    assert response.status_code == 302
    assert set(ActivityReport.objects.values_list("status", flat=True)) == {"approved"}
    client.post(activities_url(), {"action": "unapprove", "report": first.pk, "version": 2, "note": "Xem lại số liệu"})
    client.post(activities_url(), {"action": "return", "report": first.pk, "version": 3, "note": "Bổ sung danh sách"})
    first.refresh_from_db()
    assert (first.status, first.review_note) == ("returned", "Bổ sung danh sách")
    html = client.get(response["Location"]).content.decode()
    assert "Đã trả lại báo cáo hoạt động 3.1 kèm ý kiến." in html


def test_a_stale_approval_changes_nothing(client, world):
    saved = report(world)
    response = login(client, world, "coordinator").post(
        activities_url(), {"action": "approve", "report": saved.pk, f"version-{saved.pk}": 0}, follow=True
    )
    assert "vừa được" in response.content.decode()
    saved.refresh_from_db()
    assert saved.status == "submitted"


@pytest.mark.parametrize("role", ["leader", "reporter_lead", "other_coordinator"])
def test_only_the_coordinator_reviews_on_the_page(client, world, role):
    saved = report(world)
    before = state()
    response = login(client, world, role).post(activities_url(), {"action": "approve", "report": saved.pk})
    assert response.status_code in (403, 404)
    assert state() == before


# ---------------------------------------------------------------- a report's detail, its evidence

DETAIL = {
    "anonymous": 302,
    "administrator": 200,
    "coordinator": 200,
    "leader": 200,
    "reporter_lead": 200,
    "reporter_coordinating": 200,  # coordinates the Action Month: reads what the lead reported
    "reporter_other": 404,
    "other_coordinator": 404,
}


@pytest.mark.parametrize("role", list(DETAIL))
def test_a_reports_detail_and_its_evidence_for_every_role(client, world, role):
    saved = report(world)
    evidence = saved.evidence.get()
    login(client, world, role)
    detail = client.get(reverse("activity_report_detail", args=[saved.pk]))
    assert detail.status_code == DETAIL[role]
    download = client.get(reverse("evidence_download", args=[evidence.pk]))
    assert download.status_code == DETAIL[role]
    if DETAIL[role] == 200:
        assert "Lịch sử" in detail.content.decode() and "Gửi duyệt" in detail.content.decode()
        assert download["Content-Disposition"] == "attachment; filename=\"bao-cao.pdf\"; filename*=UTF-8''bao-cao.pdf"
        assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
        assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == evidence.sha256


def test_a_reporter_reaching_for_another_agencys_file_gets_nothing(client, world):
    other = report(world, "4.1", files=("bi-mat.pdf",))
    login(client, world, "reporter_lead")
    assert client.get(reverse("evidence_download", args=[other.evidence.get().pk])).status_code == 404
    assert client.get(reverse("activity_report_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("evidence_download", args=[999999])).status_code == 404


def test_evidence_is_not_served_from_the_media_url(client, world, settings):
    saved = report(world)
    login(client, world, "reporter_lead")
    assert client.get("/media/" + saved.evidence.get().file.name).status_code == 404


# ---------------------------------------------------------------- the dashboard card, the reporter's home


def test_the_dashboard_shows_activities_done_of_planned(client, world):
    from indicators.models import ValueAction
    from indicators.services.activities import activity_reports_review

    activity_reports_review(
        actor=world.users["coordinator"], items=[(report(world), None)], action=ValueAction.APPROVED
    )
    report(world, "2.1")  # submitted, not approved: not done yet
    html = login(client, world, "leader").get(reverse("dashboard", args=[PLAN]) + "?period=2024").content.decode()
    assert "<strong>1/3</strong> hoạt động của kế hoạch năm 2024 (15/KH-UBND) đã hoàn thành (đã duyệt)" in html
    assert "1 báo cáo hoạt động đang chờ duyệt" in html
    other_year = client.get(reverse("dashboard", args=[PLAN]) + "?period=2023").content.decode()
    assert 'id="activities-card"' not in other_year


def test_the_reporters_home_counts_its_activities(client, world):
    report(world, "4.1", submit=False)
    html = login(client, world, "reporter_other").get(reverse("reporter_home")).content.decode()
    assert "1 hoạt động</a> do cơ quan chủ trì trong kỳ: đã báo cáo 1" in html


# ---------------------------------------------------------------- queries do not grow


def _grow(world, count: int):
    for number in range(count):
        activity = world.add_activity(f"9.{number}", theme=f"Nhóm {number % 4}")
        activity.coordinating_agencies.set([world.agencies["vhtt"]])
        report(world, activity.code, files=("a.pdf", "b.pdf"))


@pytest.mark.parametrize("size", [2, 25])
def test_the_activities_page_queries_do_not_grow(client, world, size, django_assert_max_num_queries):
    _grow(world, size)
    login(client, world, "coordinator")
    with django_assert_max_num_queries(18):  # +1: the header's unread notices
        assert client.get(activities_url()).status_code == 200


@pytest.mark.parametrize("size", [2, 25])
def test_the_entry_page_queries_do_not_grow(client, world, size, django_assert_max_num_queries):
    _grow(world, size)
    login(client, world, "reporter_lead")
    with django_assert_max_num_queries(19):  # +1: the header's unread notices
        assert client.get(entry_url()).status_code == 200


@pytest.mark.parametrize("size", [2, 25])
def test_the_dashboard_card_queries_do_not_grow(world, size, django_assert_max_num_queries):
    from indicators.activity_selectors import year_activities

    _grow(world, size)
    with django_assert_max_num_queries(2):
        assert year_activities(world.plan, 2024).planned == 3 + size
