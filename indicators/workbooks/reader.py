"""Reading the product's workbooks safely: one bounded reader for every upload and command.

`open_workbook` checks the file first (indicators.workbooks.archive: its type, its zip, the XML of every part that
is parsed, the real extent of each sheet read) and only then lets openpyxl read it, in read-only mode, no further
than the cells that hold something. Every limit comes from settings. Whatever is wrong with the file becomes a
Vietnamese `Problem`; the plan and values readers then list every problem of every row (formulas and merged cells
included) with the sheet, the Excel row number the user sees and the column.

Tables are read as officials type them: title rows above the header, headers matched ignoring case, diacritics,
spaces and a trailing note in brackets, columns in any order, blank rows anywhere.
"""

import functools
import logging
import math
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from openpyxl.packaging.relationship import get_rels_path
from openpyxl.reader.excel import ExcelReader, _find_workbook_part
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import INLINE_STRING, WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

from indicators.workbooks.archive import (
    DAMAGED,
    STRICT_NS,
    TITLE_ROWS,
    Limits,
    SharedStrings,
    SheetScan,
    check_part,
    column_letter,
    file_type_problem,
    open_zip,
    refuse,
    scan_shared_strings,
    scan_sheet,
)
from indicators.workbooks.problems import Problem, WorkbookInvalid, shown, vn_count
from plans.text import clean_name, loose_key

logger = logging.getLogger(__name__)
# openpyxl warns about what it cannot keep (a date out of range, an extension): the reader says what matters itself.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")

FIRST_YEAR, LAST_YEAR = 1945, 2100  # a year outside these is a typing error (and would not fit the database)
# Characters a database or Excel refuses in text (NUL, other C0 controls, lone surrogates from `_xD800_` escapes):
# invisible in Excel, so they are dropped rather than refused.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TRAILING_NOTE = re.compile(r"\s*(\([^()]*\)|\[[^\[\]]*\]|\*)\s*$")
_ZEROS = re.compile(r"^0+(\.0+)?$")
FORMULA_TAG, _T, _RUN = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("f", "t", "r"))
_CHART_SHEET = "Sheet “{title}” là biểu đồ (chart sheet), không phải bảng có các ô dữ liệu."
_OTHER_SHEET = "Sheet “{title}” không phải là một trang tính thông thường (macro hoặc hộp thoại)."
# Headers a person adds that are never imported and need no warning: the row number column.
ROW_NUMBER_HEADERS = frozenset({"stt", "tt", "sott", "so"})


# ---------------------------------------------------------------- the bounded workbook


@dataclass(frozen=True)
class SheetRequest:
    """A sheet to read: found by title ignoring case, diacritics and spaces ("" = the first sheet)."""

    title: str
    max_rows: int  # data rows below the header; more is refused before anything is parsed
    missing: str = ""  # what to say when the workbook has no such sheet
    optional: bool = False  # a sheet the workbook may leave out (it is then absent from open_workbook's answer)


class Cell:
    """A cell as read: its value (text cleaned of invisible characters), the number format of a number, and whether
    it was refused (a formula, or part of merged cells), so that its row raises no second problem about it."""

    __slots__ = ("value", "number_format", "column", "refused")

    def __init__(self, value, number_format=None, column=0, refused=False):
        self.value = value
        self.number_format = number_format
        self.column = column
        self.refused = refused

    @property
    def column_letter(self) -> str:
        return column_letter(self.column)


EMPTY = Cell(None)


class Row:
    """One Excel row; `row[c]` is the cell of column c (counting from 1), EMPTY beyond what the sheet holds."""

    __slots__ = ("number", "cells")

    def __init__(self, number: int, cells: tuple):
        self.number = number
        self.cells = cells

    def __getitem__(self, column: int) -> Cell:
        return self.cells[column - 1] if 0 < column <= len(self.cells) else EMPTY

    def is_blank(self, columns=None) -> bool:
        cells = self.cells if columns is None else (self[column] for column in columns)
        return all(is_blank(cell.value) and not cell.refused for cell in cells)


