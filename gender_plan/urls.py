from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from indicators import views as indicator_views

admin.site.site_header = "Quản trị kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới"
admin.site.site_title = "Bình đẳng giới"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("plans/import/", indicator_views.plan_import_view, name="plan_import"),
    path("plans/<str:code>/workbook.xlsx", indicator_views.plan_export_view, name="plan_export"),
    path("admin/", admin.site.urls),
]
