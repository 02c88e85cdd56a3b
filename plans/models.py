from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.history import AuditedHistory, UserHistory
from plans.identifiers import PLAN_CODE_MAX_LENGTH, code_condition, code_validator
from plans.periods import PeriodSpec


class UnitLevel(models.TextChoices):
    NATIONAL = "national", _("Quốc gia")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã")


class AdministrativeUnit(models.Model):
    """The nation, a province, a district or a commune. Levels and names are data: the 2025 reform changed both.

    A unit's parent is of a higher level (quốc gia > tỉnh > huyện > xã), so a unit has at most one ancestor per
    level; those ancestors are kept on the row (`*_ancestor`, maintained by plans.services.units_refresh_tree) so
    that "every unit inside this one" and the roll-up are plain equality joins in the database.
    """

    name = models.CharField(_("tên"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False)
    code = models.CharField(
        _("mã hành chính"),
        max_length=20,
        blank=True,
        help_text=_("Mã đơn vị hành chính chính thức: 2 chữ số cho tỉnh (14), 5 chữ số cho xã (03646)."),
    )
    level = models.CharField(_("cấp"), max_length=20, choices=UnitLevel.choices)
    type_word = models.CharField(
        _("loại đơn vị"),
        max_length=40,
        blank=True,
        help_text=_("Cách gọi trước tên: tỉnh, thành phố, huyện, quận, thị xã, xã, phường, thị trấn, đặc khu."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("địa bàn cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_until = models.DateField(
        _("hiệu lực đến ngày"),
        null=True,
        blank=True,
        help_text=_(
            "Địa bàn đã giải thể hoặc sáp nhập (ví dụ các huyện đến 30/06/2025) vẫn được giữ cho các kế hoạch cũ."
        ),
    )
    national_ancestor = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    province_ancestor = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    district_ancestor = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code="") & Q(valid_until__isnull=True),
                name="unit_unique_current_code",
                violation_error_message="Đã có địa bàn đang hiệu lực mang mã hành chính này.",
            ),
            models.UniqueConstraint(
                fields=["parent", "level", "name_key"],
                condition=Q(parent__isnull=False),
                name="unit_unique_name_under_parent",
                violation_error_message="Đã có địa bàn cùng tên, cùng cấp thuộc địa bàn cấp trên này.",
            ),
            models.UniqueConstraint(
                fields=["level", "name_key"],
                condition=Q(parent__isnull=True),
                name="unit_unique_top_level_name",
                violation_error_message="Đã có địa bàn cùng tên, cùng cấp.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def label(self) -> str:
        """As a sentence names it: "xã Bắc Yên", "phường Hoàn Kiếm", "tỉnh Sơn La", "Việt Nam"."""
        if self.level == UnitLevel.NATIONAL:
            return self.name
        return f"{self.type_word or self.get_level_display().lower()} {self.name}"

    @property
    def title(self) -> str:
        """As a heading names it: "Xã Bắc Yên", "Thành phố Hà Nội", "Việt Nam"."""
        label = self.label
        return label[:1].upper() + label[1:]

    @property
    def reference(self) -> str:
        """How a page's link names the unit (the `unit=` parameter, as the API reads it): its official code, or
        `id:<n>` for a unit without one."""
        return self.code or f"id:{self.pk}"

    def ancestor_ids(self) -> list[int]:
        """The ids of the units above this one, highest first."""
        return [pk for pk in (self.national_ancestor_id, self.province_ancestor_id, self.district_ancestor_id) if pk]


class Agency(models.Model):
    """An agency (cơ quan) of a territory: Phòng Nội vụ, Trung tâm Y tế, UBND xã …"""

    name = models.CharField(_("tên cơ quan"), max_length=255)
    name_key = models.CharField(max_length=255, editable=False)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="agencies"
    )

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name_key"],
                name="agency_unique_name_in_unit",
                violation_error_message="Địa bàn này đã có cơ quan cùng tên (không phân biệt hoa thường, khoảng trắng).",
            ),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Điều phối")
    REPORTER = "reporter", _("Báo cáo viên")
    LEADER = "leader", _("Lãnh đạo")
    ADMINISTRATOR = "administrator", _("Quản trị")