class _Parser(WorkSheetParser):
    """openpyxl's read-only sheet parser, with a direct path for inline strings (what openpyxl itself writes for every
    text cell): its generic rich-text objects made reading an exported 100.000-row workbook twice as slow."""

    def parse_cell(self, element):
        if element.get("t") != "inlineStr" or element.find(FORMULA_TAG) is not None:
            return super().parse_cell(element)
        coordinate = element.get("r")
        if coordinate:
            row, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        style = element.get("s")
        child = element.find(INLINE_STRING)
        if child is None:
            return {"row": row, "column": column, "value": None, "data_type": "inlineStr", "style_id": int(style or 0)}
        text = [child.findtext(_T) or ""] + [run.findtext(_T) or "" for run in child.iterfind(_RUN)]
        return {"row": row, "column": column, "value": "".join(text), "data_type": "s", "style_id": int(style or 0)}


class _BoundedWorksheet(ReadOnlyWorksheet):
    """openpyxl's read-only sheet, sized by our scan (its own sizing reads the whole sheet when `<dimension>` is
    missing, and trusts it when it lies), giving our cells: value cleaned, number format of numbers, formulas refused."""

    def _get_size(self):
        pass

    def _cells_by_row(self, min_col, min_row, max_col, max_row, values_only=False):
        """ReadOnlyWorksheet._cells_by_row, with our parser; `min_row` .. `max_row` are always given (by the scan)."""
        empty_row = (EMPTY,) * (max_col + 1 - min_col)
        counter = min_row
        with self._get_source() as source:
            parser = _Parser(
                source,
                self._shared_strings,
                data_only=False,
                epoch=self.parent.epoch,
                date_formats=self.parent._date_formats,
                timedelta_formats=self.parent._timedelta_formats,
            )
            for index, row in parser.parse():
                if index > max_row:
                    break
                for _ in range(counter, index):
                    counter += 1
                    yield empty_row
                if counter <= index:
                    counter += 1
                    yield self._get_row(row, min_col, max_col)
        for _ in range(counter, max_row + 1):
            yield empty_row

    def _get_row(self, row, min_col=1, max_col=None, values_only=False):
        cells = [EMPTY] * (max_col + 1 - min_col)
        for cell in row:
            column = cell["column"]
            if min_col <= column <= max_col and cell["value"] is not None:
                cells[column - min_col] = self._cell(cell["value"], cell["data_type"], cell["style_id"], column)
        return tuple(cells)

    def _cell(self, value, data_type: str, style_id: int, column: int) -> Cell:
        if data_type == "f":
            return Cell(None, None, column, True)
        if isinstance(value, str):
            if _UNSTORABLE.search(value):
                value = _UNSTORABLE.sub("", value)
            return Cell(value, None, column)
        if isinstance(value, float) and not math.isfinite(value):
            return Cell(repr(value), None, column)  # infinity: "không phải là số"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return Cell(value, self._number_format(style_id), column)
        return Cell(value, None, column)

    @functools.cache  # noqa: B019 (one sheet, read once: the cache dies with it)
    def _number_format(self, style_id: int) -> str:
        number_format = self.parent._cell_styles[style_id].numFmtId
        if number_format < BUILTIN_FORMATS_MAX_SIZE:
            return BUILTIN_FORMATS.get(number_format, "General")
        return self.parent._number_formats[number_format - BUILTIN_FORMATS_MAX_SIZE]


