from django.apps import AppConfig

from portal.roles import MIC_GROUP


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = "人材プール協力企業・団体"
    # Its panel on the staff home (portal.home).
    home_panel = "registry.home.panel"
    # Its counts in the staff home's "your turn" panel (portal.home.your_turn).
    your_turn = "registry.home.your_turn"
    # Its queue in 総務省's review workspace, /staff/review/ (portal.review).
    review_kind = "registry.review.REVIEW"
    # The events its staff hear of (portal.notifications).
    staff_events = "registry.staff_events.STAFF_EVENTS"
    # Its part of the daily erasure of personal data past its retention period
    # (`manage.py erase_expired_personal_data`, portal.retention).
    retention = "registry.retention.RETENTION"
    # Its yearly reconfirmation, for `manage.py send_reconfirmation_reminders` (portal's
    # command, for every app).
    reconfirmation = "registry.reconfirmation.RECONFIRMATION"
    # The texts of its mails, which 総務省 edits (portal.mail_texts).
    mail_texts = "registry.mail.MAIL_TEXTS"
    # 総務省 staff review, edit and import registrations and read the records around them.
    # Prefecture staff use the portal's own pages (/prefecture/), never the admin.
    staff_permissions = {
        MIC_GROUP: [
            ("registry", "view_registration"),
            ("registry", "change_registration"),
            ("registry", "import_registration"),
            ("registry", "view_historicalregistration"),
            ("registry", "view_statuschange"),
            ("registry", "view_outgoingmail"),
            ("registry", "view_reconfirmationround"),
            ("registry", "add_reconfirmationround"),
        ],
    }
    export_kinds = {
        "prefecture_list": "都道府県の協力企業一覧",
        "admin_list": "管理画面の登録一覧",
    }
    import_kinds = {"registrations": "旧フォームの回答（協力企業・団体の登録）"}
    demo_fixtures = ["demo_registrations"]
