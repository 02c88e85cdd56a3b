"""The admin's file formats (django-import-export) for agencies and indicators, made safe.

An Excel file is read by the same bounded reader as every other workbook (the first sheet, its first row as the
header), not by openpyxl directly; a text file (CSV, TSV) is refused beyond the upload limit. Wired in
settings.IMPORT_FORMATS. Exports stay import-export's own formats: the resources neutralise formula-like text
(plans.resources.SpreadsheetSafeResource).
"""

import tablib
from django.conf import settings
from import_export.formats import base_formats

from indicators.workbooks.problems import Problem, WorkbookInvalid, vn_count, vn_size
from indicators.workbooks.reader import SheetRequest, cell_text, column_letter, open_workbook


def _refuse_large(data) -> None:
    if len(data) > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise WorkbookInvalid(
            [Problem(f"Tệp quá lớn: tối đa {vn_size(settings.IMPORT_MAX_UPLOAD_BYTES)} cho một lần nhập.")]
        )


def _refuse_long(dataset: tablib.Dataset) -> tablib.Dataset:
    if len(dataset) > settings.WORKBOOK_MAX_ROWS:
        raise WorkbookInvalid(
            [
                Problem(
                    f"Tệp có {vn_count(len(dataset))} dòng, quá giới hạn {vn_count(settings.WORKBOOK_MAX_ROWS)} dòng."
                )
            ]
        )
    return dataset


class SafeXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        _refuse_large(in_stream)
        sheet = open_workbook(bytes(in_stream), [SheetRequest("", settings.WORKBOOK_MAX_ROWS)])[""]
        width = sheet.last_column
        problems = sheet.table_problems(first_row=1, columns={c: column_letter(c) for c in range(1, width + 1)})
        if problems:
            raise WorkbookInvalid(problems)
        dataset = tablib.Dataset()
        rows = sheet.rows()
        header = next(rows, None)
        if header is None:
            return dataset
        dataset.headers = [cell_text(cell.value) or None for cell in header.cells]
        for row in rows:
            if not row.is_blank():  # a blank cell reads as a CSV's does: "", not None (a text field refuses None)
                dataset.append(["" if cell.value is None else cell.value for cell in row.cells])
        return dataset


class SafeCSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        _refuse_large(in_stream)
        return _refuse_long(super().create_dataset(in_stream, **kwargs))


class SafeTSV(base_formats.TSV):
    def create_dataset(self, in_stream, **kwargs):
        _refuse_large(in_stream)
        return _refuse_long(super().create_dataset(in_stream, **kwargs))


# What the admin may import: Excel through the bounded reader, CSV and TSV within the upload limit. (JSON, YAML and
# HTML stay export-only: a YAML file can expand like an XML one.)
IMPORT_FORMATS = [SafeCSV, SafeXLSX, SafeTSV]
