from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accelerators/", include("accelerators.urls")),
    path("talent/", include("talent.urls")),
    path("", include("matching.urls")),
    path("", include("portal.urls")),
    path("", include("registry.urls")),
]

handler400 = "portal.views.site.bad_request"
handler500 = "portal.views.site.server_error"
