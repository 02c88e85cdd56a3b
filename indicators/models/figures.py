from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.history import AuditedHistory
from plans.identifiers import INDICATOR_CODE_MAX_LENGTH, code_condition, code_validator
from plans.models import AdministrativeUnit, Agency, Goal, Plan, ReportingPeriod
from plans.numbers import format_value

NUMBER = {"max_digits": 18, "decimal_places": 4}


def figure_value(number, boolean, text):
    """A target's or figure's value, whichever of its fields holds it: a number, có/không, or a text (None if
    none does)."""
    if number is not None:
        return number
    if boolean is not None:
        return boolean
    return text or None


class Kind(models.TextChoices):
    PERCENT = "percent", _("Tỷ lệ")
    RATIO = "ratio", _("Tỷ số")
    COUNT = "count", _("Số lượng")
    BOOLEAN = "boolean", _("Có/không")
    TEXT = "text", _("Định tính")


NUMERIC_KINDS = (Kind.PERCENT, Kind.RATIO, Kind.COUNT)


class Direction(models.TextChoices):
    INCREASE = "increase", _("Tăng")
    DECREASE = "decrease", _("Giảm")
    MAINTAIN = "maintain", _("Duy trì")


class Indicator(models.Model):
    """One measured part of a plan's indicator (chỉ tiêu): `1.1`, `3.2a` …"""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="indicators")
    goal = models.ForeignKey(Goal, verbose_name=_("mục tiêu"), on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(
        _("mã chỉ tiêu"),
        max_length=INDICATOR_CODE_MAX_LENGTH,
        validators=[code_validator],
        help_text=_("Chữ không dấu, chữ số và các dấu . _ - (ví dụ 3.2a)."),
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    name = models.TextField(_("tên chỉ tiêu"))
    unit = models.CharField(_("đơn vị tính"), max_length=100, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    factor = models.DecimalField(_("hệ số"), default=1, **NUMBER)
    direction = models.CharField(_("hướng"), max_length=10, choices=Direction.choices, blank=True)
    baseline_value = models.DecimalField(_("giá trị cơ sở"), null=True, blank=True, **NUMBER)
    baseline_text = models.CharField(_("giá trị cơ sở (chữ)"), max_length=255, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("năm cơ sở"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    data_source = models.CharField(_("nguồn số liệu"), max_length=255, blank=True)
    reported_by_commune = models.BooleanField(
        _("báo cáo theo địa bàn"),
        default=False,
        help_text=_(
            "Số liệu nhập theo từng địa bàn trực thuộc (xã, phường); số của địa bàn cấp trên được cộng dồn "
            "nếu không nhập trực tiếp."
        ),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("chỉ tiêu giai đoạn trước"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_indicators",
        help_text=_("Chỉ tiêu của kế hoạch giai đoạn trước mà chỉ tiêu này tiếp nối."),
    )
    # Data quality (the review page flags figures that break these; nothing is refused because of them).
    change_threshold = models.DecimalField(
        _("ngưỡng thay đổi (%)"),
        null=True,
        blank=True,
        max_digits=7,
        decimal_places=2,
        help_text=_("Cảnh báo khi số liệu (hoặc mẫu số) thay đổi quá mức này so với cùng kỳ năm trước. Để trống: 30%."),
    )
    plausible_min = models.DecimalField(_("giá trị hợp lý thấp nhất"), null=True, blank=True, **NUMBER)
    plausible_max = models.DecimalField(_("giá trị hợp lý cao nhất"), null=True, blank=True, **NUMBER)

    history = AuditedHistory(verbose_name="lịch sử chỉ tiêu")

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="indicator_unique_code_in_plan",
                violation_error_message="Kế hoạch đã có chỉ tiêu với mã này.",
            ),
            models.CheckConstraint(
                condition=code_condition(),
                name="indicator_code_characters",
                violation_error_message="Mã chỉ tiêu chỉ gồm chữ không dấu, chữ số và các dấu . _ -",
            ),
            models.CheckConstraint(
                condition=Q(factor__gt=0),
                name="indicator_factor_positive",
                violation_error_message="Hệ số phải lớn hơn 0.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="percent") | Q(factor=100),
                name="indicator_percent_factor_100",
                violation_error_message="Chỉ tiêu loại tỷ lệ có hệ số 100.",
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=["boolean", "text"]) & Q(direction=""))
                | (Q(kind__in=["percent", "ratio", "count"]) & ~Q(direction="")),
                name="indicator_direction_fits_kind",
                violation_error_message="Chỉ tiêu định lượng cần hướng (tăng/giảm/duy trì); chỉ tiêu có/không và định tính để trống hướng.",
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True) | Q(baseline_text=""),
                name="indicator_one_baseline_form",
                violation_error_message="Giá trị cơ sở ghi bằng số hoặc bằng chữ, không cả hai.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="percent") | Q(baseline_value__isnull=True) | Q(baseline_value__range=(0, 100)),
                name="indicator_percent_baseline_0_100",
                violation_error_message="Giá trị cơ sở của chỉ tiêu tỷ lệ phải từ 0 đến 100.",
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True) | Q(baseline_value__gte=0),
                name="indicator_baseline_not_negative",
                violation_error_message="Giá trị cơ sở không được âm.",
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


class Target(models.Model):
    """A milestone: the value an indicator should reach by the end of a year."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("năm đạt"))
    value_number = models.DecimalField(_("giá trị"), null=True, blank=True, **NUMBER)
    value_bool = models.BooleanField(_("có/không"), null=True, blank=True)
    value_text = models.CharField(_("nội dung"), max_length=255, blank=True)

    history = AuditedHistory(verbose_name="lịch sử chỉ tiêu kế hoạch")

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="target_unique_year",
                violation_error_message="Chỉ tiêu đã có mốc kế hoạch cho năm này.",
            ),
            models.CheckConstraint(
                condition=(Q(value_number__isnull=False) & Q(value_bool__isnull=True) & Q(value_text=""))
                | (Q(value_number__isnull=True) & Q(value_bool__isnull=False) & Q(value_text=""))
                | (Q(value_number__isnull=True) & Q(value_bool__isnull=True) & ~Q(value_text="")),
                name="target_exactly_one_value",
                violation_error_message="Mốc kế hoạch cần đúng một giá trị: số, có/không hoặc chữ.",
            ),
            models.CheckConstraint(
                condition=Q(value_number__isnull=True) | Q(value_number__gte=0),
                name="target_not_negative",
                violation_error_message="Giá trị kế hoạch không được âm.",
            ),
        ]

    def __str__(self):
        return f"{self.display_value} ({self.year})"

    @property
    def value(self):
        return figure_value(self.value_number, self.value_bool, self.value_text)

    @property
    def display_value(self) -> str:
        return format_value(self.value)


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATING = "coordinating", _("Phối hợp")
    DATA_PROVIDER = "data_provider", _("Cung cấp số liệu")


class Assignment(models.Model):
    """An agency's responsibility for an indicator, possibly for a part of it only (scope note)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="assignments"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=AssignmentRole.choices)
    scope_note = models.CharField(_("phạm vi"), max_length=255, blank=True)

    history = AuditedHistory(verbose_name="lịch sử phân công")

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["indicator", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "agency", "role"],
                name="assignment_unique_role",
                violation_error_message="Cơ quan này đã được phân công vai trò này cho chỉ tiêu.",
            ),
        ]

    def __str__(self):
        scope = f" ({self.scope_note})" if self.scope_note else ""
        return f"{self.agency} — {self.get_role_display()}{scope}"