class Sheet:
    """A worksheet that may be read: its real extent, formulas and merged ranges known before any cell is read."""

    def __init__(self, worksheet: _BoundedWorksheet, scan: SheetScan):
        self._worksheet = worksheet
        self.scan = scan
        self.title: str = worksheet.title
        self.last_row = scan.last_row
        self.last_column = scan.last_column
        self._merged = scan.merged[:50]  # enough to silence the rows' problems about merged cells

    def rows(self, first: int = 1, last: int | None = None) -> Iterator[Row]:
        """Rows `first`..`last` (at most the last row holding something), every row as wide as the sheet."""
        last = self.last_row if last is None else min(last, self.last_row)
        if first > last or not self.last_column:
            return
        number = first
        merged = self._merged
        try:
            for cells in self._worksheet._cells_by_row(1, first, self.last_column, last):
                if merged and any(r1 <= number <= r2 for r1, _, r2, _ in merged):
                    cells = tuple(
                        Cell(cell.value, cell.number_format, column, True)
                        if cell.refused or self._is_merged(number, column)
                        else cell
                        for column, cell in enumerate(cells, 1)
                    )
                yield Row(number, cells)
                number += 1
        except Exception:
            logger.info("Unreadable row %s of sheet %s", number, self.title, exc_info=True)
            raise WorkbookInvalid(
                [Problem(f"ô ở dòng {number} không đọc được. {DAMAGED}", self.title, number)]
            ) from None

    def _is_merged(self, row: int, column: int) -> bool:
        return any(r1 <= row <= r2 and c1 <= column <= c2 for r1, c1, r2, c2 in self._merged)

    def table_problems(self, *, first_row: int, columns: dict[int, str]) -> list[Problem]:
        """Formulas and merged cells in what is imported: the rows from `first_row` (the header) down, in `columns`
        (column → header). What a user sees must be what is stored; a title above the table may be merged."""
        problems = []
        for row in sorted(self.scan.formulas):
            if row < first_row:
                continue
            for column in self.scan.formulas[row]:
                if column in columns:
                    problems.append(
                        Problem(
                            f"ô {column_letter(column)}{row} chứa công thức; hãy thay bằng giá trị "
                            "(Sao chép → Dán đặc biệt → Giá trị).",
                            self.title,
                            row,
                            columns[column],
                        )
                    )
        if self.scan.formula_count > len([c for cells in self.scan.formulas.values() for c in cells]):
            problems.append(
                Problem(
                    f"sheet có tất cả {vn_count(self.scan.formula_count)} ô chứa công thức; "
                    "hãy thay mọi công thức bằng giá trị.",
                    self.title,
                )
            )
        last_column = max(columns, default=0)
        for first, left, last, right in self.scan.merged:
            if last < first_row:
                continue
            hit = next((column for column in range(left, min(right, last_column) + 1) if column in columns), None)
            if hit is None:
                continue
            where = f"{column_letter(left)}{first}:{column_letter(right)}{last}"
            problems.append(
                Problem(
                    f"có ô gộp {where}: hãy bỏ gộp ô (Unmerge Cells) và ghi giá trị vào từng ô.",
                    self.title,
                    max(first, first_row),
                    columns[hit],
                )
            )
        if self.scan.merged_count > len(self.scan.merged):
            problems.append(
                Problem(f"sheet có tất cả {vn_count(self.scan.merged_count)} vùng ô gộp; hãy bỏ gộp mọi ô.", self.title)
            )
        return problems


def open_workbook(data: bytes, requests: list[SheetRequest]) -> dict[str, Sheet]:
    """Check the file and the sheets asked for, then open them for bounded reading (by request title).

    Raises WorkbookInvalid listing what makes the file unreadable: its type, its size, its zip or XML, a missing,
    ambiguous or chart sheet, or a sheet beyond the limits. Nothing beyond the sheets asked for is parsed.
    """
    problem = file_type_problem(data)
    if problem:
        raise refuse(problem)
    limits = Limits.from_settings()
    archive = open_zip(data, limits)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _open(data, archive, requests, limits)
    except WorkbookInvalid:
        raise
    except Exception:
        logger.info("Unreadable workbook", exc_info=True)
        raise refuse(DAMAGED) from None


