"""The 6-month, annual and end-of-plan reports: Word in the form of NĐ 30/2020, Excel, HTML; every figure and
verdict agrees with the progress JSON; who may build them."""

import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from indicators.models import DataValue
from reports.builders.docx import build_docx
from reports.builders.xlsx import build_xlsx
from reports.content import build_report_content
from reports.models import Letterhead, Narrative
from reports.statuses import STATUS_LABELS, STATUS_PRINT_FILLS
from tests.reports.test_progress_api import demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
PLAN = "BACYEN-2021-2025"


def progress_json(period: str) -> dict:
    out = StringIO()
    call_command("progress", PLAN, "--period", period, stdout=out)
    data = json.loads(out.getvalue())
    return {i["code"]: i for g in data["goals"] for i in g["indicators"]}


def docx_of(plan, period_code, final=False):
    content = build_report_content(plan, plan.periods.get(code=period_code), is_final=final)
    return Document(io.BytesIO(build_docx(content)))


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def mm(length) -> float:
    return round(length / Mm(1), 1)


# ---------------------------------------------------------------- Word


def test_word_follows_nd30_page_and_fonts(demo):  # noqa: F811
    document = docx_of(demo, "2024S1")
    first = document.sections[0]
    assert (mm(first.page_width), mm(first.page_height)) == (210, 297)
    assert 20 <= mm(first.top_margin) <= 25 and 20 <= mm(first.bottom_margin) <= 25
    assert 30 <= mm(first.left_margin) <= 35 and 15 <= mm(first.right_margin) <= 20
    assert document.styles["Normal"].font.name == "Times New Roman"
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.text.strip()}
    assert fonts == {"Times New Roman"}
    body = [p for p in document.paragraphs if p.text.startswith("- Chỉ tiêu")]
    assert all(run.font.size.pt in (13, 14) for p in body for run in p.runs)


