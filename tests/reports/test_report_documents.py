"""The Word report as a clerk would finish it, the Excel report's numbers, and the report's words: checked on the
document's structure for plans of several lengths (the PDF page by page is test_report_pdf.py, marked `pdf`)."""

import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from indicators.demo import demo_figures_load
from indicators.services import plan_import
from plans.models import Agency, Plan, Role
from plans.services import user_create
from reports.builders.docx import ANNEX_CELL_MARGIN_MM, ANNEX_FONT_PT, ANNEX_TEXT_MM, build_docx
from reports.builders.fonts import longest_word_mm
from reports.builders.html import build_html
from reports.builders.xlsx import build_xlsx
from reports.content import ReportContent, build_report_content
from reports.models import Letterhead, Narrative
from reports.statuses import STATUS_LABELS
from tests.conftest import BAC_YEN, PASSWORD, SON_LA
from tests.reports.report_plans import report_plan

pytestmark = pytest.mark.django_db
PLAN = "BACYEN-2021-2025"
PERIOD_CODE = re.compile(r"\b\d{4}S1\b")
# A year in prose is named as people name it: "năm 2024", "6 tháng đầu năm 2024", "năm cơ sở 2020",
# "giai đoạn 2021-2025", a date (27/4/2021).
BARE_YEAR = re.compile(r"(?<!năm )(?<!cơ sở )(?<!đoạn )(?<![-–/(])\b(?:19|20)\d{2}\b")
ENGLISH = re.compile(
    r"\b(?:the|and|of|with|report|period|target|status|value|none|null|true|false|nan|"
    r"on_track|needs_acceleration|limited_progress|deterioration|not_achieved|insufficient_data|no_data|"
    r"not_applicable|achieved)\b",
    re.IGNORECASE,
)


@dataclass
class Built:
    content: ReportContent
    docx: bytes
    xlsx: bytes
    html: str

    @property
    def document(self):
        return Document(io.BytesIO(self.docx))

    @property
    def workbook(self):
        return load_workbook(io.BytesIO(self.xlsx))


BUILDS = {
    "demo": [("2024S1", False), ("2024", False), ("2025", True)],
    "long": [("2024", False), ("2025", True)],
    "short": [("2024S1", False)],
}


BUILDS_KEYS = [(name, code, final) for name, builds in BUILDS.items() for code, final in builds]


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker) -> dict[tuple[str, str, bool], Built]:
    """The reports of three plans — the Bắc Yên demo, one of 3 indicators, one of 64 — built once for the module
    (building the demo takes seconds); the database is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        assert_test_database()
        plans = {
            "demo": demo_plan(),
            "long": report_plan(64, code="DAI", through=2025),
            "short": report_plan(3, code="NGAN", goal_count=1),
        }
        result = {}
        for name, builds in BUILDS.items():
            for code, final in builds:
                content = content_of(plans[name], code, final)
                result[(name, code, final)] = Built(
                    content, build_docx(content), build_xlsx(content), build_html(content)
                )
        transaction.set_rollback(True)
    return result


def assert_test_database():
    """A module-wide fixture writes (then rolls back) outside pytest-django's per-test transaction: make sure it is
    the test database (pytest-django only creates one when a collected test is marked django_db)."""
    name = str(connection.settings_dict["NAME"])
    assert name.startswith("test_") or "memory" in name, name


def demo_plan():
    """The Bắc Yên plan with the demo's figures (as tests.reports.test_progress_api's `demo` fixture)."""
    plan_import(data=SON_LA.read_bytes(), actor=None)
    plan_import(data=BAC_YEN.read_bytes(), actor=None)
    plan = Plan.objects.select_related("territory").get(code=PLAN)
    coordinator = user_create(username="c", password=PASSWORD, role=Role.COORDINATOR, unit=plan.territory)
    reporters = {
        agency.pk: user_create(
            username=f"r{agency.pk}", password="x", role=Role.REPORTER, unit=plan.territory, agency=agency
        )
        for agency in Agency.objects.filter(unit=plan.territory)
    }
    demo_figures_load(plan=plan, coordinator=coordinator, reporters=reporters)
    return plan


def content_of(plan, code, final=False):
    return build_report_content(plan, plan.periods.get(code=code), is_final=final)


def document_of(content):
    return Document(io.BytesIO(build_docx(content)))


def annex_table(document):
    return document.tables[-1]


def prose_of(document) -> list[str]:
    """The report's sentences: body paragraphs of the portrait section, outside tables."""
    texts = [p.text for p in document.paragraphs]
    return texts[: texts.index("PHỤ LỤC")]


