from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "自治体DX 人材プールポータル 管理"
admin.site.site_title = "人材プールポータル 管理"
admin.site.index_title = "総務省 管理画面"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accelerators/", include("accelerators.urls")),
    path("", include("registry.urls")),
]
