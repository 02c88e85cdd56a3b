from django import forms
from django.contrib import admin

from plans.admin import AuditedAdmin, ScopedForms
from reports.models import ApiToken, Letterhead


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedForms, AuditedAdmin):
    """Tokens are created with `manage.py create_api_token` (the key is shown once); here they are listed and revoked."""

    list_display = ["name", "user", "created_at", "last_used_at"]
    readonly_fields = ["user", "name", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Letterhead)
class LetterheadAdmin(ScopedForms, AuditedAdmin):
    """Staff set the report's letterhead and signature per plan here (NĐ 30/2020), without touching code."""

    list_display = ["plan", "issuer", "place", "signer_title", "signer"]

    # The issuing body is set on two lines (ỦY BAN NHÂN DÂN / HUYỆN BẮC YÊN): a one-line input would drop the break.
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("issuer", "parent_body"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    fieldsets = [
        (None, {"fields": ["plan"]}),
        ("Tiêu đề", {"fields": ["parent_body", "issuer", "number", "place"]}),
        ("Kính gửi và nơi nhận", {"fields": ["addressees", "recipients"]}),
        ("Người ký", {"fields": ["authority", "signer_title", "signer"]}),
    ]

    def get_changeform_initial_data(self, request):
        """A new letterhead starts from the one the report drafts from the plan (?plan=<id> from the report page)."""
        initial = super().get_changeform_initial_data(request)
        from plans.access import plans_managed_by
        from reports.content import letterhead_for

        plan = plans_managed_by(request.user).filter(pk=initial.get("plan") or None).first()
        if plan is not None:
            draft = letterhead_for(plan)
            for name in ("parent_body", "issuer", "number", "place", "addressees", "recipients", "authority"):
                initial.setdefault(name, getattr(draft, name))
            initial.setdefault("signer_title", draft.signer_title)
        return initial

    def get_queryset(self, request):
        from plans.access import plans_managed_by

        return super().get_queryset(request).filter(plan__in=plans_managed_by(request.user)).select_related("plan")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from plans.access import plans_managed_by

        if db_field.name == "plan":
            kwargs["queryset"] = plans_managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