def mm(twips) -> float:
    return int(twips) / 56.7


# ---------------------------------------------------------------- Word: pages and what stays together


@pytest.mark.parametrize(
    "key", [("short", "2024S1", False), ("demo", "2024", False), ("long", "2024", False), ("long", "2025", True)]
)
def test_word_never_starts_a_page_on_its_own(built, key):
    document = built[key].document
    body = document.element.body
    # no hard page break anywhere: the annex starts on a new page by its section, nothing else does
    assert not body.xpath(".//w:br[@w:type='page']") and not body.xpath(".//w:pageBreakBefore")
    assert len(document.sections) == 2
    # the paragraph that closes the portrait section takes no room: it can never be pushed alone onto a page
    closing = body.xpath("./w:p[w:pPr/w:sectPr]")
    assert len(closing) == 1
    assert closing[0].xpath("./w:pPr/w:rPr/w:vanish") and not "".join(closing[0].itertext()).strip()
    # the only empty paragraphs are spacing inside the text: never two in a row
    paragraphs = body.xpath("./w:p")
    empties = [i for i, p in enumerate(paragraphs) if not "".join(p.itertext()).strip()]
    assert all(b - a > 1 for a, b in zip(empties, empties[1:], strict=False))


@pytest.mark.parametrize("key", [("short", "2024S1", False), ("long", "2024", False)])
def test_headings_stay_with_what_follows(built, key):
    document = built[key].document
    headings = [
        p
        for p in document.paragraphs
        if re.match(
            r"^(I|II|III|IV|V|VI)\. |^\d+\. Mục tiêu \d+:|^Tồn tại|^PHỤ LỤC|^KẾT QUẢ|^\(Kèm theo|^BÁO CÁO$", p.text
        )
    ]
    assert len(headings) >= 10
    assert all(p.paragraph_format.keep_with_next for p in headings), [
        p.text for p in headings if not p.paragraph_format.keep_with_next
    ]
    # a goal's row in the annex is kept with its first indicator; the signature block is one row kept whole
    annex = annex_table(document)
    goal_rows = [row for row in annex.rows if row.cells[0].text.startswith("Mục tiêu ")]
    assert goal_rows and all(row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in goal_rows)
    closing = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    assert closing.rows[0]._tr.xpath("./w:trPr/w:cantSplit")


@pytest.mark.parametrize("key", [("long", "2024", False), ("long", "2025", True)])
def test_annex_rows_never_split_and_the_header_repeats(built, key):
    rows = annex_table(built[key].document)._tbl.tr_lst
    assert len(rows) == 1 + 8 + 64  # header, goals, indicators
    assert all(row.xpath("./w:trPr/w:cantSplit") for row in rows)
    assert rows[0].xpath("./w:trPr/w:tblHeader") and not any(row.xpath("./w:trPr/w:tblHeader") for row in rows[1:])


@pytest.mark.parametrize(
    "key", [("demo", "2024", False), ("demo", "2025", True), ("long", "2024", False), ("long", "2025", True)]
)
def test_annex_columns_fit_their_longest_word(built, key):
    annex = annex_table(built[key].document)
    widths = [mm(col.get(qn("w:w"))) for col in annex._tbl.tblGrid.gridCol_lst]
    assert sum(widths) == pytest.approx(ANNEX_TEXT_MM, abs=1)
    room = [width - 2 * ANNEX_CELL_MARGIN_MM for width in widths]
    for r, row in enumerate(annex.rows):
        if len(row._tr.tc_lst) == 1:  # a goal's title spans the table
            continue
        for index, cell in enumerate(row.cells):
            needed = longest_word_mm(cell.text, ANNEX_FONT_PT, bold=r == 0)
            assert needed <= room[index], (cell.text, index, needed, room[index])  # no "ST/T", no "Khôn/g"


def test_verdict_cells_are_light_with_their_label(built):
    annex = annex_table(built[("demo", "2024S1", False)].document)
    status_column = [cell.text for cell in annex.rows[0].cells].index("Đánh giá")
    seen = set()
    for row in annex.rows[1:]:
        if len(row._tr.tc_lst) == 1:
            continue
        cell = row.cells[status_column]
        fill = cell._tc.xpath("./w:tcPr/w:shd/@w:fill")[0]
        red, green, blue = (int(fill[i : i + 2], 16) for i in (0, 2, 4))
        assert 0.299 * red + 0.587 * green + 0.114 * blue >= 150, fill  # grey on a black-and-white printer: light
        assert cell.text in STATUS_LABELS.values()  # the label says the verdict, not the shade
        assert not cell._tc.xpath(".//w:color")  # black text
        seen.add(cell.text)
    assert {"Thụt lùi", "Chậm tiến độ", "Đạt"} <= seen


