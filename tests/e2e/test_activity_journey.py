"""On a phone, an agency reports an Action Month activity with a photo as evidence; the coordinator approves it;
the year's report opens its section I with what the agency did."""

import pytest
from playwright.sync_api import expect

from indicators.demo_hon_quan import hon_quan_demo_load
from indicators.models import ActivityReport
from tests.indicators.activity_world import png_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PLAN = "HONQUAN-2021-2030"


def sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("BinhDang@2025")
    page.get_by_role("button", name="Đăng nhập").click()


def test_report_an_activity_on_a_phone_approve_it_and_read_section_one(live_server, page, media, tmp_path, screenshots):
    hon_quan_demo_load(password="BinhDang@2025")
    base = live_server.url
    photo = tmp_path / "hoi-nghi-tan-khai.png"
    photo.write_bytes(png_bytes())

    refused = []  # what the Content-Security-Policy refused on these pages: nothing
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else 0)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, base, "baocao.honquan.ldtbxh")
    page.get_by_role("link", name="Nhập số liệu năm 2024").first.click()
    card = page.locator("details.activity", has=page.locator(".activity-code", has_text="2.1"))
    card.locator("summary").click()
    card.get_by_label("Đã hoàn thành").check()
    card.get_by_label("Kết quả thực hiện (tóm tắt)").fill("Tổ chức 02 hội nghị truyền thông tại thị trấn Tân Khai.")
    card.get_by_label("Sự kiện, hội nghị, lớp tập huấn").fill("2")
    card.get_by_label("Người tham dự: nữ").fill("1.120")
    card.get_by_label("Người tham dự: nam").fill("84")
    card.get_by_label("Thêm tệp minh chứng").set_input_files(str(photo))
    card.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_text("Đã gửi duyệt báo cáo hoạt động 2.1.")).to_be_attached()
    card = page.locator("details.activity[open]", has=page.locator(".activity-code", has_text="2.1"))
    expect(card.get_by_role("link", name="hoi-nghi-tan-khai.png")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.screenshot(path=str(screenshots / "activity-phone.png"), full_page=True)
    page.get_by_role("button", name="Đăng xuất").click()

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, base, "dieuphoi.honquan")
    page.goto(f"{base}/plans/{PLAN}/periods/2024/activities/?status=submitted")
    row = page.locator("tr[data-activity='2.1']")
    expect(row).to_contain_text("1.204 lượt người tham dự (1.120 nữ, 84 nam)")
    row.get_by_role("checkbox").check()
    page.get_by_role("button", name="Duyệt các báo cáo đã chọn").click()
    expect(page.get_by_text("Đã duyệt 1 báo cáo hoạt động.")).to_be_visible()
    assert ActivityReport.objects.get(activity__code="2.1", period__code="2024").status == "approved"

    page.goto(f"{base}/plans/{PLAN}/report/?period=2024")
    expect(page.get_by_text("tổ chức 02 hội nghị truyền thông tại thị trấn Tân Khai").first).to_be_visible()
    page.screenshot(path=str(screenshots / "report-section-one.png"), full_page=False)
    assert refused == []
