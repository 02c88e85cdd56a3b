"""What every reviewed thing shares (figures, activity reports): the review's transitions and their rules, and the
words of the refusals. One vocabulary (ValueStatus, ValueAction), one set of rules, one way of saying them."""

from django.utils import timezone

from indicators.models import ValueAction, ValueStatus
from plans.models import ReportingPeriod, User

# action: (status after, statuses it applies to)
REVIEW_RULES = {
    ValueAction.APPROVED: (ValueStatus.APPROVED, (ValueStatus.SUBMITTED,)),
    ValueAction.RETURNED: (ValueStatus.RETURNED, (ValueStatus.SUBMITTED,)),
    ValueAction.UNAPPROVED: (ValueStatus.SUBMITTED, (ValueStatus.APPROVED,)),
}
# A submission or a draft may change what is not yet approved.
EDITABLE = (ValueStatus.DRAFT, ValueStatus.RETURNED, ValueStatus.SUBMITTED)


class ValueRuleError(Exception):
    """A change the workflow forbids; the message is Vietnamese and says what to do."""


class StaleValue(ValueRuleError):
    """The thing changed since the user saw it."""


def review_note_problem(action: str, note: str) -> str | None:
    """A return and an un-approval need a note (what to fix, why)."""
    if action == ValueAction.RETURNED and not note.strip():
        return "Cần ghi lý do trả lại để cơ quan biết phải sửa gì."
    if action == ValueAction.UNAPPROVED and not note.strip():
        return "Cần ghi lý do bỏ duyệt."
    return None


def review_status_problem(action: str, status: str, what: str, noun: str) -> str | None:
    """Why `action` cannot apply to something in `status` (`what`: "Số liệu 1.1 (Bắc Yên)", `noun`: "số liệu"),
    or None."""
    allowed_from = REVIEW_RULES[action][1]
    if status in allowed_from:
        return None
    labels = ", ".join(str(ValueStatus(s).label).lower() for s in allowed_from)
    return (
        f"{what} đang ở trạng thái “{ValueStatus(status).label}”; "
        f"chỉ {ValueAction(action).label.lower()} được {noun} {labels}."
    )


def person_name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else "người khác"


def changed_meanwhile(what: str, who: User | None, when) -> str:
    """A stale save: who changed it, and when; nothing was overwritten."""
    return (
        f"{what} vừa được {person_name(who)} thay đổi lúc {timezone.localtime(when):%H:%M %d/%m/%Y}. "
        "Không có gì bị ghi đè: hãy tải lại trang để xem bản mới."
    )


def period_locked(period: ReportingPeriod, who: str) -> str:
    return (
        f"kỳ {period.words} đã khóa (hoặc chưa mở) với {who}; đề nghị điều phối mở lại kỳ báo cáo "
        "(áp dụng cho mọi dòng của kỳ này)."
    )
