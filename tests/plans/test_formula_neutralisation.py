"""No export carries a live formula from user text (issue 10 item 4): the plan and values workbooks and every format of
the admin's import-export (CSV, Excel, TSV, JSON …). Only text is neutralised; a number stays a number. One rule,
in plans.text; and what is exported imports back unchanged."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import Indicator
from indicators.services import plan_import
from indicators.workbooks.plan import plan_workbook_write
from indicators.workbooks.values import values_workbook_write
from plans.models import Agency
from plans.text import FORMULA_PREFIXES, neutralise_formula, restore_neutralised, starts_like_formula
from tests.factories import AgencyFactory
from tests.hostile import CORPUS
from tests.workbooks import INDICATOR_ROWS, plan_workbook, to_bytes, value_row, values_book

pytestmark = pytest.mark.django_db
EVIL = ['=HYPERLINK("http://evil.example","Bấm")', "+84 912 345 678", "-3 gạch đầu dòng", "@SUM(A1)", "\tTab", "\rCR"]


def test_the_rule_neutralises_every_prefix_of_text_and_nothing_else():
    assert FORMULA_PREFIXES == ("=", "+", "-", "@", "\t", "\r")
    for text in EVIL:
        assert starts_like_formula(text)
        assert neutralise_formula(text) == "'" + text
        assert restore_neutralised(neutralise_formula(text)) == text
    for value in (-3, Decimal("-1.5"), 2.5, None, "Phòng Nội vụ", "'quoted", "a=b"):
        assert neutralise_formula(value) == value
        assert restore_neutralised(value) == value


def formula_cells(data: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(data))
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def test_the_plan_workbook_keeps_formula_like_text_as_text_and_reads_it_back_unchanged():
    rows = [dict(row) for row in INDICATOR_ROWS]
    for row, text in zip(rows, EVIL, strict=True):
        row["Ghi chú"] = text
    plan_import(data=to_bytes(plan_workbook(rows=rows)), actor=None)
    plan = Indicator.objects.get(code="1.1").plan
    assert plan_import(data=plan_workbook_write(plan), actor=None).changes == []
    for row, text in zip(rows[4:], EVIL[4:], strict=True):  # a workbook's cells are trimmed; the admin's are not
        Indicator.objects.filter(code=row["Mã chỉ tiêu"]).update(notes=text)

    exported = plan_workbook_write(plan)

    assert formula_cells(exported) == []
    sheet = load_workbook(io.BytesIO(exported))["Chỉ tiêu"]
    notes = {sheet.cell(row=r, column=3).value: sheet.cell(row=r, column=16) for r in range(2, 8)}
    for row, text in zip(rows, EVIL, strict=True):
        cell = notes[row["Mã chỉ tiêu"]]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)  # Excel's own text prefix


def test_the_values_workbook_keeps_formula_like_notes_as_text_and_numbers_as_numbers(bac_yen):
    from indicators.services.values_import import values_import

    values_import(data=values_book([value_row("1.1a", "2024", "15,38", note=EVIL[0])]), actor=None)

    exported = values_workbook_write(bac_yen)

    sheet = load_workbook(io.BytesIO(exported))["Số liệu"]
    assert formula_cells(exported) == []
    assert (sheet["H2"].value, sheet["H2"].quotePrefix) == (EVIL[0], True)
    assert (sheet["E2"].value, sheet["E2"].data_type) == (15.38, "n")


def export(client, model: str, fields: list[str], file_format: int):
    resource = f"{model}resource"
    response = client.post(
        reverse(f"admin:{'plans' if model == 'agency' else 'indicators'}_{model}_export"),
        {"format": str(file_format), "resource": "0", **{f"{resource}_{field}": "on" for field in fields}},
    )
    assert response.status_code == 200
    return response.content


FORMATS = {"csv": 0, "xlsx": 1, "tsv": 2, "json": 3}


def test_every_admin_export_format_neutralises_user_text(client, users, bac_yen):
    for text in EVIL:
        AgencyFactory(name=f"{text} cơ quan", short_name=text, unit=bac_yen.territory)
    client.force_login(users["coordinator"])
    expected = {neutralise_formula(text) for text in EVIL}

    for name, index in FORMATS.items():
        content = export(client, "agency", ["name", "short_name", "unit"], index)
        if name == "xlsx":
            sheet = load_workbook(io.BytesIO(content)).active
            assert [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"] == []
            short_names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
        elif name == "json":
            short_names = {item["Tên viết tắt"] for item in json.loads(content)}
        else:
            text = content.decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text), delimiter="," if name == "csv" else "\t"))
            short_names = {row[1] for row in rows[1:]}
        assert expected <= short_names, name
        assert not {text for text in EVIL} & short_names, name


def test_an_exported_number_stays_a_number(client, users, bac_yen):
    Indicator.objects.filter(code="4.2").update(notes="-5 trẻ", baseline_value=Decimal("48.5"), baseline_year=2020)
    client.force_login(users["coordinator"])
    fields = ["plan", "goal", "code", "factor", "baseline", "baseline_year", "notes"]

    sheet = load_workbook(io.BytesIO(export(client, "indicator", fields, FORMATS["xlsx"]))).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "4.2")
    assert [cell.value for cell in row] == ["BACYEN-2021-2025", 4, "4.2", 100000, 48.5, 2020, "'-5 trẻ"]
    assert [cell.data_type for cell in row[3:6]] == ["n", "n", "n"]

    text = export(client, "indicator", fields, FORMATS["csv"]).decode("utf-8-sig")
    assert "BACYEN-2021-2025,4,4.2,100000,48.5,2020,'-5 trẻ" in text


def test_a_negative_number_is_written_as_a_number_not_text():
    from openpyxl import Workbook

    from indicators.workbooks.writer import write_cell

    sheet = Workbook().active
    number, text = write_cell(sheet, 1, 1, -3), write_cell(sheet, 1, 2, "-3")
    assert (number.value, number.data_type, number.quotePrefix) == (-3, "n", False)
    assert (text.value, text.data_type, text.quotePrefix) == ("-3", "s", True)


def import_file(client, name: str, data: bytes, file_format: int):
    upload = SimpleUploadedFile(name, data)
    preview = client.post(
        reverse("admin:plans_agency_import"), {"resource": "0", "format": str(file_format), "import_file": upload}
    )
    assert preview.status_code == 200
    confirm = preview.context.get("confirm_form")
    if confirm is None:
        return preview
    values = {field: confirm[field].value() for field in confirm.fields}
    return client.post(reverse("admin:plans_agency_process_import"), values, follow=True)


def test_an_exported_file_imports_back_unchanged(client, users, bac_yen):
    agency = AgencyFactory(name="=HYPERLINK cơ quan", short_name="-HN", unit=bac_yen.territory)
    client.force_login(users["coordinator"])
    content = export(client, "agency", ["name", "short_name", "unit"], FORMATS["csv"])
    assert "'-HN" in content.decode("utf-8-sig")
    Agency.objects.filter(pk=agency.pk).update(short_name="khác")

    import_file(client, "co-quan.csv", content, 0)

    agency.refresh_from_db()
    assert (agency.name, agency.short_name) == ("=HYPERLINK cơ quan", "-HN")


def test_the_admin_reads_excel_files_through_the_bounded_reader(client, users, bac_yen):
    client.force_login(users["coordinator"])
    before = Agency.objects.count()
    hostile = {case.name: case for case in CORPUS}

    for name in ("zip-bomb", "far-cell", "billion-laughs-sheet", "csv-renamed", "formula-text"):
        response = import_file(client, "co-quan.xlsx", hostile[name].build(), 1)
        page = response.content.decode()
        assert "errorlist" in page and "encountered" not in page, name
        assert hostile[name].message.split(" (")[0] in page or "công thức" in page, name
    assert Agency.objects.count() == before

    workbook = load_workbook(io.BytesIO(export(client, "agency", ["name", "short_name", "unit"], FORMATS["xlsx"])))
    workbook.active.append(["Hội Nông dân huyện", "HND", "huyện Bắc Yên"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = import_file(client, "co-quan.xlsx", buffer.getvalue(), 1)
    assert Agency.objects.filter(name="Hội Nông dân huyện").exists(), response.content.decode()[-3000:]
    assert Agency.objects.get(name="Hội Nông dân huyện").short_name == "HND"
