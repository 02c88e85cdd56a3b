from django.contrib import admin

from reports.models import ApiToken, Letterhead


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `manage.py create_api_token` (the key is shown once); here they are listed and revoked."""

    list_display = ["name", "user", "created_at", "last_used_at"]
    readonly_fields = ["user", "name", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin):
    """Staff set the report's letterhead and signature per plan here (NĐ 30/2020), without touching code."""

    list_display = ["plan", "issuer", "place", "signer"]
    fields = ["plan", "parent_body", "issuer", "number", "place", "recipients", "authority", "signer"]

    def get_queryset(self, request):
        from plans.selectors import plans_visible_to

        return super().get_queryset(request).filter(plan__in=plans_visible_to(request.user)).select_related("plan")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from plans.selectors import plans_visible_to

        if db_field.name == "plan":
            kwargs["queryset"] = plans_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