def _open(data: bytes, archive, requests: list[SheetRequest], limits: Limits) -> dict[str, Sheet]:
    names = set(archive.namelist())
    check_part(archive, "[Content_Types].xml", limits)
    reader = ExcelReader(BytesIO(data), read_only=True, keep_vba=False, data_only=False, keep_links=False)
    reader.read_manifest()
    workbook_part = _find_workbook_part(reader.package).PartName[1:]
    if workbook_part not in names:
        raise refuse(DAMAGED)
    if check_part(archive, workbook_part, limits) == STRICT_NS:
        raise refuse(
            "Tệp được lưu ở dạng “Strict Open XML”, hệ thống không đọc được. "
            "Hãy mở bằng Excel rồi chọn Lưu thành (Save As) → Sổ làm việc Excel (*.xlsx)."
        )
    relationships = get_rels_path(workbook_part)
    if relationships not in names:
        raise refuse(DAMAGED)
    check_part(archive, relationships, limits)
    reader.read_workbook()
    if any(rel.Type.endswith("/externalLink") for rel in reader.parser.rels.values()):
        raise refuse(
            "Sổ có liên kết tới sổ Excel khác (External Links), nên số hiện trong sổ có thể không phải số được lưu. "
            "Hãy gỡ liên kết (Dữ liệu → Sửa liên kết → Ngắt liên kết) rồi lưu lại."
        )
    if "xl/styles.xml" in names:
        check_part(archive, "xl/styles.xml", limits)
    apply_stylesheet(reader.archive, reader.wb)
    strings = reader.package.find(SHARED_STRINGS)
    strings_part = strings.PartName[1:] if strings is not None else None
    shared = SharedStrings()
    if strings_part is not None and strings_part in names:
        shared = scan_shared_strings(archive, strings_part, limits)

    found = [(sheet.name, rel) for sheet, rel in reader.parser.find_sheets()]
    problems: list[Problem] = []
    chosen = {}
    for request in requests:
        if request.title:
            matches = [(name, rel) for name, rel in found if loose_key(name) == loose_key(request.title)]
        else:
            matches = found[:1]
        if not matches:
            if not request.optional:
                problems.append(Problem(request.missing or f"Thiếu sheet “{request.title}”."))
        elif len(matches) > 1:
            titles = ", ".join(f"“{name}”" for name, _ in matches)
            problems.append(
                Problem(
                    f"Sổ có {len(matches)} sheet cùng là “{request.title}” ({titles}): không rõ sheet nào được nhập; "
                    "hãy đổi tên hoặc xóa bớt."
                )
            )
        else:
            name, rel = matches[0]
            if rel.Type.endswith("/chartsheet"):
                problems.append(Problem(_CHART_SHEET.format(title=name)))
            elif not rel.Type.endswith("/worksheet"):
                problems.append(Problem(_OTHER_SHEET.format(title=name)))
            elif rel.target not in names:
                problems.append(Problem(DAMAGED, name))
            else:
                try:
                    scan = scan_sheet(
                        archive,
                        rel.target,
                        name,
                        limits=limits,
                        max_rows=request.max_rows,
                        long_strings=shared.too_long,
                    )
                except WorkbookInvalid as error:
                    problems += error.problems
                else:
                    chosen[request.title] = (name, rel.target, scan)
    if shared.too_long and not any("đoạn chữ dài hơn" in problem.message for problem in problems):
        problems.append(Problem(f"tệp có ô chứa đoạn chữ dài hơn {vn_count(limits.text_length)} ký tự.".capitalize()))
    if problems:
        raise WorkbookInvalid(problems)
    if strings_part is not None and strings_part in names:
        reader.read_strings()
    sheets = {}
    for title, (name, target, scan) in chosen.items():
        worksheet = _BoundedWorksheet(reader.wb, name, target, reader.shared_strings)
        worksheet._max_row, worksheet._max_column = scan.last_row, scan.last_column
        sheets[title] = Sheet(worksheet, scan)
    return sheets


