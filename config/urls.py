from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accelerators/", include("accelerators.urls")),
    path("", include("registry.urls")),
]

handler500 = "config.views.server_error"
