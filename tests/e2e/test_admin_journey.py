"""The demo coordinator logs in to the admin, opens the Bắc Yên plan and sees its six goals in Vietnamese."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GOALS = [
    "Trong lĩnh vực chính trị",
    "Trong lĩnh vực kinh tế, lao động",
    "Trong đời sống gia đình và phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
    "Trong lĩnh vực y tế",
    "Trong lĩnh vực giáo dục, đào tạo",
    "Trong lĩnh vực thông tin, truyền thông",
]


def test_coordinator_opens_the_bac_yen_plan_and_sees_six_goals(live_server, page, tmp_path, screenshots):
    call_command("load_demo", "--allow-production", stdout=open(tmp_path / "demo.log", "w"))

    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_text("Tên đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill("dieuphoi")
    page.get_by_label("Mật khẩu").fill("BinhDang@2025")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Quản trị hệ thống")).to_be_visible()

    page.get_by_role("link", name="Kế hoạch", exact=True).first.click()
    page.get_by_role("link", name="BACYEN-2021-2025").click()

    expect(page).to_have_title(re.compile("Thay đổi kế hoạch"))
    titles = page.locator("#goals-group input[name$='-title']:not([name*='__prefix__'])")
    expect(titles).to_have_count(6)
    assert [titles.nth(i).input_value() for i in range(6)] == GOALS
    expect(page.locator("#periods-group")).to_contain_text("6 tháng đầu năm")
    expect(page.get_by_role("link", name="Tải sổ Excel kế hoạch")).to_be_visible()
    page.screenshot(path=str(screenshots / "admin-bac-yen-plan.png"), full_page=True)

    # The plan's long title and the page's tools do not overlap, at a desk and on a phone.
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        title = page.locator("#content > h2").bounding_box()
        tools = page.locator("#content-main .object-tools").bounding_box()
        assert title["y"] + title["height"] <= tools["y"], (width, title, tools)
    # Each period says how it stands today (the 2021–2024 periods are long locked; 2025 is reopened for everyone).
    page.set_viewport_size({"width": 1366, "height": 900})
    expect(page.locator("#periods-group")).to_contain_text("Đã khóa")
    expect(page.locator("#periods-group")).to_contain_text("Mở lại cho mọi cơ quan đến")
    expect(page.locator("#periods-group")).not_to_contain_text("2024S1")
