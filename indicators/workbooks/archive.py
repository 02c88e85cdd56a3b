"""What a workbook file really is, checked before any parser trusts it (issue 10: hostile files).

Nothing here reads cell values: it decides whether openpyxl may open the file, and how far it may read. In order:
the file type (an .xlsx is a zip; .xls, encrypted workbooks, CSV, HTML, PDF or Word files renamed .xlsx are named
for what they are), the zip's directory (members, uncompressed size, compression ratio, methods, encryption), then
each XML part openpyxl will parse, streamed through expat with document type declarations refused (so no entity
can expand) and its size and text lengths capped; for the sheets that are read, their real extent (not what their
`<dimension>` claims), their formulas and their merged cells, found by one bounded pass.

Every refusal is a Vietnamese `Problem` naming what is wrong with the file; nothing raises anything else.
"""

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from xml.parsers import expat

from django.conf import settings

from indicators.workbooks.problems import Problem, WorkbookInvalid, shown, vn_count, vn_size

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
TITLE_ROWS = 10  # rows a title may take above a table's header (and the header itself is one more)
_CHUNK = 64 * 1024
_BIG_PART = 1024 * 1024  # the compression ratio is judged on parts at least this big
_KEPT = 1000  # formulas, merged ranges … remembered one by one; more are only counted

SAVE_AS = "Hãy mở tệp bằng Excel rồi chọn Lưu thành (Save As) → Sổ làm việc Excel (*.xlsx)."
DAMAGED = "Tệp bị hỏng hoặc không do Excel lưu ra nên không đọc được. " + SAVE_AS

_C, _V, _F, _IS, _ROW = (f"{MAIN_NS} {tag}" for tag in ("c", "v", "f", "is", "row"))
_MERGE, _DIMENSION, _SI = (f"{MAIN_NS} {tag}" for tag in ("mergeCell", "dimension", "si"))
_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})(?::\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6}))?$")
_COLUMN_INDEX: dict[str, int] = {}


@dataclass(frozen=True)
class Limits:
    """What one workbook may cost to read; every number comes from settings (see gender_plan/settings.py)."""

    file_bytes: int
    parts: int
    uncompressed_bytes: int
    compression_ratio: int
    metadata_bytes: int
    shared_strings_bytes: int
    shared_strings: int
    text_length: int
    columns: int
    cells: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            file_bytes=settings.WORKBOOK_MAX_FILE_BYTES,
            parts=settings.WORKBOOK_MAX_PARTS,
            uncompressed_bytes=settings.WORKBOOK_MAX_UNCOMPRESSED_BYTES,
            compression_ratio=settings.WORKBOOK_MAX_COMPRESSION_RATIO,
            metadata_bytes=settings.WORKBOOK_MAX_METADATA_BYTES,
            shared_strings_bytes=settings.WORKBOOK_MAX_SHARED_STRINGS_BYTES,
            shared_strings=settings.WORKBOOK_MAX_SHARED_STRINGS,
            text_length=settings.WORKBOOK_MAX_TEXT_LENGTH,
            columns=settings.WORKBOOK_MAX_COLUMNS,
            cells=settings.WORKBOOK_MAX_CELLS,
        )


def refuse(message: str, sheet: str = "") -> WorkbookInvalid:
    return WorkbookInvalid([Problem(message, sheet)])


def column_index(letters: str) -> int:
    index = _COLUMN_INDEX.get(letters)
    if index is None:
        index = 0
        for letter in letters:
            index = index * 26 + ord(letter) - 64
        _COLUMN_INDEX[letters] = index
    return index


def column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---------------------------------------------------------------- the file and its zip


