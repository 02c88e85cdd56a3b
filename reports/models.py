import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A key for programs reading the JSON API as a user. Only its hash is stored; the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên"), max_length=100, help_text=_("Chương trình nào dùng khóa này."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")

    def __str__(self):
        return f"{self.name} ({self.user})"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        key = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=cls.hash(key)), key


class Letterhead(models.Model):
    """The report's letterhead and signature for a plan: staff change them in the admin, not in code (NĐ 30/2020)."""

    plan = models.OneToOneField(
        "plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="letterhead"
    )
    parent_body = models.CharField(
        _("cơ quan chủ quản"),
        max_length=200,
        blank=True,
        help_text=_("Dòng trên tên cơ quan, nếu có (ví dụ UBND TỈNH SƠN LA)."),
    )
    issuer = models.CharField(
        _("cơ quan ban hành báo cáo"),
        max_length=200,
        help_text=_("Hai dòng như trên tiêu đề văn bản: ỦY BAN NHÂN DÂN / HUYỆN BẮC YÊN."),
    )
    number = models.CharField(_("số, ký hiệu"), max_length=100, default="Số:      /BC-UBND")
    place = models.CharField(_("địa danh"), max_length=100)
    addressees = models.TextField(
        _("kính gửi"),
        blank=True,
        help_text=_(
            "Cơ quan nhận báo cáo, mỗi dòng một cơ quan (ví dụ Sở Nội vụ tỉnh Sơn La). Để trống thì không in dòng “Kính gửi”."
        ),
    )
    recipients = models.TextField(_("nơi nhận"), help_text=_("Mỗi dòng một nơi nhận."))
    authority = models.TextField(
        _("thẩm quyền ký"),
        help_text=_("Các dòng trên chức vụ người ký, mỗi dòng một dòng, ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH."),
    )
    signer_title = models.CharField(
        _("chức vụ người ký"), max_length=100, blank=True, help_text=_("Ví dụ: PHÓ CHỦ TỊCH.")
    )
    signer = models.CharField(_("họ tên người ký"), max_length=100, blank=True, help_text=_("Ví dụ: Thào A Mua."))

    class Meta:
        verbose_name = _("thể thức báo cáo")
        verbose_name_plural = _("thể thức báo cáo")

    def __str__(self):
        return f"Thể thức báo cáo {self.plan.code}"


class Narrative(models.Model):
    """The parts of a report the coordinator writes: I, IV's shortcomings, V and VI (DESIGN.md 8)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="narratives")
    period = models.ForeignKey("plans.ReportingPeriod", on_delete=models.CASCADE, related_name="narratives")
    is_final = models.BooleanField(_("báo cáo tổng kết"), default=False)
    number = models.CharField(
        _("số, ký hiệu của báo cáo"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: Số: 215/BC-UBND. Để trống thì dùng dòng số của thể thức báo cáo."),
    )
    issued_on = models.DateField(
        _("ngày báo cáo"), null=True, blank=True, help_text=_("Để trống thì lấy ngày lập báo cáo (hôm nay).")
    )
    direction = models.TextField(_("I. Công tác chỉ đạo, triển khai"), blank=True)
    shortcomings = models.TextField(_("IV. Tồn tại, hạn chế và nguyên nhân"), blank=True)
    tasks = models.TextField(_("V. Phương hướng, nhiệm vụ"), blank=True)
    recommendations = models.TextField(_("VI. Kiến nghị, đề xuất"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("nội dung báo cáo")
        verbose_name_plural = _("nội dung báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["plan", "period", "is_final"], name="narrative_unique_per_report")
        ]

    def __str__(self):
        return f"{self.plan.code} · {self.period.label}{' (tổng kết)' if self.is_final else ''}"
