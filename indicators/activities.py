"""The rules of activities that need no database (pure functions): what an activity's dates are called, how a
promised output is written and read (`3 lớp tập huấn; 150 người (90 nữ, 60 nam)`), which reporting periods an
activity falls in, what is late against its time window, and how achieved outputs are said in a sentence.

One rule, one place: the workbook, the pages, the report's section I and the dashboard all ask here.
"""

import re
from dataclasses import dataclass
from datetime import date

from indicators.models.activities import ActivityProgress, OutputKind, TimeWindow
from plans.numbers import format_number
from plans.periods import PeriodSpec
from plans.text import without_diacritics

# (month, day) of the first and last day of each named window.
ACTION_MONTH = ((11, 15), (12, 15))  # 15/11–15/12: the Action Month for gender equality
QUARTERS = {
    TimeWindow.QUARTER_1: ((1, 1), (3, 31)),
    TimeWindow.QUARTER_2: ((4, 1), (6, 30)),
    TimeWindow.QUARTER_3: ((7, 1), (9, 30)),
    TimeWindow.QUARTER_4: ((10, 1), (12, 31)),
}
WINDOW_DATES = {TimeWindow.ACTION_MONTH: ACTION_MONTH, TimeWindow.YEAR: ((1, 1), (12, 31)), **QUARTERS}
FINISHED = (ActivityProgress.DONE, ActivityProgress.DROPPED)


# ---------------------------------------------------------------- time windows


def window_dates(window: str, year: int) -> tuple[date, date]:
    """The dates of a named window in a year (not OTHER)."""
    (start_month, start_day), (end_month, end_day) = WINDOW_DATES[TimeWindow(window)]
    return date(year, start_month, start_day), date(year, end_month, end_day)


def time_window(start: date, end: date) -> str:
    """What the dates are called: the Action Month, a quarter, the whole year, or other dates."""
    if start.year == end.year:
        for window in WINDOW_DATES:
            if (start, end) == window_dates(window, start.year):
                return window
    return TimeWindow.OTHER


def window_text(start: date, end: date) -> str:
    """`Tháng hành động (15/11–15/12/2024)`, `Quý IV/2024`, `Cả năm 2024`, `20/03–28/06/2024`."""
    window = time_window(start, end)
    if window == TimeWindow.ACTION_MONTH:
        return f"Tháng hành động (15/11–15/12/{start.year})"
    if window == TimeWindow.YEAR:
        return f"Cả năm {start.year}"
    if window in QUARTERS:
        return f"{TimeWindow(window).label}/{start.year}"
    if start.year == end.year:
        return f"{start:%d/%m}–{end:%d/%m/%Y}"
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


def period_span(spec: PeriodSpec) -> tuple[date, date]:
    """The dates a reporting period covers: January–June, or the whole year."""
    return date(spec.year, 1, 1), spec.ends_on


def falls_in(start: date, end: date, spec: PeriodSpec) -> bool:
    """Whether an activity's window overlaps a reporting period (it is then reported in that period)."""
    first, last = period_span(spec)
    return start <= last and end >= first


def lateness(start: date, end: date, progress: str | None, reference: date) -> str:
    """What is late against the time window, judged at `reference` (today while the period runs; the day after it
    once it is over): an activity whose window ended before then and that is not done (nor dropped with a
    reason). "" when it is not late."""
    if progress in FINISHED or end >= reference:
        return ""
    return f"Quá hạn (hạn {end:%d/%m/%Y})"


# ---------------------------------------------------------------- promised outputs


def _words(text: str) -> tuple[str, ...]:
    return tuple(without_diacritics(text).casefold().split())