# ---------------------------------------------------------------- cells


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    """A cell as text, as the user typed it: 1.0 typed as a number reads `1`, not `1.0`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def code_text(cell: Cell) -> str:
    """A code as the user sees it: a number shown with leading zeros (format `00000`) or fixed decimals (`0.00`)
    keeps them (`03646`, `1.10`); any other number keeps its digits (`3646`); text stays as typed."""
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _ZEROS.match(cell.number_format or ""):
        whole, _, decimals = cell.number_format.partition(".")
        text = f"{value:.{len(decimals)}f}"
        integer, dot, fraction = text.partition(".")
        return integer.zfill(len(whole)) + dot + fraction
    return cell_text(value)


def read_date(value) -> date:
    """A dd/mm/yyyy date, typed as text or as an Excel date. Raises ValueError with a Vietnamese message."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as error:
        raise ValueError(f"“{shown(text)}” không phải ngày dạng dd/mm/yyyy (ví dụ 27/04/2021)") from error


def read_day_month(value) -> tuple[int, int]:
    """A dd/mm day of the year; Excel may have turned `18/05` into a date, which is accepted too."""
    if isinstance(value, (datetime, date)):
        return value.day, value.month
    text = cell_text(value)
    try:
        parsed = datetime.strptime(text + "/2024", "%d/%m/%Y")  # a leap year, so 29/02 is a valid deadline
    except ValueError as error:
        raise ValueError(f"“{shown(text)}” không phải ngày/tháng dạng dd/mm (ví dụ 18/05)") from error
    return parsed.day, parsed.month


def read_whole_number(value) -> int:
    if isinstance(value, bool):
        raise ValueError("cần một số nguyên")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = cell_text(value)
    if text.isascii() and text.isdigit():
        return int(text)
    raise ValueError(f"“{shown(text)}” không phải số nguyên")


def read_year(value) -> int:
    """A year such as 2025. Raises ValueError with a Vietnamese message."""
    try:
        year = read_whole_number(value)
    except ValueError as error:
        raise ValueError(f"“{shown(cell_text(value))}” không phải là năm (ví dụ 2025)") from error
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"năm {year} không hợp lý (từ {FIRST_YEAR} đến {LAST_YEAR})")
    return year


def too_long(text: str, limit: int) -> str | None:
    """Why `text` does not fit a field of `limit` characters, or None."""
    if len(text) <= limit:
        return None
    return f"dài {vn_count(len(text))} ký tự, quá {vn_count(limit)} ký tự cho phép"


# ---------------------------------------------------------------- tables


def header_keys(value) -> list[str]:
    """The keys a header cell is matched by: as written, then without a trailing note (`Giá trị (%)`, `Mã *`)."""
    text = cell_text(value)
    keys = [loose_key(text)]
    while True:
        stripped = _TRAILING_NOTE.sub("", text)
        if stripped == text or not stripped:
            return keys
        text = stripped
        keys.append(loose_key(text))


def find_header_row(sheet: Sheet, key_headers) -> Row | None:
    """The first row, within the first rows a title may take, holding one of `key_headers`."""
    wanted = {loose_key(header) for header in ([key_headers] if isinstance(key_headers, str) else key_headers)}
    for row in sheet.rows(1, TITLE_ROWS + 1):
        if any(wanted & set(header_keys(cell.value)) for cell in row.cells if not is_blank(cell.value)):
            return row
    return None


def missing_header_problem(sheet: Sheet, key_header: str, rows_are: str) -> Problem:
    """Why no header row was found: the sheet is empty, or it lacks the key column."""
    if not sheet.last_row:
        return Problem(f"sheet trống: cần một dòng tiêu đề và các dòng {rows_are}.", sheet.title)
    return Problem(
        f"không tìm thấy dòng tiêu đề có cột “{key_header}” trong {TITLE_ROWS + 1} dòng đầu của sheet.", sheet.title
    )


