"""What a year's work stores: the annual work plan under a multi-year plan, its themes and activities (each led by
one agency, with others coordinating, in a time window, serving indicators, promising outputs), and what agencies
report of them each reporting period, reviewed as figures are (draft, submitted, approved, returned), with evidence
files and an audit trail of every change."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from indicators.models.figures import Indicator, ValueAction, ValueStatus
from plans.identifiers import INDICATOR_CODE_MAX_LENGTH, PLAN_CODE_MAX_LENGTH, code_condition, code_validator
from plans.models import Agency, Plan, ReportingPeriod

ACTIVITY_NAME_MAX_LENGTH = 1000


class TimeWindow(models.TextChoices):
    """What an activity's dates are, as officials say it (derived from the dates; see indicators.activities)."""

    ACTION_MONTH = "action_month", _("Tháng hành động (15/11–15/12)")
    QUARTER_1 = "q1", _("Quý I")
    QUARTER_2 = "q2", _("Quý II")
    QUARTER_3 = "q3", _("Quý III")
    QUARTER_4 = "q4", _("Quý IV")
    YEAR = "year", _("Cả năm")
    OTHER = "other", _("Thời gian khác")


class OutputKind(models.TextChoices):
    """What an activity's output counts."""

    EVENTS = "events", _("Sự kiện, hội nghị, lớp tập huấn")
    PARTICIPANTS = "participants", _("Người tham dự")
    PRODUCTS = "products", _("Sản phẩm truyền thông")
    INSPECTIONS = "inspections", _("Cuộc kiểm tra, giám sát")
    OTHER = "other", _("Khác")


class ActivityProgress(models.TextChoices):
    """How far an activity has come, as its agency reports it."""

    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang triển khai")
    DONE = "done", _("Đã hoàn thành")
    DROPPED = "dropped", _("Không thực hiện")


class WorkPlan(models.Model):
    """A year's plan under a multi-year plan (kế hoạch năm): Hớn Quản's 2024 plan for the Action Month."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch giai đoạn"), on_delete=models.CASCADE, related_name="work_plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    code = models.CharField(
        _("mã kế hoạch năm"),
        max_length=PLAN_CODE_MAX_LENGTH,
        unique=True,
        validators=[code_validator],
        help_text=_("Chữ không dấu, chữ số và các dấu . _ - (ví dụ HONQUAN-2024)."),
    )
    document_number = models.CharField(_("số hiệu"), max_length=100, blank=True)
    title = models.CharField(_("tên kế hoạch năm"), max_length=500)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255)
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)

    class Meta:
        verbose_name = _("kế hoạch năm")
        verbose_name_plural = _("kế hoạch năm")
        ordering = ["plan", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"],
                name="work_plan_unique_year",
                violation_error_message="Kế hoạch giai đoạn đã có kế hoạch năm của năm này.",
            ),
            models.CheckConstraint(
                condition=code_condition(),
                name="work_plan_code_characters",
                violation_error_message="Mã kế hoạch năm chỉ gồm chữ không dấu, chữ số và các dấu . _ -",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1945, year__lte=2100),
                name="work_plan_year_plausible",
                violation_error_message="Năm của kế hoạch năm phải trong khoảng 1945–2100.",
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"


class Theme(models.Model):
    """A group of tasks of a work plan (nhóm nhiệm vụ): communication, capacity building, inspection …"""

    work_plan = models.ForeignKey(
        WorkPlan, verbose_name=_("kế hoạch năm"), on_delete=models.CASCADE, related_name="themes"
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("nhóm nhiệm vụ"), max_length=500)
    name_key = models.CharField(max_length=500, editable=False)

    class Meta:
        verbose_name = _("nhóm nhiệm vụ")
        verbose_name_plural = _("nhóm nhiệm vụ")
        ordering = ["work_plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_plan", "name_key"],
                name="theme_unique_name_in_work_plan",
                violation_error_message="Kế hoạch năm đã có nhóm nhiệm vụ cùng tên.",
            ),
        ]

    def __str__(self):
        return self.name


class Activity(models.Model):
    """One task of a work plan, given to one lead agency with others coordinating, in a time window."""

    work_plan = models.ForeignKey(
        WorkPlan, verbose_name=_("kế hoạch năm"), on_delete=models.CASCADE, related_name="activities"
    )
    # RESTRICT: a theme with activities cannot be deleted alone, but goes with its work plan.
    theme = models.ForeignKey(
        Theme, verbose_name=_("nhóm nhiệm vụ"), on_delete=models.RESTRICT, related_name="activities"
    )
    code = models.CharField(
        _("mã hoạt động"),
        max_length=INDICATOR_CODE_MAX_LENGTH,
        validators=[code_validator],
        help_text=_("Duy nhất trong kế hoạch năm, ví dụ 1.1, 3.2."),
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    name = models.TextField(_("tên hoạt động"), max_length=ACTIVITY_NAME_MAX_LENGTH)
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="led_activities"
    )
    coordinating_agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan phối hợp"), blank=True, related_name="coordinated_activities"
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("chỉ tiêu liên quan"), blank=True, related_name="activities"
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["work_plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_plan", "code"],
                name="activity_unique_code_in_work_plan",
                violation_error_message="Kế hoạch năm đã có hoạt động với mã này.",
            ),
            models.CheckConstraint(
                condition=code_condition(),
                name="activity_code_characters",
                violation_error_message="Mã hoạt động chỉ gồm chữ không dấu, chữ số và các dấu . _ -",
            ),
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")),
                name="activity_dates_in_order",
                violation_error_message="“Từ ngày” không được sau “Đến ngày”.",
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"


class ActivityOutput(models.Model):
    """An output an activity promises: `3 lớp tập huấn`, `150 người (90 nữ, 60 nam)`."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("hoạt động"), on_delete=models.CASCADE, related_name="outputs"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại đầu ra"), max_length=20, choices=OutputKind.choices)
    label = models.CharField(_("đơn vị đếm"), max_length=100, help_text=_("Như kế hoạch ghi: lớp tập huấn, người …"))
    quantity = models.PositiveIntegerField(_("số lượng"))
    women = models.PositiveIntegerField(_("trong đó nữ"), null=True, blank=True)
    men = models.PositiveIntegerField(_("trong đó nam"), null=True, blank=True)

    class Meta:
        verbose_name = _("đầu ra dự kiến")
        verbose_name_plural = _("đầu ra dự kiến")
        ordering = ["activity", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="participants") | (Q(women__isnull=True) & Q(men__isnull=True)),
                name="output_sexes_only_for_people",
                violation_error_message="Chỉ đầu ra là người mới ghi số nữ, số nam.",
            ),
            models.CheckConstraint(
                condition=Q(women__isnull=True) | Q(women__lte=F("quantity")),
                name="output_women_within_quantity",
                violation_error_message="Số nữ không được lớn hơn tổng số.",
            ),
            models.CheckConstraint(
                condition=Q(men__isnull=True) | Q(men__lte=F("quantity")),
                name="output_men_within_quantity",
                violation_error_message="Số nam không được lớn hơn tổng số.",
            ),
            models.CheckConstraint(
                condition=Q(women__isnull=True) | Q(men__isnull=True) | Q(quantity=F("women") + F("men")),
                name="output_sexes_add_up",
                violation_error_message="Số nữ cộng số nam phải bằng tổng số.",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} {self.label}"