# Words that say what an output counts, matched word by word (without case or diacritics) at the start of its unit
# word: "tin bài" is a product, "tình nguyện viên" is not.
# Checked in this order (the first that fits wins), so "cuộc kiểm tra" is an inspection and "cuộc thi" an event.
_KIND_WORDS = [
    (
        OutputKind.INSPECTIONS,
        (
            "cuộc kiểm tra",
            "cuộc thanh tra",
            "cuộc giám sát",
            "đoàn kiểm tra",
            "đoàn giám sát",
            "đoàn thanh tra",
            "lượt kiểm tra",
            "kiểm tra",
            "thanh tra",
            "giám sát",
        ),
    ),
    (
        OutputKind.PARTICIPANTS,
        (
            "lượt người",
            "người",
            "học viên",
            "đại biểu",
            "cán bộ",
            "hội viên",
            "học sinh",
            "phụ nữ",
            "lượt",
            "thành viên",
            "giáo viên",
            "nạn nhân",
        ),
    ),
    (
        OutputKind.PRODUCTS,
        (
            "sản phẩm",
            "tin",
            "bài",
            "phóng sự",
            "video",
            "clip",
            "tờ rơi",
            "tờ gấp",
            "pano",
            "panô",
            "băng rôn",
            "áp phích",
            "ấn phẩm",
            "tài liệu",
            "sách",
            "chương trình phát thanh",
            "chuyên mục",
            "chuyên trang",
            "bản tin",
            "khẩu hiệu",
            "cuốn",
            "bộ tài liệu",
        ),
    ),
    (
        OutputKind.EVENTS,
        (
            "lớp",
            "hội nghị",
            "hội thảo",
            "tọa đàm",
            "toạ đàm",
            "buổi",
            "cuộc",
            "sự kiện",
            "chiến dịch",
            "đợt",
            "hoạt động",
            "lễ",
            "diễu hành",
            "triển lãm",
            "đối thoại",
            "hội thi",
            "giải",
            "chương trình",
            "phiên",
        ),
    ),
]
_KIND_KEYS = [(kind, tuple(_words(word) for word in words)) for kind, words in _KIND_WORDS]
_OUTPUT = re.compile(r"^(?P<quantity>\d{1,3}(?:\.\d{3})+|\d+)\s+(?P<label>[^()]+?)\s*(?:\((?P<sexes>[^()]*)\))?$")
_SEX = re.compile(
    r"^(?:(?P<n1>\d{1,3}(?:\.\d{3})+|\d+)\s*(?P<w1>nữ|nam)|(?P<w2>nữ|nam)\s*:?\s*(?P<n2>\d{1,3}(?:\.\d{3})+|\d+))$"
)
MAX_QUANTITY = 2_000_000_000  # what the database's positive integer holds
LABEL_MAX_LENGTH = 100


class OutputsInvalid(ValueError):
    """A promised output that cannot be read; the message is Vietnamese and quotes it."""


@dataclass(frozen=True)
class PromisedOutput:
    kind: str
    label: str
    quantity: int
    women: int | None = None
    men: int | None = None

    @property
    def text(self) -> str:
        """As the workbook writes it, read back unchanged by read_outputs."""
        text = f"{format_number(self.quantity)} {self.label}"
        sexes = []
        if self.women is not None:
            sexes.append(f"{format_number(self.women)} nữ")
        if self.men is not None:
            sexes.append(f"{format_number(self.men)} nam")
        return f"{text} ({', '.join(sexes)})" if sexes else text


def output_kind(label: str) -> str:
    """What a unit word counts: `lớp tập huấn` → events, `người` → participants; OTHER when no word fits."""
    words = _words(label)
    for kind, keywords in _KIND_KEYS:
        if any(words[: len(keyword)] == keyword for keyword in keywords):
            return kind
    return OutputKind.OTHER


def _count(text: str) -> int:
    value = int(text.replace(".", ""))
    if value > MAX_QUANTITY:
        raise OutputsInvalid(f"số “{text}” quá lớn")
    return value


