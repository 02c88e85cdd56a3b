"""A reporter enters a Vietnamese decimal and submits; the coordinator returns it with a note; the reporter fixes
and resubmits; the coordinator approves; the figure's history shows all four steps."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from indicators.models import DataValue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PLAN = "BACYEN-2021-2025"


def sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("BinhDang@2025")
    page.get_by_role("button", name="Đăng nhập").click()


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


def test_enter_submit_return_fix_approve(live_server, page, tmp_path, screenshots):
    call_command("load_demo", "--allow-production", stdout=open(tmp_path / "demo.log", "w"))
    base = live_server.url

    # The reporter of Phòng Nội vụ enters 31,25 for 1.1a and submits.
    sign_in(page, base, "baocao.noivu")
    expect(page.get_by_role("heading", name="Số liệu của Phòng Nội vụ")).to_be_visible()
    page.get_by_role("link", name="Nhập số liệu 6 tháng đầu năm 2025").click()
    row = page.locator("tr[data-indicator='1.1a']")
    row.locator("input[name$='-value']").fill("31,25")
    row.locator("textarea[name$='-note']").fill("Theo số liệu của Phòng Nội vụ đến 30/6")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_text("Đã gửi duyệt 1 số liệu 6 tháng đầu năm 2025 của huyện Bắc Yên.")).to_be_visible()
    expect(row.get_by_text("Đã gửi")).to_be_visible()
    page.screenshot(path=str(screenshots / "entry-submitted.png"), full_page=True)
    sign_out(page)

    # The coordinator returns it with a note.
    sign_in(page, base, "dieuphoi")
    page.goto(f"{base}/plans/{PLAN}/periods/2025S1/review/")
    review_row = page.locator("tr[data-indicator='1.1a']")
    expect(review_row).to_contain_text("31,25")
    review_row.get_by_text("Trả lại", exact=True).first.click()  # opens the return form of that row
    review_row.get_by_label("Lý do trả lại").fill("Đề nghị ghi rõ số cơ quan có lãnh đạo chủ chốt là nữ")
    review_row.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_text("Đã trả lại số liệu 1.1a (huyện Bắc Yên) kèm ý kiến.")).to_be_visible()
    sign_out(page)

    # The reporter sees the note, fixes the figure with numerator and denominator, and resubmits.
    sign_in(page, base, "baocao.noivu")
    expect(page.get_by_text("Trả lại: Đề nghị ghi rõ số cơ quan có lãnh đạo chủ chốt là nữ").first).to_be_visible()
    page.get_by_role("link", name="Nhập số liệu 6 tháng đầu năm 2025").click()
    row = page.locator("tr[data-indicator='1.1a']")
    row.locator("input[name$='-value']").fill("")
    row.locator("input[name$='-numerator']").fill("10")
    row.locator("input[name$='-denominator']").fill("32")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_text("Đã gửi duyệt 1 số liệu")).to_be_visible()
    sign_out(page)

    # The coordinator approves it.
    sign_in(page, base, "dieuphoi")
    page.goto(f"{base}/plans/{PLAN}/periods/2025S1/review/")
    page.get_by_label("Chọn 1.1a Bắc Yên", exact=True).check()
    page.get_by_role("button", name="Duyệt các số liệu đã chọn").click()
    expect(page.get_by_text("Đã duyệt 1 số liệu.")).to_be_visible()

    # The history shows the four steps.
    page.locator("tr[data-indicator='1.1a']").get_by_role("link", name="Lịch sử").click()
    history = page.locator("#history tbody tr")
    expect(history).to_have_count(4)
    expect(history.nth(0)).to_contain_text("Gửi duyệt")
    expect(history.nth(0)).to_contain_text("31,25")
    expect(history.nth(1)).to_contain_text("Trả lại")
    expect(history.nth(1)).to_contain_text("Đề nghị ghi rõ số cơ quan")
    expect(history.nth(2)).to_contain_text("Gửi duyệt")
    expect(history.nth(2)).to_contain_text("31,25 (10/32)")
    expect(history.nth(3)).to_contain_text("Duyệt")
    expect(history.nth(3)).to_contain_text("Đã gửi → Đã duyệt")
    page.screenshot(path=str(screenshots / "history-four-steps.png"), full_page=True)
    figure = DataValue.objects.get(indicator__code="1.1a", period__code="2025S1")
    assert (figure.status, figure.numerator, figure.denominator) == ("approved", 10, 32)