def file_type_problem(data: bytes) -> str | None:
    """Why these bytes are not an .xlsx at all (named for what they are), or None when they are a zip."""
    if not data:
        return "Tệp trống, không có nội dung."
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return None
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE compound file: Office 97-2003, or encrypted OOXML
        if "EncryptedPackage".encode("utf-16-le") in data:
            return (
                "Tệp được đặt mật khẩu (mã hóa) nên không đọc được. Hãy mở bằng Excel, gỡ mật khẩu "
                "(Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu) rồi lưu lại."
            )
        if "WordDocument".encode("utf-16-le") in data:
            return "Tệp là văn bản Word (.doc), không phải là sổ Excel .xlsx."
        return "Tệp là sổ Excel 97–2003 (.xls) đã đổi tên; hệ thống chỉ đọc được .xlsx. " + SAVE_AS
    if data[:5] == b"%PDF-":
        return "Tệp là tài liệu PDF, không phải là sổ Excel .xlsx."
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff" or data[:4] == b"GIF8":
        return "Tệp là ảnh, không phải là sổ Excel .xlsx."
    if data[:5] == b"{\\rtf":
        return "Tệp là văn bản RTF, không phải là sổ Excel .xlsx."
    head = _as_text(data[:4096]).lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "Tệp là sổ Excel dạng XML 2003, không phải là sổ Excel .xlsx. " + SAVE_AS
    if head.startswith(("<!doctype html", "<html", "<table", "<meta", "mime-version:")) or "<html" in head[:512]:
        return (
            "Tệp là trang web (HTML) đã đổi tên thành .xlsx (nhiều phần mềm xuất “Excel” theo cách này), "
            "không phải là sổ Excel .xlsx. " + SAVE_AS
        )
    if head and "\x00" not in head and sum(ch.isprintable() or ch in "\t\r\n" for ch in head) >= 0.95 * len(head):
        return "Tệp là văn bản (CSV hoặc TXT) đã đổi tên thành .xlsx, không phải là sổ Excel .xlsx. " + SAVE_AS
    return "Tệp không phải là sổ Excel .xlsx (không nhận ra định dạng của tệp). " + SAVE_AS


def _as_text(head: bytes) -> str:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8", errors="replace")


def _zip_entries(data: bytes) -> int | None:
    """The number of members the zip's end record announces, read before zipfile builds one object per member."""
    tail = data[-(65536 + 22) :]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    entries = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    if entries == 0xFFFF:  # zip64: the count is in the zip64 end record, found through its locator
        locator = tail.rfind(b"PK\x06\x07", 0, at)
        if locator < 0 or len(tail) - locator < 20:
            return None
        offset = struct.unpack("<Q", tail[locator + 8 : locator + 16])[0]
        record = data[offset : offset + 56]
        if len(record) < 56 or record[:4] != b"PK\x06\x06":
            return None
        entries = struct.unpack("<Q", record[32:40])[0]
    return entries


def open_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """The workbook's zip, once its directory is within limits. Raises WorkbookInvalid naming what is wrong."""
    if len(data) > limits.file_bytes:
        raise refuse(f"Tệp nặng {vn_size(len(data))}, quá giới hạn {vn_size(limits.file_bytes)} của một sổ Excel.")
    entries = _zip_entries(data)
    if entries is None:
        raise refuse(DAMAGED)
    if entries > limits.parts:
        raise refuse(
            f"Tệp nén bên trong có {vn_count(entries)} phần, quá giới hạn {vn_count(limits.parts)}: "
            "đây không phải là một sổ Excel thông thường."
        )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error):
        raise refuse(DAMAGED) from None
    names = {member.filename for member in members}
    kind = _zip_kind_problem(names, archive)
    if kind:
        raise refuse(kind)
    if len(names) != len(members):
        raise refuse("Tệp nén bên trong có hai phần trùng tên: " + DAMAGED)
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise refuse("Tệp được nén kèm mật khẩu (mã hóa) nên không đọc được. " + SAVE_AS)
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refuse("Tệp được nén theo một cách Excel không dùng nên không được mở. " + SAVE_AS)
        total += member.file_size
        if member.file_size >= _BIG_PART and member.file_size > limits.compression_ratio * max(member.compress_size, 1):
            raise refuse(
                f"Tệp có phần dữ liệu nén bất thường ({vn_size(member.compress_size)} bung ra thành "
                f"{vn_size(member.file_size)}, gấp hơn {vn_count(limits.compression_ratio)} lần): có thể là “bom nén” "
                "(zip bomb) nên không được mở."
            )
    if total > limits.uncompressed_bytes:
        raise refuse(
            f"Nội dung của tệp khi giải nén nặng {vn_size(total)}, quá giới hạn {vn_size(limits.uncompressed_bytes)}: "
            "sổ quá lớn để nhập một lần."
        )
    return archive