def test_word_has_the_header_block_number_place_date_and_title(demo):  # noqa: F811
    document = docx_of(demo, "2024S1")
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert left.text.splitlines()[:2] == ["ỦY BAN NHÂN DÂN", "HUYỆN BẮC YÊN"]
    assert left.paragraphs[0].runs[0].bold
    assert "Số:" in left.text and "/BC-UBND" in left.text
    assert right.text.splitlines()[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    place = right.paragraphs[-1]
    assert place.text.startswith("Bắc Yên, ngày ") and place.runs[0].italic
    texts = [p.text for p in document.paragraphs]
    title_at = texts.index("BÁO CÁO")
    assert document.paragraphs[title_at].runs[0].bold
    assert texts[title_at + 1].endswith("6 tháng đầu năm 2024")


@pytest.mark.parametrize(
    ("period", "final", "words"),
    [("2024S1", False, "6 tháng đầu năm 2024"), ("2024", False, "năm 2024"), ("2025", True, "giai đoạn 2021–2025")],
)
def test_the_title_carries_the_periods_words(demo, period, final, words):  # noqa: F811
    text = all_text(docx_of(demo, period, final))
    assert f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU {words.upper()}" in text  # the annex title
    if final:
        assert "Tổng kết thực hiện Chiến lược quốc gia về bình đẳng giới" in text
        assert "Năm 2021" in text and "Năm 2025" in text


def test_page_numbers_from_page_two_and_a_landscape_annex(demo):  # noqa: F811
    document = docx_of(demo, "2024")
    first, annex = document.sections[0], document.sections[-1]
    assert first.different_first_page_header_footer
    assert "PAGE" in first.header._element.xml
    assert mm(annex.page_width) == 297 and mm(annex.page_height) == 210
    assert any("Nơi nhận:" in cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert document.inline_shapes, "the chart of the counts per status"


@pytest.mark.parametrize("period", ["2024S1", "2024"])
def test_every_indicator_in_the_annex_agrees_with_the_json(demo, period):  # noqa: F811
    expected = progress_json(period)
    annex = docx_of(demo, period).tables[-1]
    cells_of = [[cell.text for cell in row.cells] for row in annex.rows[1:]]
    codes = {cells[1].split(" ")[0].rstrip("."): cells for cells in cells_of if cells[0].isdigit()}  # "4.2. Tỷ suất…"
    assert set(codes) == set(expected)
    for code, cells in codes.items():
        pct = expected[code]["achievement_pct"]
        assert cells[7] == (f"{pct:.1f}".replace(".", ",").replace(",0", "") + "%" if pct is not None else ""), code
        assert cells[8] == STATUS_LABELS[expected[code]["status"]], code


def test_a_period_without_approved_figures_still_builds_and_says_so(bac_yen):
    text = all_text(docx_of(bac_yen, "2021S1"))
    assert "Chưa có số liệu được duyệt cho 6 tháng đầu năm 2021" in text
    assert "Trong 20 chỉ tiêu của Kế hoạch, có 20 chưa có số liệu." in text
    assert "Các chỉ tiêu của mục tiêu này chưa có số liệu được duyệt." in text  # said once per goal, not 20 times
    workbook = load_workbook(io.BytesIO(build_xlsx(build_report_content(bac_yen, bac_yen.periods.get(code="2021S1")))))
    assert workbook["Tổng hợp"]["B11"].value == 20  # "Chưa có số liệu"


def test_the_letterhead_comes_from_the_admin(demo):  # noqa: F811
    Letterhead.objects.create(
        plan=demo,
        parent_body="UBND TỈNH SƠN LA",
        issuer="ỦY BAN NHÂN DÂN\nHUYỆN BẮC YÊN",
        number="Số: 215/BC-UBND",
        place="Bắc Yên",
        recipients="Sở Nội vụ tỉnh Sơn La;\nLưu: VT.",
        authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer="Thào A Mua",
    )
    text = all_text(docx_of(demo, "2024"))
    assert "Số: 215/BC-UBND" in text and "UBND TỈNH SƠN LA" in text
    assert "KT. CHỦ TỊCH" in text and "Thào A Mua" in text and "- Sở Nội vụ tỉnh Sơn La;" in text
    assert "(Kèm theo Báo cáo số 215/BC-UBND ngày" in text


def test_the_coordinators_text_goes_into_the_report(demo, users):  # noqa: F811
    Narrative.objects.create(
        plan=demo, period=demo.periods.get(code="2024"), direction="Ủy ban đã ban hành 3 văn bản chỉ đạo."
    )
    assert "Ủy ban đã ban hành 3 văn bản chỉ đạo." in all_text(docx_of(demo, "2024"))


def test_user_text_is_escaped_in_word_and_never_a_formula_in_excel(demo):  # noqa: F811
    approved = DataValue.objects.filter(
        period__code="2024", status="approved"
    ).first()  # only approved notes are reported
    DataValue.objects.filter(pk=approved.pk).update(note='=HYPERLINK("http://x")<b>\x07')
    content = build_report_content(demo, demo.periods.get(code="2024"))
    document = Document(io.BytesIO(build_docx(content)))
    assert '=HYPERLINK("http://x")<b>' in all_text(document)  # as text: XML-escaped by python-docx, bell removed
    sheet = load_workbook(io.BytesIO(build_xlsx(content)))["Phụ lục"]
    notes = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert notes and all(not c.value.startswith(("=", "+", "-", "@")) and c.data_type == "s" for c in notes)


# ---------------------------------------------------------------- Excel


def test_excel_annex_summary_completeness_and_chart(demo):  # noqa: F811
    expected = progress_json("2024S1")
    workbook = load_workbook(io.BytesIO(build_xlsx(build_report_content(demo, demo.periods.get(code="2024S1")))))
    assert workbook.sheetnames == ["Phụ lục", "Tổng hợp", "Tình hình báo cáo"]
    annex = workbook["Phụ lục"]
    header = [c.value for c in annex[4]]
    pct_col, status_col = header.index("% so với kế hoạch"), header.index("Đánh giá")
    fills = {STATUS_LABELS[status]: fill.lstrip("#").upper() for status, fill in STATUS_PRINT_FILLS.items()}
    seen = set()
    for row in annex.iter_rows(min_row=5):
        if isinstance(row[0].value, int):
            code = row[1].value.split(" ")[0].rstrip(".")
            seen.add(code)
            pct = row[pct_col]
            if expected[code]["achievement_pct"] is None:
                assert pct.value is None
            else:
                assert pct.value == expected[code]["achievement_pct"] and isinstance(pct.value, (int, float))
                assert "#,##0" in pct.number_format
            assert row[status_col].value == STATUS_LABELS[expected[code]["status"]]
            assert row[status_col].fill.fgColor.rgb.upper().endswith(fills[row[status_col].value])  # light tints
    assert seen == set(expected)
    assert annex.page_setup.orientation == "landscape" and str(annex.page_setup.paperSize) == annex.PAPERSIZE_A4
    assert annex.print_title_rows == "$4:$4" and annex.freeze_panes == "C5"
    summary = workbook["Tổng hợp"]
    assert len(summary._charts) == 1
    assert [summary.cell(row=r, column=2).value for r in range(4, 13)] == [
        sum(1 for i in expected.values() if i["status"] == s) for s in STATUS_LABELS
    ]
    completeness = workbook["Tình hình báo cáo"]
    assert completeness["A4"].value == "Phòng Giáo dục và Đào tạo" and completeness["B4"].value == 5


# ---------------------------------------------------------------- pages, command, who


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("reporter", 403),
        ("leader", 200),
        ("coordinator", 200),
        ("other_coordinator", 404),
        ("administrator", 200),
    ],
)
def test_report_pages_by_role(client, bac_yen, users, role, status):
    if role != "anonymous":
        client.force_login(users[role])
    for url in (
        reverse("report_preview", args=[PLAN]) + "?period=2024",
        reverse("report_download", args=[PLAN, "docx"]) + "?period=2024",
        reverse("report_download", args=[PLAN, "xlsx"]) + "?period=2025&final=1",
    ):
        assert client.get(url).status_code == status, url


