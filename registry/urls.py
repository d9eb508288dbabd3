from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("register/confirm/", views.confirm, name="confirm"),
    path("register/complete/", views.complete, name="complete"),
    path("privacy/", views.privacy, name="privacy"),
    path("companies/", views.companies, name="companies"),
]