def _zip_kind_problem(names: set[str], archive: zipfile.ZipFile) -> str | None:
    if "[Content_Types].xml" in names and "xl/workbook.bin" not in names:
        if "word/document.xml" in names:
            return "Tệp là văn bản Word (.docx) đã đổi tên, không phải là sổ Excel .xlsx."
        if any(name.startswith("ppt/") for name in names):
            return "Tệp là bản trình chiếu PowerPoint đã đổi tên, không phải là sổ Excel .xlsx."
        return None
    if "xl/workbook.bin" in names:
        return "Tệp là sổ Excel nhị phân (.xlsb); hệ thống chỉ đọc được .xlsx. " + SAVE_AS
    if "mimetype" in names:
        try:
            with archive.open("mimetype") as source:
                mimetype = source.read(100)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
            mimetype = b""
        if b"opendocument.spreadsheet" in mimetype:
            return "Tệp là bảng tính OpenDocument (.ods), không phải là sổ Excel .xlsx. " + SAVE_AS
        if b"opendocument" in mimetype:
            return "Tệp là tài liệu OpenDocument, không phải là sổ Excel .xlsx."
    return "Tệp nén này không phải là sổ Excel .xlsx (thiếu các phần của một sổ Excel). " + SAVE_AS


# ---------------------------------------------------------------- XML, streamed


class _Stop(Exception):
    """Raised inside an expat handler to stop reading: `problem` says why."""

    def __init__(self, problem: Problem):
        self.problem = problem


def _parser(sheet: str = "") -> expat.XMLParserType:
    """An expat parser that refuses any document type declaration, and so every entity (no expansion bomb)."""

    def no_dtd(*args):
        raise _Stop(Problem("Tệp chứa khai báo DTD/thực thể XML mà Excel không bao giờ ghi: tệp không được mở.", sheet))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.UnparsedEntityDeclHandler = no_dtd
    parser.ExternalEntityRefHandler = no_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    return parser


def stream_xml(archive: zipfile.ZipFile, name: str, parser, sheet: str = "") -> None:
    """Feed a part to `parser` in chunks. Raises WorkbookInvalid for malformed XML, a damaged zip or a handler's stop."""
    try:
        with archive.open(name) as source:
            while chunk := source.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop as stop:
        raise WorkbookInvalid([stop.problem]) from None
    except expat.ExpatError as error:
        where = f"Sheet “{sheet}”: " if sheet else ""
        raise refuse(f"{where}nội dung XML bị hỏng (dòng {error.lineno} của phần {name}). {DAMAGED}") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError, ValueError):
        raise refuse(DAMAGED) from None


def check_part(archive: zipfile.ZipFile, name: str, limits: Limits) -> str:
    """A small part (content types, workbook, relationships, styles) is well-formed XML without a DTD and within
    `metadata_bytes`. Returns the namespace of its root element."""
    try:
        size = archive.getinfo(name).file_size
    except KeyError:
        raise refuse(DAMAGED) from None
    if size > limits.metadata_bytes:
        raise refuse(
            f"Phần {name} của tệp nặng {vn_size(size)}, quá giới hạn {vn_size(limits.metadata_bytes)}: "
            "đây không phải là một sổ Excel thông thường."
        )
    root = []
    parser = _parser()

    def start(name, attrs):
        if not root:
            root.append(name.rpartition(" ")[0])

    parser.StartElementHandler = start
    stream_xml(archive, name, parser)
    return root[0] if root else ""


@dataclass
class SharedStrings:
    count: int = 0
    too_long: set[int] = field(default_factory=set)  # indexes of strings longer than the text limit