def read_outputs(text: str) -> list[PromisedOutput]:
    """`3 lớp tập huấn; 150 người (90 nữ, 60 nam)` → outputs. Counts are whole numbers (`1.200` is twelve hundred);
    numbers of women and men, in brackets, only for people, and they add up when both are given.
    Raises OutputsInvalid naming the part that cannot be read."""
    outputs = []
    for part in (piece.strip() for piece in re.split(r"[;\n]", text or "")):
        if not part:
            continue
        match = _OUTPUT.match(part)
        if match is None:
            raise OutputsInvalid(
                f"không đọc được “{part[:60]}”: ghi số lượng rồi đơn vị, các đầu ra cách nhau bằng dấu “;” "
                "(ví dụ “3 lớp tập huấn; 150 người (90 nữ, 60 nam)”)"
            )
        label = " ".join(match["label"].split())
        if len(label) > LABEL_MAX_LENGTH:
            raise OutputsInvalid(f"đơn vị “{label[:60]}…” dài quá {LABEL_MAX_LENGTH} ký tự")
        quantity = _count(match["quantity"])
        kind = output_kind(label)
        women = men = None
        if match["sexes"] is not None:
            if kind != OutputKind.PARTICIPANTS:
                raise OutputsInvalid(f"“{part[:60]}”: chỉ đầu ra là người mới ghi số nữ, số nam trong ngoặc")
            for piece in (p.strip() for p in match["sexes"].split(",")):
                sex = _SEX.match(piece.lower()) if piece else None
                if sex is None:
                    raise OutputsInvalid(f"“{part[:60]}”: trong ngoặc ghi số nữ, số nam, ví dụ “(90 nữ, 60 nam)”")
                word, number = sex["w1"] or sex["w2"], _count(sex["n1"] or sex["n2"])
                if (women if word == "nữ" else men) is not None:
                    raise OutputsInvalid(f"“{part[:60]}”: số {word} ghi hai lần")
                if word == "nữ":
                    women = number
                else:
                    men = number
            if any(number is not None and number > quantity for number in (women, men)):
                raise OutputsInvalid(f"“{part[:60]}”: số nữ hoặc số nam lớn hơn tổng số {format_number(quantity)}")
            if women is not None and men is not None and women + men != quantity:
                raise OutputsInvalid(
                    f"“{part[:60]}”: {format_number(women)} nữ cộng {format_number(men)} nam không bằng "
                    f"tổng số {format_number(quantity)}"
                )
        outputs.append(PromisedOutput(kind, label, quantity, women, men))
    return outputs


def outputs_text(outputs) -> str:
    """Outputs (PromisedOutput or ActivityOutput rows) as the workbook's `Đầu ra dự kiến` cell."""
    return "; ".join(PromisedOutput(o.kind, o.label, o.quantity, o.women, o.men).text for o in outputs)


# ---------------------------------------------------------------- achieved outputs, in words


GENERIC_WORDS = {
    OutputKind.EVENTS: "sự kiện, hội nghị, lớp tập huấn",
    OutputKind.PRODUCTS: "sản phẩm truyền thông",
    OutputKind.INSPECTIONS: "cuộc kiểm tra, giám sát",
}


@dataclass(frozen=True)
class Achieved:
    """The outputs a report counts (None: not given)."""

    events: int | None = None
    women: int | None = None
    men: int | None = None
    products: int | None = None
    inspections: int | None = None

    @property
    def participants(self) -> int | None:
        if self.women is None and self.men is None:
            return None
        return (self.women or 0) + (self.men or 0)

    @property
    def is_empty(self) -> bool:
        return all(value is None for value in (self.events, self.women, self.men, self.products, self.inspections))


def _word_for(kind: str, promised: list) -> str:
    """The promised unit word when the plan gave exactly one output of this kind (`lớp tập huấn`), else the generic
    word of the kind."""
    labels = {output.label for output in promised if output.kind == kind}
    return labels.pop() if len(labels) == 1 else GENERIC_WORDS[kind]


def achieved_phrases(achieved: Achieved, promised=()) -> list[str]:
    """`3 lớp tập huấn`, `420 lượt người tham dự (265 nữ, 155 nam)`, `12 sản phẩm truyền thông` … (zeros left out)."""
    promised = list(promised)
    phrases = []
    if achieved.events:
        phrases.append(f"{format_number(achieved.events)} {_word_for(OutputKind.EVENTS, promised)}")
    if achieved.participants:
        sexes = []
        if achieved.women is not None:
            sexes.append(f"{format_number(achieved.women)} nữ")
        if achieved.men is not None:
            sexes.append(f"{format_number(achieved.men)} nam")
        phrases.append(f"{format_number(achieved.participants)} lượt người tham dự ({', '.join(sexes)})")
    if achieved.products:
        phrases.append(f"{format_number(achieved.products)} {_word_for(OutputKind.PRODUCTS, promised)}")
    if achieved.inspections:
        phrases.append(f"{format_number(achieved.inspections)} {_word_for(OutputKind.INSPECTIONS, promised)}")
    return phrases


def promised_by_kind(promised) -> dict[str, int]:
    """Promised quantities summed per kind (people are one kind whatever their word)."""
    totals: dict[str, int] = {}
    for output in promised:
        totals[output.kind] = totals.get(output.kind, 0) + output.quantity
    return totals