class User(AbstractUser):
    """A person, scoped to one administrative unit and, for a reporter, one agency (DESIGN.md 1)."""

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.REPORTER)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    history = UserHistory(verbose_name="lịch sử người dùng")

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="reporter") | Q(agency__isnull=False),
                name="user_reporter_has_agency",
                violation_error_message="Báo cáo viên phải thuộc một cơ quan.",
            ),
            models.CheckConstraint(
                condition=Q(role="administrator") | Q(unit__isnull=False) | Q(is_superuser=True),
                name="user_scoped_to_unit",
                violation_error_message="Người dùng (trừ quản trị) phải thuộc một địa bàn.",
            ),
        ]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ACTIVE = "active", _("Đang thực hiện")
    CLOSED = "closed", _("Đã kết thúc")


class Plan(models.Model):
    """A plan implementing the National Strategy on Gender Equality for one territory."""

    code = models.CharField(
        _("mã kế hoạch"),
        max_length=PLAN_CODE_MAX_LENGTH,
        unique=True,
        validators=[code_validator],
        help_text=_("Chữ không dấu, chữ số và các dấu . _ - (ví dụ BACYEN-2021-2025)."),
    )
    document_number = models.CharField(_("số hiệu"), max_length=100, blank=True)
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255)
    territory = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="plans"
    )
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"))
    end_year = models.PositiveSmallIntegerField(_("năm kết thúc"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    half_year_deadline_day = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("hạn báo cáo 6 tháng (ngày)")
    )
    half_year_deadline_month = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("hạn báo cáo 6 tháng (tháng)")
    )
    annual_deadline_day = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("hạn báo cáo năm (ngày)")
    )
    annual_deadline_month = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("hạn báo cáo năm (tháng)")
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("kế hoạch giai đoạn trước"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_plans",
        help_text=_("Kế hoạch đã kết thúc mà kế hoạch này tiếp nối (giá trị cơ sở lấy từ kết quả của kế hoạch đó)."),
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    lock_days_after_deadline = models.PositiveSmallIntegerField(
        _("khóa kỳ sau hạn (ngày)"),
        default=10,
        help_text=_("Số ngày sau hạn báo cáo thì kỳ tự khóa; điều phối có thể mở lại cho một hoặc mọi cơ quan."),
    )

    history = AuditedHistory(verbose_name="lịch sử kế hoạch")

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-start_year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="plan_years_in_order",
                violation_error_message="Năm kết thúc không được trước năm bắt đầu.",
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=1945, end_year__lte=2100),
                name="plan_years_plausible",
                violation_error_message="Năm của kế hoạch phải trong khoảng 1945–2100.",
            ),
            models.CheckConstraint(
                condition=Q(
                    half_year_deadline_day__range=(1, 31),
                    annual_deadline_day__range=(1, 31),
                    half_year_deadline_month__range=(1, 12),
                    annual_deadline_month__range=(1, 12),
                ),
                name="plan_deadlines_are_days_of_year",
                violation_error_message="Hạn báo cáo phải là ngày 1–31 và tháng 1–12.",
            ),
            models.CheckConstraint(
                condition=Q(half_year_deadline_day__isnull=True, half_year_deadline_month__isnull=True)
                | Q(half_year_deadline_day__isnull=False, half_year_deadline_month__isnull=False),
                name="plan_half_year_deadline_whole",
                violation_error_message="Hạn báo cáo 6 tháng cần cả ngày và tháng.",
            ),
            models.CheckConstraint(
                condition=Q(annual_deadline_day__isnull=True, annual_deadline_month__isnull=True)
                | Q(annual_deadline_day__isnull=False, annual_deadline_month__isnull=False),
                name="plan_annual_deadline_whole",
                violation_error_message="Hạn báo cáo năm cần cả ngày và tháng.",
            ),
            models.CheckConstraint(
                condition=code_condition(),
                name="plan_code_characters",
                violation_error_message="Mã kế hoạch chỉ gồm chữ không dấu, chữ số và các dấu . _ -",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="plan_not_own_parent",
                violation_error_message="Kế hoạch không thể là kế hoạch cấp trên của chính nó.",
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    @property
    def half_year_deadline_display(self) -> str:
        if self.half_year_deadline_day is None:
            return ""
        return f"{self.half_year_deadline_day:02d}/{self.half_year_deadline_month:02d}"

    @property
    def annual_deadline_display(self) -> str:
        if self.annual_deadline_day is None:
            return ""
        return f"{self.annual_deadline_day:02d}/{self.annual_deadline_month:02d}"


class Goal(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="goals")
    number = models.PositiveSmallIntegerField(_("mục tiêu số"))
    title = models.CharField(_("tên mục tiêu"), max_length=500)

    history = AuditedHistory(verbose_name="lịch sử mục tiêu")

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="goal_unique_number_in_plan",
                violation_error_message="Kế hoạch đã có mục tiêu số này.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="goal_number_positive",
                violation_error_message="Số mục tiêu phải từ 1 trở lên.",
            ),
        ]

    def __str__(self):
        return f"Mục tiêu {self.number}: {self.title}"


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half_year", _("6 tháng đầu năm")
    YEAR = "year", _("Năm")