def scan_shared_strings(archive: zipfile.ZipFile, name: str, limits: Limits) -> SharedStrings:
    """Count the shared strings and find the over-long ones before openpyxl loads them all into memory."""
    size = archive.getinfo(name).file_size
    if size > limits.shared_strings_bytes:
        raise refuse(
            f"Phần chữ dùng chung của tệp nặng {vn_size(size)}, quá giới hạn {vn_size(limits.shared_strings_bytes)}: "
            "sổ có quá nhiều chữ để nhập một lần."
        )
    found = SharedStrings()
    text = [0]
    parser = _parser()

    def start(name, attrs):
        if name == _SI:
            found.count += 1
            text[0] = 0
            if found.count > limits.shared_strings:
                raise _Stop(
                    Problem(
                        f"Tệp có hơn {vn_count(limits.shared_strings)} chuỗi chữ khác nhau: sổ quá lớn để nhập một lần."
                    )
                )

    def characters(data):
        text[0] += len(data)
        if text[0] > limits.text_length and found.count:
            found.too_long.add(found.count - 1)
            if len(found.too_long) > _KEPT:
                raise _Stop(Problem(_too_long_text(limits)))

    parser.StartElementHandler = start
    parser.CharacterDataHandler = characters
    stream_xml(archive, name, parser)
    return found


def _too_long_text(limits: Limits, cell: str = "") -> str:
    where = f"ô {cell} chứa" if cell else "tệp có ô chứa"
    return f"{where} đoạn chữ dài hơn {vn_count(limits.text_length)} ký tự (giới hạn của một ô Excel)."


# ---------------------------------------------------------------- a sheet's extent, formulas and merged cells


@dataclass
class SheetScan:
    """What one bounded pass over a sheet's XML found. Rows and columns count from 1, as Excel numbers them."""

    last_row: int = 0  # the last row holding a value or a formula (0: the sheet is empty)
    last_column: int = 0
    cells: int = 0  # cells holding a value or a formula
    dimension: str = ""  # what the sheet claims its extent is (not trusted: the scan finds the real one)
    formulas: dict[int, list[int]] = field(default_factory=dict)  # row → columns holding a formula
    formula_count: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (first row, first col, last row, last col)
    merged_count: int = 0


