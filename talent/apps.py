from django.apps import AppConfig

from portal.roles import MIC_GROUP


class TalentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "talent"
    verbose_name = "協力可能人材"
    # Its panel on the staff home (portal.home).
    home_panel = "talent.home.panel"
    # Its counts in the staff home's "your turn" panel (portal.home.your_turn).
    your_turn = "talent.home.your_turn"
    # Its queue in 総務省's review workspace, /staff/review/ (portal.review).
    review_kind = "talent.review.REVIEW"
    # The events its staff hear of (portal.notifications).
    staff_events = "talent.staff_events.STAFF_EVENTS"
    # Its part of the daily erasure of personal data past its retention period
    # (`manage.py erase_expired_personal_data`, portal.retention).
    retention = "talent.retention.RETENTION"
    # Its yearly reconfirmation, for `manage.py send_reconfirmation_reminders` (portal's
    # command, for every app).
    reconfirmation = "talent.reconfirmation.RECONFIRMATION"
    # The texts of its mails, which 総務省 edits (portal.mail_texts).
    mail_texts = "talent.mail.MAIL_TEXTS"
    # 総務省 staff review entries in the admin; prefecture staff use /talent/prefecture/.
    staff_permissions = {
        MIC_GROUP: [
            ("talent", "view_specialist"),
            ("talent", "change_specialist"),
            ("talent", "view_historicalspecialist"),
            ("talent", "view_specialiststatuschange"),
            ("talent", "view_specialistmail"),
            ("talent", "view_specialty"),
            ("talent", "view_specialistreconfirmationround"),
            ("talent", "add_specialistreconfirmationround"),
        ],
    }
    export_kinds = {"talent_list": "協力可能人材一覧"}
    demo_fixtures = ["demo_talent"]
