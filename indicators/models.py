from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import Agency, Goal, Plan

NUMBER = {"max_digits": 18, "decimal_places": 4}


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
    code = models.CharField(_("mã chỉ tiêu"), max_length=20)
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
        if self.value_number is not None:
            return self.value_number
        if self.value_bool is not None:
            return self.value_bool
        return self.value_text

    @property
    def display_value(self) -> str:
        from plans.numbers import format_value

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