def test_kinh_gui_signer_and_annex_subtitle_from_the_letterhead_and_the_report(bac_yen):
    Letterhead.objects.create(
        plan=bac_yen,
        issuer="ỦY BAN NHÂN DÂN\nHUYỆN BẮC YÊN",
        number="Số:      /BC-UBND",
        place="Bắc Yên",
        addressees="Sở Nội vụ tỉnh Sơn La\nỦy ban nhân dân tỉnh Sơn La",
        recipients="Như trên;\nChủ tịch, các PCT UBND huyện;\nLưu: VT.",
        authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        signer_title="Phó Chủ tịch",
        signer="Thào A Mua",
    )
    Narrative.objects.create(
        plan=bac_yen, period=bac_yen.periods.get(code="2024"), number="Số: 215/BC-UBND", issued_on=date(2024, 12, 5)
    )
    document = document_of(content_of(bac_yen, "2024"))
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("Kính gửi:") + 1 : texts.index("Kính gửi:") + 3] == [
        "- Sở Nội vụ tỉnh Sơn La;",
        "- Ủy ban nhân dân tỉnh Sơn La.",
    ]
    header = document.tables[0].rows[0].cells
    assert "Số: 215/BC-UBND" in header[0].text and "Bắc Yên, ngày 05 tháng 12 năm 2024" in header[1].text
    signature = [p.text for p in document.tables[-2].rows[0].cells[1].paragraphs if p.text]
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Thào A Mua"]
    assert "(Kèm theo Báo cáo số 215/BC-UBND ngày 05/12/2024 của Ủy ban nhân dân huyện Bắc Yên)" in texts


def test_a_single_addressee_is_one_line_and_the_draft_letterhead_sends_to_the_parent_plans_body(built):
    document = built[("demo", "2024S1", False)].document
    assert "Kính gửi: Ủy ban nhân dân tỉnh Sơn La." in [p.text for p in document.paragraphs]
    signature = [p.text for p in document.tables[-2].rows[0].cells[1].paragraphs if p.text]
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]  # no name until the coordinator sets one


def test_annex_pages_are_numbered_on_their_own(built):
    annex = built[("demo", "2024", False)].document.sections[-1]
    assert annex._sectPr.xpath("./w:pgNumType/@w:start") == ["1"]


# ---------------------------------------------------------------- the words of the report


