from django.urls import path

from .views import approaches, funnel, needs

app_name = "matching"

urlpatterns = [
    path("matching/", needs.need_list, name="needs"),
    path("matching/needs/new/", needs.need_create, name="need-create"),
    path("matching/needs/<int:pk>/", needs.need_detail, name="need"),
    path("matching/needs/<int:pk>/edit/", needs.need_edit, name="need-edit"),
    path("matching/needs/<int:pk>/status/", needs.need_status, name="need-status"),
    path("matching/needs/<int:pk>/send/", needs.need_send, name="need-send"),
    path("matching/approaches/", approaches.approach_list, name="approaches"),
    path("matching/approaches/<int:pk>/", approaches.approach_detail, name="approach"),
    path(
        "matching/approaches/<int:pk>/follow-up/",
        approaches.approach_follow_up,
        name="approach-follow-up",
    ),
    path("matching/funnel/", funnel.funnel_page, name="funnel"),
    path("matching/funnel.xlsx", funnel.funnel_export, name="funnel-export"),
    # The recipient's answer: a public page reached from the mail, outside /matching/.
    path("reply/<str:token>/", approaches.answer, name="answer"),
]