class ActivityReport(models.Model):
    """What an agency reports of an activity for a reporting period, reviewed as a figure is."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("hoạt động"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="activity_reports"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan báo cáo"), on_delete=models.PROTECT, related_name="activity_reports"
    )
    progress = models.CharField(_("tiến độ"), max_length=20, choices=ActivityProgress.choices)
    reason = models.TextField(_("lý do không thực hiện"), blank=True)
    account = models.TextField(_("kết quả thực hiện"), blank=True)
    events = models.PositiveIntegerField(_("số sự kiện, hội nghị, lớp"), null=True, blank=True)
    women = models.PositiveIntegerField(_("người tham dự nữ"), null=True, blank=True)
    men = models.PositiveIntegerField(_("người tham dự nam"), null=True, blank=True)
    products = models.PositiveIntegerField(_("số sản phẩm truyền thông"), null=True, blank=True)
    inspections = models.PositiveIntegerField(_("số cuộc kiểm tra, giám sát"), null=True, blank=True)
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
        verbose_name = _("báo cáo hoạt động")
        verbose_name_plural = _("báo cáo hoạt động")
        ordering = ["activity", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "period"],
                name="activity_report_unique_per_period",
                violation_error_message="Hoạt động đã có báo cáo của kỳ này.",
            ),
            models.CheckConstraint(
                condition=~Q(progress="dropped") | ~Q(reason=""),
                name="activity_report_dropped_has_reason",
                violation_error_message="Hoạt động không thực hiện cần ghi lý do.",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="activity_report_version_positive"),
        ]

    def __str__(self):
        return f"{self.activity.code} · {self.period.label}"

    @property
    def participants(self) -> int | None:
        if self.women is None and self.men is None:
            return None
        return (self.women or 0) + (self.men or 0)


class ActivityEvidence(models.Model):
    """A file proving what was reported (a PDF, a photo, a Word document). Stored under MEDIA_ROOT with a name nobody
    can guess, served only through a view that checks who asks."""

    report = models.ForeignKey(
        ActivityReport, verbose_name=_("báo cáo hoạt động"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("tệp"), max_length=200)
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("lúc tải lên"))

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self):
        return self.name


class ActivityReportChange(models.Model):
    """One change of an activity report, kept for ever: who, when, old → new, status, note."""

    report = models.ForeignKey(ActivityReport, on_delete=models.PROTECT, related_name="changes")
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
    on_behalf = models.BooleanField(_("nhập thay cơ quan"), default=False)

    class Meta:
        verbose_name = _("lịch sử báo cáo hoạt động")
        verbose_name_plural = _("lịch sử báo cáo hoạt động")
        ordering = ["report", "changed_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.changed_at:%d/%m/%Y %H:%M}"