class ValueStatus(models.TextChoices):
    """A figure's workflow. "Chưa nhập" (not entered) is the absence of a DataValue."""

    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Bị trả lại")


class DataValue(models.Model):
    """The figure of an indicator for a period and an administrative unit (the territory or a commune)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="values"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="values"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="values"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="values",
    )
    value_number = models.DecimalField(_("giá trị"), null=True, blank=True, **NUMBER)
    value_bool = models.BooleanField(_("có/không"), null=True, blank=True)
    value_text = models.TextField(_("nội dung"), blank=True)
    numerator = models.DecimalField(_("tử số"), null=True, blank=True, **NUMBER)
    denominator = models.DecimalField(_("mẫu số"), null=True, blank=True, **NUMBER)
    note = models.TextField(_("giải trình"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("lúc nhập"))
    entered_on_behalf = models.BooleanField(_("điều phối nhập thay"), default=False)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    review_note = models.TextField(_("ý kiến của điều phối"), blank=True)

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        ordering = ["indicator", "period", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "unit"],
                name="value_unique_per_indicator_period_unit",
                violation_error_message="Chỉ tiêu đã có số liệu cho kỳ và địa bàn này.",
            ),
            models.CheckConstraint(
                condition=Q(value_number__isnull=True) | Q(value_number__gte=0),
                name="value_not_negative",
                violation_error_message="Giá trị không được âm.",
            ),
            models.CheckConstraint(
                condition=(Q(numerator__isnull=True) & Q(denominator__isnull=True))
                | (Q(numerator__gte=0) & Q(denominator__gt=0)),
                name="value_numerator_and_positive_denominator",
                violation_error_message="Cần cả tử số (không âm) và mẫu số (lớn hơn 0).",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="value_version_positive"),
        ]

    def __str__(self):
        return f"{self.indicator.code} · {self.period.label} · {self.unit.name}"

    @property
    def value(self):
        return figure_value(self.value_number, self.value_bool, self.value_text)


class ValueAction(models.TextChoices):
    SAVED = "saved", _("Lưu nháp")
    SUBMITTED = "submitted", _("Gửi duyệt")
    APPROVED = "approved", _("Duyệt")
    RETURNED = "returned", _("Trả lại")
    UNAPPROVED = "unapproved", _("Bỏ duyệt")
    IMPORTED = "imported", _("Nhập từ tệp")


class ValueChange(models.Model):
    """One change of a figure, kept for ever: who, when, old → new, status, note and where it came from."""

    data_value = models.ForeignKey(DataValue, on_delete=models.PROTECT, related_name="changes")
    changed_at = models.DateTimeField(_("lúc"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("thao tác"), max_length=12, choices=ValueAction.choices)
    status_before = models.CharField(_("trạng thái trước"), max_length=10, blank=True)
    status_after = models.CharField(_("trạng thái sau"), max_length=10)
    old = models.JSONField(_("trước"), default=dict)
    new = models.JSONField(_("sau"), default=dict)
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    on_behalf = models.BooleanField(_("nhập thay cơ quan"), default=False)

    class Meta:
        verbose_name = _("lịch sử số liệu")
        verbose_name_plural = _("lịch sử số liệu")
        ordering = ["data_value", "changed_at", "pk"]
        indexes = [
            # The latest change that touched an approved figure, at once (indicators.freshness).
            models.Index(
                fields=["id"],
                condition=Q(status_before=ValueStatus.APPROVED.value) | Q(status_after=ValueStatus.APPROVED.value),
                name="valuechange_approved_touch",
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} · {self.changed_at:%d/%m/%Y %H:%M}"


class PeriodReopening(models.Model):
    """A coordinator reopened a locked period, for one agency or (agency empty) for all, until a date."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reopenings")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    until = models.DateField(_("mở đến ngày"))
    note = models.TextField(_("lý do"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("lúc"))

    history = AuditedHistory(verbose_name="lịch sử mở lại kỳ báo cáo")

    class Meta:
        verbose_name = _("mở lại kỳ báo cáo")
        verbose_name_plural = _("mở lại kỳ báo cáo")
        ordering = ["period", "-created_at"]

    def __str__(self):
        return f"{self.period.label}: mở lại cho {self.agency or 'mọi cơ quan'} đến {self.until:%d/%m/%Y}"


class Notification(models.Model):
    """A notice of one event to one person: shown in the app (Thông báo) and, when the person has an email address,
    mailed once. The unique key names the event and the person, so neither is ever made twice."""

    key = models.CharField(max_length=200, unique=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.CharField(_("nội dung"), max_length=500, blank=True)
    link = models.CharField(_("đường dẫn"), max_length=300, blank=True)  # a path inside the app, or empty
    created_at = models.DateTimeField(_("lúc"))
    emailed_at = models.DateTimeField(_("gửi thư lúc"), null=True, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_unread")]

    def __str__(self):
        return self.subject