@dataclass
class Header:
    """Where each column of a table is: `columns` by attribute, `claimed` by the key `claim` gave, and the header
    text of every imported column (for problems and for refusing formulas and merged cells in it)."""

    row: int
    columns: dict[str, int]
    claimed: dict
    names: dict[int, str]  # column → header as the format writes it
    keys: dict[int, list[str]]  # column → the keys of every header cell as written (ours or not)


def map_header(
    sheet: Sheet,
    header: Row,
    spec: list[tuple[str, str, bool]],
    *,
    claim=None,
    aliases: dict[str, tuple[str, ...]] | None = None,
    known: tuple[str, ...] = (),
) -> tuple[Header, list[Problem], list[str]]:
    """Map the header row's cells to the spec's attributes, matched ignoring case, diacritics, spaces and a trailing
    note in brackets; `aliases` are other words officials use for a header (`ĐVT`).

    `claim(key)` may take other columns (e.g. `Chỉ tiêu 2030`): it returns a key for them or None. `known` headers
    (and a row-number column) are read-only columns of ours: ignored without a warning. Returns (the header, problems,
    warnings): a column written twice or a missing required column is a problem; a column outside the format is a
    warning (it is not imported).
    """
    by_key = {}
    for attribute, title, _ in spec:
        by_key[loose_key(title)] = attribute
        for alias in (aliases or {}).get(attribute, ()):
            by_key.setdefault(loose_key(alias), attribute)
    titles = {attribute: title for attribute, title, _ in spec}
    ignored = ROW_NUMBER_HEADERS | {loose_key(title) for title in known}
    columns: dict[str, int] = {}
    claimed: dict = {}
    names: dict[int, str] = {}
    problems: list[Problem] = []
    warnings_: list[str] = []
    for cell in header.cells:
        if is_blank(cell.value):
            continue
        keys = header_keys(cell.value)
        attribute = next((by_key[key] for key in keys if key in by_key), None)
        other = None if attribute is not None or claim is None else next(filter(None, map(claim, keys)), None)
        letter = cell.column_letter
        if attribute is not None:
            if attribute in columns:
                problems.append(
                    Problem(
                        f"cột “{titles[attribute]}” xuất hiện hai lần (cột {column_letter(columns[attribute])} và cột "
                        f"{letter}): không rõ cột nào được nhập; hãy xóa hoặc đổi tên một cột.",
                        sheet.title,
                        header.number,
                        titles[attribute],
                    )
                )
            else:
                columns[attribute] = cell.column
                names[cell.column] = titles[attribute]
        elif other is not None:
            if other in claimed:
                problems.append(
                    Problem(
                        f"cột “{shown(cell_text(cell.value))}” xuất hiện hai lần (cột "
                        f"{column_letter(claimed[other])} và cột {letter}): hãy xóa một cột.",
                        sheet.title,
                        header.number,
                    )
                )
            else:
                claimed[other] = cell.column
                names[cell.column] = cell_text(cell.value)
        elif not ignored & set(keys):
            warnings_.append(
                f"Sheet “{sheet.title}”: cột “{shown(cell_text(cell.value))}” ({letter}) không thuộc mẫu nên không được nhập."
            )
    for attribute, title, required in spec:
        if required and attribute not in columns:
            problems.append(Problem(f"thiếu cột “{title}”.", sheet.title, header.number))
    keys = {cell.column: header_keys(cell.value) for cell in header.cells if not is_blank(cell.value)}
    return Header(row=header.number, columns=columns, claimed=claimed, names=names, keys=keys), problems, warnings_


def repeats_header(row: Row, header: Header) -> bool:
    """A row that repeats the header (two tables pasted one under the other) is not data."""
    filled = [cell for cell in row.cells if not is_blank(cell.value)]
    return len(filled) >= 2 and all(
        cell.column in header.keys and header.keys[cell.column][0] in header_keys(cell.value) for cell in filled
    )


