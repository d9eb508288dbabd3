from django.urls import path

from . import views

app_name = "accelerators"

urlpatterns = [
    path("", views.nomination_list, name="list"),
    path("new/", views.nomination_create, name="create"),
    path("<int:pk>/", views.nomination_detail, name="detail"),
    path("<int:pk>/edit/", views.nomination_edit, name="edit"),
    path("<int:pk>/transition/", views.nomination_transition_view, name="transition"),
    path("<int:pk>/term-end/", views.nomination_term_end, name="term-end"),
    path("nominations.xlsx", views.nomination_export, name="export"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/report.xlsx", views.dashboard_report, name="dashboard-report"),
    path("contracted/", views.contracted_list, name="contracted-list"),
    path("contracted/new/", views.contracted_create, name="contracted-create"),
    path("contracted/<int:pk>/edit/", views.contracted_edit, name="contracted-edit"),
    path("contracted/<int:pk>/delete/", views.contracted_delete, name="contracted-delete"),
]