def scan_sheet(
    archive: zipfile.ZipFile,
    name: str,
    title: str,
    *,
    limits: Limits,
    max_rows: int,
    long_strings: set[int],
) -> SheetScan:
    """One streaming pass over a sheet: its real extent, formulas and merged ranges, within limits.

    Stops at the first cell past the rows or columns a workbook may have, at too many cells, at a row or column
    beyond Excel's own grid, and at text longer than a cell may hold (listing such cells). A styled but empty cell
    costs nothing, so one formatted cell at XFD1048576 neither stops the scan nor widens what is read.
    """
    scan = SheetScan()
    row_limit = max_rows + TITLE_ROWS + 1
    column_limit = limits.columns
    cell_limit = limits.cells
    text_limit = limits.text_length
    element_limit = 4 * limits.cells + 2 * EXCEL_ROWS  # styled empty cells and rows: a pass is bounded in time
    too_long: list[Problem] = []
    row = column = text = elements = cells = last_column = 0
    row_text = ""
    filled = long = shared = False
    parser = _parser(title)

    def stop(message: str):
        raise _Stop(Problem(message, title))

    def damaged(what: str):
        stop(f"{what} không hợp lệ. {DAMAGED}")

    def fill() -> None:
        """The current cell holds a value or a formula: it counts, and must lie within the limits."""
        nonlocal filled, cells, last_column
        filled = True
        cells += 1
        if row > row_limit or column > column_limit:
            stop(
                f"có dữ liệu ở ô {column_letter(column)}{row}, ngoài vùng được đọc (tối đa {vn_count(max_rows)} "
                f"dòng dưới dòng tiêu đề, tức đến dòng {vn_count(row_limit)}, và {vn_count(column_limit)} cột, "
                f"tức đến cột {column_letter(column_limit)}). Hãy xóa các ô, dòng thừa rồi lưu lại."
            )
        if cells > cell_limit:
            stop(f"có hơn {vn_count(cell_limit)} ô có dữ liệu: sổ quá lớn để nhập một lần.")
        scan.last_row = row  # rows only grow (checked below)
        if column > last_column:
            last_column = column

    def start(tag, attrs):
        nonlocal row, column, text, elements, filled, long, shared, row_text
        elements += 1
        if tag == _V or tag == _IS:
            if not filled:
                fill()
        elif tag == _C:
            ref = attrs.get("r")
            if ref is None:
                next_column = column + 1
            else:
                letters = ref.rstrip("0123456789")
                next_column = _COLUMN_INDEX.get(letters) or _column_of(letters)
                if ref[len(letters) :] != row_text and not _same_row(ref[len(letters) :], row):
                    damaged(f"Ô “{shown(ref, 20)}”")
            if next_column <= column or next_column > EXCEL_COLUMNS or not row:
                damaged(f"Ô “{shown(ref or next_column, 20)}”")
            column = next_column
            filled = long = False
            text = 0
            shared = bool(long_strings) and attrs.get("t") == "s"
            if elements > element_limit:
                stop("có quá nhiều ô và dòng (kể cả ô trống được định dạng): sổ quá lớn để nhập một lần.")
        elif tag == _ROW:
            ref = attrs.get("r")
            next_row = row + 1
            if ref is not None:
                if not (ref.isascii() and ref.isdigit()):
                    damaged(f"Số dòng “{shown(ref, 20)}”")
                next_row = int(ref)
            if next_row <= row:
                damaged(f"Thứ tự dòng {vn_count(next_row)}")
            if next_row > EXCEL_ROWS:
                stop(
                    f"có dòng số {vn_count(next_row)}, vượt quá {vn_count(EXCEL_ROWS)} dòng mà một sheet Excel có thể "
                    "có: tệp không phải do Excel lưu ra hoặc đã bị hỏng."
                )
            row, column, row_text = next_row, 0, str(next_row)
            if elements > element_limit:
                stop("có quá nhiều ô và dòng (kể cả ô trống được định dạng): sổ quá lớn để nhập một lần.")
        elif tag == _F:
            if not filled:
                fill()
            scan.formula_count += 1
            if scan.formula_count <= _KEPT:
                scan.formulas.setdefault(row, []).append(column)
        elif tag == _MERGE:
            match = _RANGE.match(attrs.get("ref", ""))
            if match is None:
                damaged(f"Vùng gộp ô “{shown(attrs.get('ref', ''), 20)}”")
            first = (int(match[2]), _column_of(match[1]))
            last = (int(match[4]), _column_of(match[3])) if match[3] else first
            scan.merged_count += 1
            if scan.merged_count <= _KEPT:
                scan.merged.append(
                    (min(first[0], last[0]), min(first[1], last[1]), max(first[0], last[0]), max(first[1], last[1]))
                )
        elif tag == _DIMENSION:
            scan.dimension = shown(attrs.get("ref", ""), 30)

    def characters(data):
        nonlocal text, long
        if not column:
            return  # text outside a cell (white space between elements, a header or footer …)
        text += len(data)
        if long:
            return
        if text > text_limit or (shared and data.strip().isdigit() and int(data) in long_strings):
            long = True
            too_long.append(Problem(_too_long_text(limits, f"{column_letter(column)}{row}"), title, row))
            if len(too_long) >= 20:
                raise _Stop(too_long[-1])

    parser.StartElementHandler = start
    parser.CharacterDataHandler = characters
    try:
        stream_xml(archive, name, parser, title)
    except WorkbookInvalid as error:
        raise WorkbookInvalid(too_long + [problem for problem in error.problems if problem not in too_long]) from None
    if too_long:
        raise WorkbookInvalid(too_long)
    scan.cells, scan.last_column = cells, last_column
    return scan


def _column_of(letters: str) -> int:
    """A column's number from its letters (`XFD` → 16384); a malformed reference is a damaged file."""
    if not (1 <= len(letters) <= 3 and letters.isascii() and letters.isupper() and letters.isalpha()):
        raise _Stop(Problem(f"Ô “{shown(letters, 20)}…” không hợp lệ. {DAMAGED}"))
    return column_index(letters)


def _same_row(digits: str, row: int) -> bool:
    return digits.isascii() and digits.isdigit() and int(digits) == row