def read_table(
    sheet: Sheet,
    spec: list[tuple[str, str, bool]],
    *,
    key: str,
    rows_are: str,
    problems: "ProblemList",
    warnings: list[str] | None = None,
    aliases: dict[str, tuple[str, ...]] | None = None,
    known: tuple[str, ...] = (),
):
    """The data rows of a sheet's table, as (row number, {attribute: cell}): the header is the first row holding the
    `key` attribute's header (or an alias of it), mapped by `map_header`; blank rows and repeated headers are passed
    over; formulas and merged cells go to `problems`, unknown columns to `warnings`. `rows_are` names the rows in
    the problem of an empty sheet ("số liệu"). Raises WorkbookInvalid when there is no header or it is wrong (a
    missing or doubled column)."""
    key_header = next(title for attribute, title, _ in spec if attribute == key)
    header_row = find_header_row(sheet, [key_header, *(aliases or {}).get(key, ())])
    if header_row is None:
        raise WorkbookInvalid([missing_header_problem(sheet, key_header, rows_are)])
    header, header_problems, header_warnings = map_header(sheet, header_row, spec, aliases=aliases, known=known)
    if header_problems:
        raise WorkbookInvalid(header_problems)
    if warnings is not None:
        warnings += header_warnings
    problems += sheet.table_problems(first_row=header.row, columns=header.names)
    for row in sheet.rows(header.row + 1):
        if row.is_blank(header.names) or repeats_header(row, header):
            continue
        yield row.number, {attribute: row[column] for attribute, column in header.columns.items()}


class RowReader:
    """One row of a table (`read_table`'s cells by attribute) read cell by cell; the problems found go to `problems`,
    each at its row and column (`headers`: attribute → the header as the format writes it). A refused cell (a
    formula, a merged cell) is already a problem of its own: it reads as empty and is not blamed again."""

    def __init__(self, number: int, cells: dict, sheet: str, headers: dict, problems: "ProblemList"):
        self.number, self.cells, self.sheet, self.headers, self.problems = number, cells, sheet, headers, problems

    def fail(self, attribute: str, message: str) -> None:
        self.problems.append(Problem(message, self.sheet, self.number, self.headers[attribute]))

    def raw(self, attribute: str):
        """The cell's value; None when the column is absent, the cell blank or refused."""
        cell = self.cells.get(attribute)
        return None if cell is None or cell.refused or is_blank(cell.value) else cell.value

    def text(self, attribute: str, limit: int, what: str = "", *, required: str = "", code: bool = False) -> str:
        """The cell as clean text (`code`: as the user sees it, `03646` keeping its zero); "" when refused, too
        long (`what` names it in the problem, else the text itself) or missing (`required` is then the problem)."""
        cell = self.cells.get(attribute)
        if cell is None or cell.refused:
            return ""
        value = clean_name(code_text(cell) if code else cell_text(cell.value))
        if not value and required:
            self.fail(attribute, required)
        elif problem := too_long(value, limit):
            self.fail(attribute, f"{what or f'“{shown(value)}”'} {problem}.")
            return ""
        return value

    def day(self, attribute: str) -> date | None:
        raw = self.raw(attribute)
        if raw is None:
            return None
        try:
            return read_date(raw)
        except ValueError as error:
            self.fail(attribute, f"{error}.")
            return None


class ProblemList(list):
    """Problems of a workbook, at most `limit` of them kept (settings.WORKBOOK_MAX_PROBLEMS): a file wrong on every
    one of 100.000 rows must not fill the memory or a page. `more` counts those left out."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit
        self.more = 0

    def append(self, problem: Problem) -> None:
        if len(self) < self.limit:
            super().append(problem)
        else:
            self.more += 1

    def extend(self, problems) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems):
        self.extend(problems)
        return self

    def closed(self) -> list[Problem]:
        """The problems, with a last line saying how many more there were."""
        if not self.more:
            return list(self)
        return list(self) + [
            Problem(
                f"còn {vn_count(self.more)} lỗi khác chưa liệt kê (chỉ liệt kê {vn_count(self.limit)} lỗi đầu); "
                "hãy sửa các lỗi trên rồi nhập lại."
            )
        ]
