"""Build plan workbooks in tests: start from a valid one and break it in one place."""

from io import BytesIO

from openpyxl import Workbook, load_workbook

from indicators.workbooks.plan import INDICATOR_COLUMNS

PLAN_VALUES = {
    "Mã kế hoạch": "THU-2026-2030",
    "Số hiệu": "12/KH-UBND",
    "Tên kế hoạch": "Kế hoạch thực hiện bình đẳng giới giai đoạn 2026-2030 trên địa bàn xã Thử Nghiệm",
    "Cơ quan ban hành": "Ủy ban nhân dân xã Thử Nghiệm",
    "Địa bàn": "Thử Nghiệm",
    "Cấp địa bàn": "xã",
    "Địa bàn cấp trên": "tỉnh Lai Châu",
    "Ngày ban hành": "15/01/2026",
    "Năm bắt đầu": 2026,
    "Năm kết thúc": 2030,
    "Hạn báo cáo 6 tháng": "05/06",
    "Hạn báo cáo năm": "05/12",
    "Kế hoạch cấp trên": None,
}
HEADERS = [header for _, header, _ in INDICATOR_COLUMNS]
# One row per kind and direction, with Vietnamese number forms, several agencies, a scope and a 2030 milestone.
INDICATOR_ROWS = [
    {
        "Mục tiêu": 1,
        "Tên mục tiêu": "Chính trị",
        "Mã chỉ tiêu": "1.1",
        "Tên chỉ tiêu": "Tỷ lệ nữ lãnh đạo chủ chốt",
        "Đơn vị tính": "%",
        "Loại": "tỷ lệ",
        "Hướng": "tăng",
        "Giá trị cơ sở": "15,38",
        "Năm cơ sở": 2025,
        "Chỉ tiêu kế hoạch": "25%",
        "Năm đạt": 2028,
        "Cơ quan chủ trì": "Văn phòng HĐND và UBND xã",
        "Cơ quan phối hợp": "Hội Liên hiệp Phụ nữ xã; Đoàn Thanh niên xã",
        "Chỉ tiêu 2030": 35,
    },
    {
        "Mục tiêu": 1,
        "Mã chỉ tiêu": "1.2",
        "Tên chỉ tiêu": "Số nữ đại biểu được tập huấn",
        "Đơn vị tính": "người",
        "Loại": "số lượng",
        "Hướng": "tăng",
        "Chỉ tiêu kế hoạch": 40,
        "Năm đạt": 2030,
        "Cơ quan chủ trì": "Văn phòng HĐND và UBND xã",
    },
    {
        "Mục tiêu": 2,
        "Tên mục tiêu": "Y tế",
        "Mã chỉ tiêu": "2.1",
        "Tên chỉ tiêu": "Tỷ số giới tính khi sinh",
        "Đơn vị tính": "bé trai/100 bé gái",
        "Loại": "tỷ số",
        "Hệ số": 100,
        "Hướng": "giảm",
        "Giá trị cơ sở": 116.5,
        "Năm cơ sở": 2025,
        "Chỉ tiêu kế hoạch": "111,5",
        "Năm đạt": 2030,
        "Cơ quan chủ trì": "Trạm Y tế xã",
        "Cơ quan cung cấp số liệu": "Công an xã (số liệu khai sinh)",
    },
    {
        "Mục tiêu": 2,
        "Mã chỉ tiêu": "2.2",
        "Tên chỉ tiêu": "Duy trì tỷ lệ phụ nữ được khám thai",
        "Đơn vị tính": "%",
        "Loại": "tỷ lệ",
        "Hướng": "duy trì",
        "Chỉ tiêu kế hoạch": 95,
        "Năm đạt": 2030,
        "Cơ quan chủ trì": "Trạm Y tế xã",
    },
    {
        "Mục tiêu": 3,
        "Tên mục tiêu": "Quản lý nhà nước",
        "Mã chỉ tiêu": "3.1",
        "Tên chỉ tiêu": "Có địa chỉ tin cậy tại cộng đồng",
        "Loại": "có/không",
        "Chỉ tiêu kế hoạch": "có",
        "Năm đạt": 2027,
        "Cơ quan chủ trì": "Phòng Văn hóa - Xã hội",
    },
    {
        "Mục tiêu": 3,
        "Mã chỉ tiêu": "3.2",
        "Tên chỉ tiêu": "Bố trí cán bộ làm công tác bình đẳng giới",
        "Loại": "định tính",
        "Chỉ tiêu kế hoạch": "Bố trí đủ cán bộ",
        "Năm đạt": 2026,
        "Cơ quan chủ trì": "phòng văn hóa -  xã hội",
        "Ghi chú": "=không phải công thức",
    },
]


def plan_workbook(plan=None, rows=None, headers=None, *, extra=None) -> Workbook:
    """A valid plan workbook (a commune plan of 2026–2030) unless the arguments break it."""
    plan = dict(PLAN_VALUES if plan is None else plan)
    rows = INDICATOR_ROWS if rows is None else rows
    headers = (HEADERS + ["Chỉ tiêu 2030"]) if headers is None else headers
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kế hoạch"
    sheet.append(["Trường thông tin", "Giá trị"])
    for label, value in plan.items():
        sheet.append([label, value])
    sheet = workbook.create_sheet("Chỉ tiêu")
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    for row in sheet.iter_rows():  # user text that looks like a formula must stay text
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    if extra:
        extra(workbook)
    return workbook


def to_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_values(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values: what a user sees when opening the file."""
    workbook = load_workbook(BytesIO(data))
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


VALUES_HEADERS = ["Mã kế hoạch", "Mã chỉ tiêu", "Kỳ báo cáo", "Địa bàn", "Giá trị", "Tử số", "Mẫu số", "Ghi chú"]


def value_row(
    indicator, period, value=None, *, unit=None, numerator=None, denominator=None, note=None, plan="BACYEN-2021-2025"
):
    """One row of a values workbook (DESIGN.md 7.3), by header."""
    return dict(zip(VALUES_HEADERS, [plan, indicator, period, unit, value, numerator, denominator, note], strict=True))


def values_book(rows, headers=None, extra=None, title="Số liệu") -> bytes:
    """A values workbook of these rows; user text that looks like a formula stays text."""
    headers = VALUES_HEADERS if headers is None else headers
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(header) for header in headers])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    if extra:
        extra(workbook)
    return to_bytes(workbook)


def workbook_with_cell(data: bytes, sheet: str, cell: str, value) -> bytes:
    """The same workbook with one cell changed (a user's edit of an exported workbook)."""
    book = load_workbook(BytesIO(data))
    book[sheet][cell] = value
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
