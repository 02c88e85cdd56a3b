from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Quản trị kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới"
admin.site.site_title = "Bình đẳng giới"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
]