class PeriodState(models.TextChoices):
    OPEN = "open", _("Đang mở")
    LOCKED = "locked", _("Đã khóa")


class ReportingPeriod(models.Model):
    """A reporting period of a plan: `YYYYS1` (January–June) or `YYYY` (the whole year)."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="periods")
    code = models.CharField(_("mã kỳ"), max_length=6)
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại kỳ"), max_length=10, choices=PeriodKind.choices)
    # A plan registered only for reference (a parent plan) may have no deadlines.
    deadline = models.DateField(_("hạn báo cáo"), null=True, blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=PeriodState.choices, default=PeriodState.OPEN)

    history = AuditedHistory(verbose_name="lịch sử kỳ báo cáo")

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["plan", "year", "kind"]  # 2024S1 (half_year) before 2024 (year)
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="period_unique_code_in_plan",
                violation_error_message="Kế hoạch đã có kỳ báo cáo này.",
            ),
            models.CheckConstraint(
                condition=(Q(kind="half_year") & Q(code__endswith="S1")) | (Q(kind="year") & ~Q(code__endswith="S1")),
                name="period_code_matches_kind",
                violation_error_message="Mã kỳ phải là YYYYS1 cho kỳ 6 tháng và YYYY cho kỳ năm.",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def spec(self) -> PeriodSpec:
        return PeriodSpec.cached(self.code, self.year, self.kind == PeriodKind.HALF_YEAR)

    @property
    def label(self) -> str:
        """ "6 tháng đầu năm 2024", "Năm 2024" (plans.periods: the one place periods are named)."""
        return self.spec.label

    @property
    def words(self) -> str:
        """ "6 tháng đầu năm 2024", "năm 2024": the period inside a sentence."""
        return self.spec.words

    @property
    def time(self):
        return self.spec.time


class Revision(models.Model):
    """A row written with every change of what a verdict reads besides figures (plans, goals, indicators, targets,
    assignments, agencies, periods, units): the newest one's id says whether a verdict kept since is still right
    (indicators.freshness; written by plans.revisions). Rows are only added, never updated, so writers never wait
    for each other."""

    changed_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    what = models.CharField(_("thay đổi"), max_length=100)

    class Meta:
        verbose_name = _("dấu thay đổi")
        verbose_name_plural = _("dấu thay đổi")

    def __str__(self):
        return f"{self.what} · {self.changed_at:%d/%m/%Y %H:%M}"
