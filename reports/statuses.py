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