def test_downloads_are_named_and_typed(client, bac_yen, users):
    client.force_login(users["leader"])
    response = client.get(reverse("report_download", args=[PLAN, "docx"]) + "?period=2025&final=1")
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"tong-ket-{PLAN}-2025.docx\"; filename*=UTF-8''tong-ket-{PLAN}-2025.docx"
    )
    assert Document(io.BytesIO(response.content)).paragraphs


def test_the_preview_shows_the_report_with_download_buttons(client, demo, users):  # noqa: F811
    client.force_login(users["leader"])
    page = client.get(reverse("report_preview", args=[PLAN]) + "?period=2024S1").content.decode()
    assert "BÁO CÁO" in page and "Tải Word (.docx)" in page and "Tải Excel (.xlsx)" in page
    assert 'id="line-4.2"' in page and "Sửa phần nhận xét" not in page  # leaders read, coordinators write


@pytest.mark.parametrize(("role", "status"), [("leader", 403), ("reporter", 403), ("other_coordinator", 404)])
def test_only_the_coordinator_writes_the_text(client, bac_yen, users, role, status):
    client.force_login(users[role])
    url = reverse("report_text", args=[PLAN]) + "?period=2024"
    assert (
        client.post(url, {"direction": "x", "shortcomings": "", "tasks": "", "recommendations": ""}).status_code
        == status
    )
    assert not Narrative.objects.exists()


def test_the_coordinator_edits_the_prefilled_text(client, bac_yen, users):
    client.force_login(users["coordinator"])
    url = reverse("report_text", args=[PLAN]) + "?period=2024"
    page = client.get(url).content.decode()
    assert "Thực hiện Kế hoạch" in page  # the prefilled draft
    response = client.post(
        url,
        {
            "period": "2024",
            "direction": "Đã chỉ đạo.",
            "shortcomings": "Thiếu kinh phí.",
            "tasks": "Tiếp tục.",
            "recommendations": "",
        },
    )
    assert response.status_code == 302
    narrative = Narrative.objects.get()
    assert (narrative.direction, narrative.updated_by) == ("Đã chỉ đạo.", users["coordinator"])


def test_build_report_command_writes_each_format(demo, tmp_path):  # noqa: F811
    for file_format in ("docx", "xlsx", "html"):
        out = tmp_path / f"r.{file_format}"
        call_command(
            "build_report",
            PLAN,
            "--period",
            "2025",
            "--final",
            "--format",
            file_format,
            "--output",
            str(out),
            stdout=StringIO(),
        )
        assert out.stat().st_size > 1000
    assert "giai đoạn 2021–2025" in (tmp_path / "r.html").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2024S1", "--final"], "chỉ lập cho năm cuối của kế hoạch \\(năm 2025\\), không lập cho 6 tháng"),
        (["--period", "2024", "--final"], "chỉ lập cho năm cuối của kế hoạch \\(năm 2025\\), không lập cho năm 2024"),
        (["--period", "2031"], "không có kỳ 2031"),
    ],
)
def test_build_report_errors(bac_yen, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("build_report", PLAN, *args, "--format", "docx", "--output", str(tmp_path / "x.docx"))
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize("size", [10, 100])
def test_building_every_format_runs_a_fixed_number_of_queries(size, django_assert_max_num_queries):
    from reports.builders.html import build_html
    from tests.reports.test_progress_queries import plan_with_history

    plan, _ = plan_with_history(size)
    period = plan.periods.get(code="2028")
    with django_assert_max_num_queries(14):  # 1: the year's work plan (none here; with one, test_report_activities)
        content = build_report_content(plan, period)
    for build in (build_docx, build_xlsx, build_html):
        with django_assert_max_num_queries(0):
            assert build(content)


def test_the_coordinator_sets_the_letterhead_in_the_admin_and_other_units_do_not_see_it(client, bac_yen, users):
    from plans.services import coordinator_group

    coordinator_group()  # brings the group up to date, as creating a coordinator does
    Letterhead.objects.create(plan=bac_yen, issuer="UBND", place="Bắc Yên", recipients="Lưu: VT.", authority="CHỦ TỊCH")
    client.force_login(users["coordinator"])
    assert client.get(reverse("admin:reports_letterhead_changelist")).status_code == 200
    assert (
        "Thể thức báo cáo BACYEN-2021-2025"
        in client.get(reverse("admin:reports_letterhead_changelist")).content.decode()
    )
    assert client.get(reverse("admin:reports_apitoken_changelist")).status_code == 403  # tokens are the administrator's
    client.force_login(users["other_coordinator"])
    assert "BACYEN-2021-2025" not in client.get(reverse("admin:reports_letterhead_changelist")).content.decode()
