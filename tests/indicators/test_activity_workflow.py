"""Activity reports through their service: draft, submit, approve, return, un-approve, as figures are; stale saves,
locked periods, another agency's activity and bad evidence refused with nothing written; every change audited."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from indicators.activities import Achieved
from indicators.models import ActivityEvidence, ActivityReport, ActivityReportChange, PeriodReopening, ValueAction
from indicators.services.activities import (
    EvidenceUpload,
    ReportInput,
    ReportRefused,
    activity_report_return,
    activity_report_save,
    activity_reports_review,
)
from indicators.services.workflow import StaleValue, ValueRuleError
from tests.indicators.activity_world import pdf_bytes, png_bytes, stored_files

pytestmark = pytest.mark.django_db
DONE = ReportInput(
    progress="done",
    account="Ngày 15/11 tổ chức lễ phát động và 2 hội nghị.",
    achieved=Achieved(events=3, women=180, men=120, products=12),
)


def save(world, who="reporter_lead", code="3.1", period="2024", **kwargs):
    kwargs.setdefault("data", DONE)
    return activity_report_save(
        actor=world.users[who], activity=world.activities[code], period=world.periods[period], **kwargs
    )


def nothing_written(media_root, before_files=()):
    assert ActivityReport.objects.count() == 0
    assert ActivityReportChange.objects.count() == 0
    assert ActivityEvidence.objects.count() == 0
    assert stored_files(media_root) == list(before_files)


def test_a_report_goes_from_draft_to_approved_and_every_step_is_kept(world):
    draft = save(world, data=ReportInput(progress="in_progress"))
    assert (draft.status, draft.version, draft.agency, draft.entered_on_behalf) == (
        "draft",
        1,
        world.agencies["ldtbxh"],
        False,
    )
    submitted = save(world, submit=True, expected_version=1, add_evidence=[EvidenceUpload("Báo cáo.pdf", pdf_bytes())])
    assert (submitted.status, submitted.version, submitted.participants) == ("submitted", 2, 300)
    assert submitted.first_submitted_at is not None
    approved = activity_reports_review(
        actor=world.users["coordinator"], items=[(submitted, 2)], action=ValueAction.APPROVED
    )[0]
    assert (approved.status, approved.version, approved.reviewed_by) == ("approved", 3, world.users["coordinator"])
    changes = list(ActivityReportChange.objects.order_by("pk"))
    assert [(c.action, c.status_before, c.status_after) for c in changes] == [
        ("saved", "", "draft"),
        ("submitted", "draft", "submitted"),
        ("approved", "submitted", "approved"),
    ]
    assert changes[1].old["progress"] == "in_progress" and changes[1].new["progress"] == "done"
    assert changes[1].new["evidence"] == ["Báo cáo.pdf"] and changes[1].new["women"] == 180


def test_an_unchanged_save_writes_nothing(world):
    report = save(world)
    again = save(world, expected_version=report.version)
    assert again.version == report.version == 1
    assert ActivityReportChange.objects.count() == 1


def test_a_stale_save_is_refused_and_names_who_changed_it(world):
    save(world)
    with pytest.raises(ReportRefused) as refused:
        save(world, data=ReportInput(progress="in_progress"), expected_version=0)
    assert refused.value.is_stale
    assert (
        "vừa được" in refused.value.problems["version"] and "Không có gì bị ghi đè" in refused.value.problems["version"]
    )
    report = ActivityReport.objects.get()
    assert (report.progress, report.version) == ("done", 1)


def test_an_approved_report_cannot_change_until_unapproved(world):
    report = save(world, submit=True)
    activity_reports_review(actor=world.users["coordinator"], items=[(report, None)], action=ValueAction.APPROVED)
    with pytest.raises(ReportRefused) as refused:
        save(world, data=ReportInput(progress="in_progress"), expected_version=2)
    assert "đã được duyệt" in refused.value.problems["status"]
    report.refresh_from_db()
    with pytest.raises(ValueRuleError, match="Cần ghi lý do bỏ duyệt"):
        activity_reports_review(actor=world.users["coordinator"], items=[(report, None)], action=ValueAction.UNAPPROVED)
    activity_reports_review(
        actor=world.users["coordinator"], items=[(report, None)], action=ValueAction.UNAPPROVED, note="Sai số liệu"
    )
    report.refresh_from_db()
    assert report.status == "submitted"
    assert save(world, data=ReportInput(progress="in_progress"), expected_version=report.version).status == "draft"


def test_a_returned_report_goes_back_with_the_note_and_can_be_fixed(world):
    report = save(world, submit=True)
    with pytest.raises(ValueRuleError, match="Cần ghi lý do trả lại"):
        activity_report_return(actor=world.users["coordinator"], report=report, note=" ")
    returned = activity_report_return(actor=world.users["coordinator"], report=report, note="Bổ sung ảnh.")
    assert (returned.status, returned.review_note) == ("returned", "Bổ sung ảnh.")
    fixed = save(
        world, submit=True, expected_version=returned.version, add_evidence=[EvidenceUpload("a.png", png_bytes())]
    )
    assert fixed.status == "submitted" and fixed.evidence.count() == 1


def test_returning_in_a_locked_period_reopens_it_for_the_agency(world):
    report = save(world, submit=True)
    PeriodReopening.objects.all().delete()  # the period is now locked (its deadline is long past)
    with pytest.raises(ValueRuleError, match="chọn ngày mở lại kỳ"):
        activity_report_return(actor=world.users["coordinator"], report=report, note="Bổ sung.")
    report.refresh_from_db()
    assert report.status == "submitted"
    until = timezone.localdate() + timedelta(days=7)
    activity_report_return(actor=world.users["coordinator"], report=report, note="Bổ sung.", reopen_until=until)
    reopening = PeriodReopening.objects.get()
    assert (reopening.agency, reopening.until) == (world.agencies["ldtbxh"], until)


def test_a_locked_period_refuses_a_save(world, media):
    PeriodReopening.objects.all().delete()
    with pytest.raises(ReportRefused) as refused:
        save(world, add_evidence=[EvidenceUpload("a.pdf", pdf_bytes())])
    assert "đã khóa" in refused.value.problems["period"]
    nothing_written(media)


@pytest.mark.parametrize("who", ["reporter_coordinating", "reporter_other", "leader", "other_coordinator"])
def test_only_the_lead_agency_or_the_coordinator_reports(world, media, who):
    with pytest.raises(ValueRuleError):
        save(world, who=who, add_evidence=[EvidenceUpload("a.pdf", pdf_bytes())])
    nothing_written(media)


def test_the_coordinator_reports_on_the_lead_agencys_behalf(world):
    report = save(world, who="coordinator", agency=world.agencies["ldtbxh"])
    assert (report.agency, report.entered_on_behalf) == (world.agencies["ldtbxh"], True)
    assert ActivityReportChange.objects.get().on_behalf


def test_an_activity_outside_the_period_is_refused(world, media):
    with pytest.raises(ReportRefused) as refused:
        save(world, period="2024S1")  # the Action Month is in the second half of the year
    assert "không thuộc kỳ 6 tháng đầu năm 2024" in refused.value.problems["period"]
    nothing_written(media)


def test_only_a_coordinator_of_the_plan_reviews(world):
    report = save(world, submit=True)
    for who in ("reporter_lead", "leader", "other_coordinator"):
        with pytest.raises(ValueRuleError, match="Chỉ điều phối"):
            activity_reports_review(actor=world.users[who], items=[(report, None)], action=ValueAction.APPROVED)
    report.refresh_from_db()
    assert report.status == "submitted"
    with pytest.raises(ValueRuleError, match="đang ở trạng thái “Đã gửi”; chỉ bỏ duyệt được báo cáo đã duyệt"):
        activity_reports_review(
            actor=world.users["coordinator"], items=[(report, None)], action=ValueAction.UNAPPROVED, note="x"
        )


def test_a_stale_review_is_refused(world):
    seen = save(world, submit=True)  # the coordinator's page shows version 1 …
    changed = save(
        world, submit=True, expected_version=1, data=ReportInput(progress="in_progress", account="Đang làm.")
    )
    with pytest.raises(StaleValue, match="vừa được"):  # … and the agency changes it before the approval
        activity_reports_review(actor=world.users["coordinator"], items=[(seen, 1)], action=ValueAction.APPROVED)
    changed.refresh_from_db()
    assert (changed.status, changed.version, changed.progress) == ("submitted", 2, "in_progress")


def test_bad_evidence_is_refused_and_nothing_is_written(world, media):
    with pytest.raises(ReportRefused) as refused:
        save(
            world,
            add_evidence=[EvidenceUpload("tot.pdf", pdf_bytes()), EvidenceUpload("virus.pdf", b"MZ\x90 not a pdf")],
        )
    assert "virus.pdf" in refused.value.problems["evidence"]
    nothing_written(media)


@override_settings(EVIDENCE_MAX_FILE_BYTES=200)
def test_evidence_over_the_size_limit_is_refused_and_nothing_is_written(world, media):
    with pytest.raises(ReportRefused) as refused:
        save(world, add_evidence=[EvidenceUpload("lon.pdf", pdf_bytes())])
    assert "quá giới hạn" in refused.value.problems["evidence"]
    nothing_written(media)


@override_settings(EVIDENCE_MAX_FILES=2)
def test_a_report_holds_a_limited_number_of_files(world, media):
    report = save(world, add_evidence=[EvidenceUpload(f"{n}.pdf", pdf_bytes()) for n in range(2)])
    files = stored_files(media)
    with pytest.raises(ReportRefused, match="tối đa 2 tệp"):
        save(world, expected_version=report.version, add_evidence=[EvidenceUpload("3.pdf", pdf_bytes())])
    assert stored_files(media) == files and report.evidence.count() == 2


def test_evidence_is_stored_under_an_unguessable_name_and_removed_with_its_row(
    world, media, django_capture_on_commit_callbacks
):
    report = save(world, add_evidence=[EvidenceUpload("Báo cáo tháng 11.pdf", pdf_bytes())])
    evidence = report.evidence.get()
    assert evidence.name == "Báo cáo tháng 11.pdf"
    assert evidence.file.name.startswith("evidence/2024/") and "Bao" not in evidence.file.name
    assert len(evidence.file.name.rsplit("/", 1)[1]) >= 32
    with django_capture_on_commit_callbacks(execute=True):
        save(world, expected_version=report.version, remove_evidence=[evidence.pk])
    assert not report.evidence.exists() and stored_files(media) == []
    removal = ActivityReportChange.objects.order_by("pk").last()
    assert (removal.old["evidence"], removal.new["evidence"]) == (["Báo cáo tháng 11.pdf"], [])


def test_evidence_of_another_report_cannot_be_removed(world, media):
    other = save(world, code="2.1", add_evidence=[EvidenceUpload("khac.pdf", pdf_bytes())])
    report = save(world)
    with pytest.raises(ReportRefused, match="không thuộc báo cáo này"):
        save(world, expected_version=report.version, remove_evidence=[other.evidence.get().pk])
    assert other.evidence.count() == 1
