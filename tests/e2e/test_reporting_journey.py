"""A week of the Bắc Yên plan, each page looked at on a desk (1366 px) and on a phone (390 px, where every step is
taken and no page may scroll sideways):

- the reporter of Phòng Nội vụ enters a Vietnamese decimal, saves a draft, submits, and finds the Excel upload;
- the coordinator goes from the plan list to the review, approves what one agency sent with "select all", returns
  Phòng Nội vụ's figure of 2024 — a LOCKED period — with a reason, reopening the period for the agency until a date,
  reads who reported, previews the report and downloads it as Word;
- the reporter finds 2024 reopened on their home with the reason, fixes the figure and resubmits; the coordinator
  approves it, and its history shows every step;
- a province leader reads the dashboard, drills down to a commune and opens an indicator there.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from indicators.models import DataValue, PeriodReopening

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PLAN = "BACYEN-2021-2025"
DESK, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


def sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("BinhDang@2025")
    page.get_by_role("button", name="Đăng nhập").click()


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


def looked_at(page, screenshots, name):
    """The page as it is, on a desk and then on a phone (where the journey goes on): no sideways scroll there."""
    page.set_viewport_size(DESK)
    page.screenshot(path=str(screenshots / f"week-{name}-desk.png"))
    page.set_viewport_size(PHONE)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    page.screenshot(path=str(screenshots / f"week-{name}-phone.png"), full_page=True)
    assert widths[0] <= widths[1], f"{name}: {widths[0]} px wide on a {widths[1]} px phone"


def test_a_week_at_a_desk_and_on_a_phone(live_server, page, tmp_path, screenshots):
    call_command("load_demo", "--allow-production", stdout=open(tmp_path / "demo.log", "w"))
    base = live_server.url
    page.set_viewport_size(PHONE)
    returned = DataValue.objects.get(indicator__plan__code=PLAN, indicator__code="1.1a", period__code="2024")
    assert returned.status == "submitted"

    # The reporter of Phòng Nội vụ enters 31,25 for 1.1a, saves, submits, and finds the Excel upload.
    sign_in(page, base, "baocao.noivu")
    expect(page.get_by_role("heading", name="Số liệu của Phòng Nội vụ")).to_be_visible()
    looked_at(page, screenshots, "reporter-home")
    page.get_by_role("link", name="Nhập số liệu 6 tháng đầu năm 2025").click()
    looked_at(page, screenshots, "entry")
    row = page.locator("tr[data-indicator='1.1a']")
    row.locator("input[name$='-value']").fill("31,25")
    row.locator("textarea[name$='-note']").fill("Theo số liệu của Phòng Nội vụ đến 30/6")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(row.locator("input[name$='-value']")).to_have_value("31,25")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_text("Đã gửi duyệt 1 số liệu 6 tháng đầu năm 2025 của huyện Bắc Yên.")).to_be_visible()
    expect(row.get_by_text("Đã gửi")).to_be_visible()
    page.get_by_role("link", name="Nhập bằng sổ Excel").click()
    expect(page.get_by_label("Sổ Excel số liệu (.xlsx)")).to_be_visible()
    looked_at(page, screenshots, "upload")
    sign_out(page)

    # The coordinator: plan list, review of 2024 (locked), approve one agency's figures with "select all".
    sign_in(page, base, "dieuphoi")
    page.goto(f"{base}/plans/")
    looked_at(page, screenshots, "plan-list")
    page.goto(f"{base}/plans/{PLAN}/periods/2024/review/")
    expect(page.get_by_text("đã khóa với các cơ quan chưa được mở lại")).to_be_visible()
    looked_at(page, screenshots, "review")
    page.get_by_label("Cơ quan").first.select_option(label="Phòng Lao động - Thương binh và Xã hội")
    page.get_by_label("Trạng thái").select_option("submitted")
    page.get_by_role("button", name="Lọc").click()
    waiting = DataValue.objects.filter(
        indicator__plan__code=PLAN, period__code="2024", status="submitted", agency__name__startswith="Phòng Lao động"
    ).count()
    assert waiting >= 1
    page.get_by_label("Chọn tất cả trên trang").check()
    page.get_by_role("button", name="Duyệt các số liệu đã chọn").click()
    expect(page.get_by_text(f"Đã duyệt {waiting} số liệu.")).to_be_visible()

    # … and returns Phòng Nội vụ's 1.1a with a reason: the period is locked, so it reopens it for the agency.
    page.goto(f"{base}/plans/{PLAN}/periods/2024/review/?status=submitted")
    review_row = page.locator(f"#value-{returned.pk}")
    review_row.get_by_text("Trả lại", exact=True).first.click()
    review_row.get_by_label("Lý do trả lại").fill("Đề nghị ghi rõ số cơ quan có lãnh đạo chủ chốt là nữ")
    until = timezone.localdate() + timedelta(days=7)
    review_row.get_by_label("Kỳ đã khóa với cơ quan — mở lại đến ngày").fill(f"{until:%d/%m/%Y}")
    review_row.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_text("Đã trả lại số liệu 1.1a (huyện Bắc Yên) kèm ý kiến.")).to_be_visible()
    expect(page.locator("#reopen")).to_contain_text(f"Đang mở cho Phòng Nội vụ đến {until:%d/%m/%Y}")
    reopening = PeriodReopening.objects.get(period__plan__code=PLAN, period__code="2024", agency__name="Phòng Nội vụ")
    assert reopening.until == until and "lãnh đạo chủ chốt là nữ" in reopening.note

    # Who reported, the report's preview, and the Word file.
    page.goto(f"{base}/plans/{PLAN}/periods/2024/completeness/")
    expect(page.get_by_role("heading").first).to_be_visible()
    looked_at(page, screenshots, "completeness")
    page.goto(f"{base}/plans/{PLAN}/report/?period=2024")
    looked_at(page, screenshots, "report-preview")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Word (.docx)").click()
    word = download.value.path().read_bytes()
    assert word[:2] == b"PK" and len(word) > 20_000
    sign_out(page)

    # The reporter finds 2024 reopened on their home, with the reason, fixes and resubmits.
    sign_in(page, base, "baocao.noivu")
    expect(page.get_by_text("Trả lại: Đề nghị ghi rõ số cơ quan có lãnh đạo chủ chốt là nữ").first).to_be_visible()
    expect(page.get_by_text(f"được mở lại đến {until:%d/%m/%Y}").first).to_be_visible()
    looked_at(page, screenshots, "reporter-home-reopened")
    page.get_by_role("link", name="Nhập số liệu năm 2024").click()
    row = page.locator("tr[data-indicator='1.1a']")
    row.locator("input[name$='-value']").fill("")
    row.locator("input[name$='-numerator']").fill("10")
    row.locator("input[name$='-denominator']").fill("32")
    looked_at(page, screenshots, "entry-reopened")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_text("Đã gửi duyệt 1 số liệu")).to_be_visible()
    sign_out(page)

    # The coordinator approves it; its history shows the return and the fix.
    sign_in(page, base, "dieuphoi")
    page.goto(f"{base}/plans/{PLAN}/periods/2024/review/?status=submitted")
    page.get_by_label("Chọn 1.1a Bắc Yên", exact=True).check()
    page.get_by_role("button", name="Duyệt các số liệu đã chọn").click()
    expect(page.get_by_text("Đã duyệt 1 số liệu.")).to_be_visible()
    page.goto(f"{base}/plans/{PLAN}/periods/2024/review/?indicator={returned.indicator_id}")
    page.locator(f"#value-{returned.pk}").get_by_role("link", name="Lịch sử").click()
    history = page.locator("#history tbody tr")
    expect(history.filter(has_text="Đã gửi → Bị trả lại")).to_contain_text("Đề nghị ghi rõ số cơ quan")
    expect(history.filter(has_text="31,25 (10/32)").first).to_be_visible()
    expect(history.last).to_contain_text("Đã gửi → Đã duyệt")
    looked_at(page, screenshots, "history")
    returned.refresh_from_db()
    assert (returned.status, returned.numerator, returned.denominator) == ("approved", 10, 32)
    sign_out(page)

    # A province leader: the dashboard, a commune of it, an indicator there.
    sign_in(page, base, "lanhdao.sonla")
    page.goto(f"{base}/plans/SONLA-2026-2030/dashboard/?period=2026S1")
    looked_at(page, screenshots, "dashboard")
    page.locator("#children-table tbody tr").first.get_by_role("link").click()
    assert "unit=" in page.url
    looked_at(page, screenshots, "dashboard-commune")
    page.locator("a[href*='/indicators/']").first.click()
    expect(page.locator("#series-chart svg")).to_be_visible()
    looked_at(page, screenshots, "indicator")