def test_no_period_codes_and_no_english_in_any_report(built):
    for report in built.values():
        document = report.document
        texts = [p.text for p in document.paragraphs] + [
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        ]
        texts += [c.value for ws in report.workbook for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        html = re.sub(r"<style>.*?</style>|<[^>]+>", " ", report.html, flags=re.DOTALL)
        for text in [*texts, html]:
            assert not PERIOD_CODE.search(text), text
            assert not ENGLISH.search(text), ENGLISH.search(text)
        for sentence in prose_of(document):
            assert not BARE_YEAR.search(sentence), sentence


def test_prose_names_the_issuing_body_and_varies_its_sentences(built):
    prose = prose_of(built[("demo", "2024S1", False)].document)
    text = "\n".join(prose)
    assert "Ủy ban nhân dân huyện Bắc Yên đã ban hành Kế hoạch" in text
    assert "Thực hiện Kế hoạch số 111/KH-UBND ngày 27/4/2021 của Ủy ban nhân dân tỉnh Sơn La" in text
    assert "Thực hiện Kế hoạch thực hiện" not in text and "Ủy ban nhân dân đã" not in text
    assert "Trong 6 tháng đầu năm 2024, Ủy ban nhân dân huyện chỉ đạo" in text
    lines = [p for p in prose if p.startswith("- ")]
    openings = {re.sub(r"\(chỉ tiêu [^)]*\)", "", line)[:12] for line in lines}
    assert len(lines) >= 15 and len(openings) >= 3  # not one template sentence twenty times
    assert len({line.split(";")[-1].strip() for line in lines}) >= 8  # nor one closing clause


def test_the_base_of_thut_lui_and_cham_tien_do_is_stated_in_the_report(built):
    report = built[("demo", "2024S1", False)]
    lines = {line.code: line for line in report.content.lines}
    assert lines["3.1"].status == "deterioration" and lines["2.1"].status == "limited_progress"
    assert "thụt lùi so với 6 tháng đầu năm 2021 (1,9 lần)" in lines["3.1"].sentence
    assert "chậm tiến độ: so với 6 tháng đầu năm 2021 (13,8%)" in lines["2.1"].sentence
    annex = annex_table(report.document)
    row = next(r for r in annex.rows if r.cells[1].text.startswith("3.1."))
    assert "So với 6 tháng đầu năm 2021: 1,9 lần." in row.cells[-1].text


def test_figures_of_an_earlier_period_are_said_once_and_dated(built):
    content = built[("demo", "2025", True)].content  # the demo has no figure for 2025 yet
    assert content.earlier_sentence.startswith("Đến thời điểm báo cáo chưa có số liệu năm 2025 của các chỉ tiêu;")
    sentences = [line.sentence for line in content.lines if line.sentence]
    assert not any("chưa có số liệu năm 2025" in sentence for sentence in sentences)
    assert all("2024" in sentence for sentence in sentences)  # each figure says which period it is from
    assert built[("demo", "2024S1", False)].content.earlier_sentence == ""


def test_the_end_of_plan_report_compares_with_the_plans_first_year(built):
    content = built[("long", "2025", True)].content
    rising = next(
        line for line in content.lines if line.kind == "percent" and line.sentence and "tăng" in line.sentence
    )
    assert "so với năm 2021, năm đầu của kế hoạch (" in rising.sentence
    assert content.earlier_sentence == ""


def test_a_baseline_is_named_as_the_base_year(built):
    content = built[("long", "2024", False)].content
    line = next(line for line in content.lines if line.status == "deterioration" and line.baseline is not None)
    assert f"thụt lùi so với năm cơ sở 2020 ({str(line.baseline).rstrip('0').rstrip('.')}%)" in line.sentence


# ---------------------------------------------------------------- Excel: numbers are numbers


NUMBER_LIKE = re.compile(r"^[\s.,%()+-]*\d[\s\d.,%()+-]*$")


@pytest.mark.parametrize("key", [key for key in BUILDS_KEYS if key[0] != "short"])
def test_every_excel_cell_that_holds_a_number_stores_a_number(built, key):
    workbook = built[key].workbook
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert not NUMBER_LIKE.match(cell.value), (sheet.title, cell.coordinate, cell.value)
    annex = workbook["Phụ lục"]
    header = [c.value for c in annex[4]]
    numeric = ["Năm đạt chỉ tiêu", "% so với kế hoạch"] + (
        [f"Năm {year}" for year in range(2021, 2025)] if key[2] else ["Cùng kỳ năm trước", "Thực hiện kỳ báo cáo"]
    )
    for title in numeric:
        column = header.index(title)
        values = [row[column].value for row in annex.iter_rows(min_row=5) if isinstance(row[0].value, int)]
        filled = [v for v in values if v is not None and v not in ("Có", "Không")]
        assert filled and all(isinstance(v, (int, float)) for v in filled), (title, filled[:3])


def test_the_target_and_its_year_are_two_numbers(built):
    annex = built[("demo", "2024", False)].workbook["Phụ lục"]
    header = [c.value for c in annex[4]]
    row = next(r for r in annex.iter_rows(min_row=5) if str(r[1].value).startswith("1.1a."))
    target, year = row[header.index("Chỉ tiêu kế hoạch")], row[header.index("Năm đạt chỉ tiêu")]
    assert (target.value, year.value) == (35, 2025)
    assert year.number_format == "0"  # 2025, never 2.025
    assert "#,##0" in target.number_format
    previous = row[header.index("Cùng kỳ năm trước")]
    assert isinstance(previous.value, float) and previous.number_format.endswith("#,##0.0#")


# ---------------------------------------------------------------- the end-of-plan report only for the last year


@pytest.mark.parametrize("period", ["2024", "2025S1"])
def test_an_end_of_plan_report_is_refused_for_any_but_the_last_year(client, bac_yen, users, period):
    client.force_login(users["coordinator"])
    query = f"?period={period}&final=1"
    for url in (
        reverse("report_preview", args=[PLAN]) + query,
        reverse("report_download", args=[PLAN, "docx"]) + query,
        reverse("report_download", args=[PLAN, "xlsx"]) + query,
        reverse("report_text", args=[PLAN]) + query,
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        page = response.content.decode()
        assert "chỉ lập cho năm cuối của kế hoạch (năm 2025)" in page and 'id="report-refusal"' in page
        assert "Tải Word" not in page
    response = client.post(
        reverse("report_text", args=[PLAN]),
        {"period": period, "final": "1", "direction": "x", "shortcomings": "", "tasks": "", "recommendations": ""},
    )
    assert response.status_code == 400 and not Narrative.objects.exists()
    assert client.get(reverse("report_preview", args=[PLAN]) + "?period=2025&final=1").status_code == 200


def test_the_coordinator_sets_the_reports_number_and_date(client, bac_yen, users):
    client.force_login(users["coordinator"])
    url = reverse("report_text", args=[PLAN])
    fields = {"period": "2024", "direction": "Đã chỉ đạo.", "shortcomings": "", "tasks": "", "recommendations": ""}
    response = client.post(url, fields | {"number": "Số: 215/BC-UBND", "issued_on": "2024-12-05"})
    assert response.status_code == 200 and "ngày/tháng/năm" in response.content.decode()
    assert not Narrative.objects.exists()
    response = client.post(url, fields | {"number": "Số:  215/BC-UBND", "issued_on": "05/12/2024"})
    assert response.status_code == 302
    assert Narrative.objects.values_list("number", "issued_on").get() == ("Số: 215/BC-UBND", date(2024, 12, 5))
    page = client.get(reverse("report_preview", args=[PLAN]) + "?period=2024").content.decode()
    assert "Số: 215/BC-UBND" in page and "ngày 05 tháng 12 năm 2024" in page
    assert "(Kèm theo Báo cáo số 215/BC-UBND ngày 05/12/2024 của Ủy ban nhân dân huyện Bắc Yên)" in page


def test_the_preview_tells_the_coordinator_what_the_letterhead_lacks(client, bac_yen, users):
    from plans.services import coordinator_group

    coordinator_group()  # brings the group up to date, as creating a coordinator does
    client.force_login(users["coordinator"])
    page = client.get(reverse("report_preview", args=[PLAN]) + "?period=2024").content.decode()
    assert 'id="letterhead-missing"' in page and "họ tên người ký" in page
    assert reverse("admin:reports_letterhead_add") + f"?plan={bac_yen.pk}" in page
    add = client.get(reverse("admin:reports_letterhead_add") + f"?plan={bac_yen.pk}").content.decode()
    assert "Ủy ban nhân dân tỉnh Sơn La" in add and "CHỦ TỊCH" in add  # the admin starts from the draft
    client.force_login(users["leader"])
    assert (
        'id="letterhead-missing"'
        not in client.get(reverse("report_preview", args=[PLAN]) + "?period=2024").content.decode()
    )


def test_every_number_in_a_sentence_agrees_with_the_line(built):
    for line in built[("demo", "2024", False)].content.lines:
        if isinstance(line.value, Decimal) and line.sentence:
            shown = f"{round(line.value, 2):f}".rstrip("0").rstrip(".").replace(".", ",")
            assert shown in line.sentence, (line.code, shown, line.sentence)


def test_the_admin_keeps_the_issuing_body_on_two_lines(client, bac_yen, users):
    from plans.services import coordinator_group

    coordinator_group()
    client.force_login(users["coordinator"])
    form = {
        "plan": bac_yen.pk,
        "parent_body": "",
        "issuer": "ỦY BAN NHÂN DÂN\r\nHUYỆN BẮC YÊN",
        "number": "Số:      /BC-UBND",
        "place": "Bắc Yên",
        "addressees": "Sở Nội vụ tỉnh Sơn La",
        "recipients": "Như trên;\r\nLưu: VT.",
        "authority": "TM. ỦY BAN NHÂN DÂN\r\nKT. CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer": "Thào A Mua",
    }
    assert client.post(reverse("admin:reports_letterhead_add"), form).status_code == 302
    letterhead = Letterhead.objects.get(plan=bac_yen)
    assert letterhead.issuer.splitlines() == ["ỦY BAN NHÂN DÂN", "HUYỆN BẮC YÊN"]
    assert (letterhead.signer_title, letterhead.signer) == ("PHÓ CHỦ TỊCH", "Thào A Mua")
    Letterhead.objects.filter(pk=letterhead.pk).update(issuer="Ủy ban nhân dân huyện Bắc Yên")  # typed on one line
    header = document_of(content_of(bac_yen, "2024")).tables[0].rows[0].cells[0]
    assert header.text.splitlines()[:2] == ["ỦY BAN NHÂN DÂN", "HUYỆN BẮC YÊN"]
