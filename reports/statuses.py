"""How progress statuses read and look (DESIGN.md 6): the Vietnamese label, the colour, and what each means.

The engine (reports.progress) only decides the status; every page, chart and report names and colours it here.
"""

from reports.progress import (
    ACHIEVED,
    DETERIORATION,
    INSUFFICIENT_DATA,
    LIMITED_PROGRESS,
    NEEDS_ACCELERATION,
    NO_DATA,
    NOT_ACHIEVED,
    NOT_APPLICABLE,
    ON_TRACK,
    STATUS_ORDER,
)

STATUS_LABELS = {
    ACHIEVED: "Đạt",
    ON_TRACK: "Đúng tiến độ",
    NEEDS_ACCELERATION: "Cần đẩy nhanh",
    LIMITED_PROGRESS: "Chậm tiến độ",
    DETERIORATION: "Thụt lùi",
    NOT_ACHIEVED: "Không đạt",
    INSUFFICIENT_DATA: "Chưa đủ cơ sở đánh giá",
    NO_DATA: "Chưa có số liệu",
    NOT_APPLICABLE: "Không định lượng",
}
STATUS_COLOURS = {
    ACHIEVED: "#1a7f37",
    ON_TRACK: "#7cc67e",
    NEEDS_ACCELERATION: "#f2b705",
    LIMITED_PROGRESS: "#f28c28",
    DETERIORATION: "#d64545",
    NOT_ACHIEVED: "#8b1a1a",
    INSUFFICIENT_DATA: "#9aa5b1",
    NO_DATA: "#d9e2ec",
    NOT_APPLICABLE: "#ffffff",
}
# (status, label, colour) in the order of DESIGN.md 6: legends, summaries and charts list them so.
STATUSES = [(status, STATUS_LABELS[status], STATUS_COLOURS[status]) for status in STATUS_ORDER]
# What each verdict means, in one line: the legend beside every chart and table of verdicts.
STATUS_MEANINGS = {
    ACHIEVED: "Kết quả đã bằng hoặc vượt chỉ tiêu kế hoạch.",
    ON_TRACK: "Mức cải thiện từ 95% trở lên so với mức cần đạt theo thời gian đã qua.",
    NEEDS_ACCELERATION: "Mức cải thiện bằng 60% đến dưới 95% mức cần đạt theo thời gian đã qua.",
    LIMITED_PROGRESS: "Mức cải thiện dưới 60% mức cần đạt theo thời gian đã qua.",
    DETERIORATION: "Kết quả kém hơn mức cơ sở (năm cơ sở, hoặc kỳ đầu tiên có số liệu).",
    NOT_ACHIEVED: "Đã đến năm phải đạt mà kết quả chưa đạt chỉ tiêu.",
    INSUFFICIENT_DATA: "Chưa có mức cơ sở hay kỳ số liệu trước đó để so sánh.",
    NO_DATA: "Chưa có số liệu đã duyệt đến kỳ này.",
    NOT_APPLICABLE: "Chỉ tiêu định tính, không tính tiến độ bằng số.",
}


def _tint(colour: str, white_share: float) -> str:
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    mixed = (round(c + (255 - c) * white_share) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in mixed)


# The fills of printed tables (Word, Excel, the printed page): light tints of the colours, so that the black label in
# the cell stays legible on a black-and-white printer; the label, not the shade, tells the verdicts apart.
STATUS_PRINT_FILLS = {status: _tint(colour, 0.6) for status, colour in STATUS_COLOURS.items()}
# (status, label, colour, meaning): the legend of the verdicts.
STATUS_LEGEND = [(status, label, colour, STATUS_MEANINGS[status]) for status, label, colour in STATUSES]
