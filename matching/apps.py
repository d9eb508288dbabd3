from django.apps import AppConfig

from portal.roles import MIC_GROUP


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "matching"
    verbose_name = "募集と打診"
    # Its panel on the staff home (portal.home).
    home_panel = "matching.home.panel"
    # Its counts in the staff home's "your turn" panel (portal.home.your_turn).
    your_turn = "matching.home.your_turn"
    # Its part of the daily erasure of personal data past its retention period
    # (`manage.py erase_expired_personal_data`, portal.retention).
    retention = "matching.retention.approach_retention_apply"
    # It keeps copies of registrations' and talent entries' personal data (the 打診's mail and
    # reply): erasing an entry erases them too (portal.retention.personal_copies_erase).
    personal_copies_erase = "matching.retention.approach_copies_erase"
    # The texts of its mails, which 総務省 edits (portal.mail_texts).
    mail_texts = "matching.mail.MAIL_TEXTS"
    # The events its staff hear of (portal.notifications): replies to their 打診.
    staff_events = "matching.staff_events.STAFF_EVENTS"
    # Its counts per prefecture and day, taken nightly (portal.snapshots, `manage.py
    # take_snapshots`) for the dashboard's charts.
    snapshot_figures = "matching.snapshots.FIGURES"
    # Events that come due with the date, recorded before each day's digest is built.
    staff_events_due = "matching.staff_events.follow_ups_due_record"
    # Needs and 打診 are kept in /matching/ by prefectures; 総務省 reads them there and here.
    staff_permissions = {
        MIC_GROUP: [
            ("matching", "view_need"),
            ("matching", "view_approach"),
            ("matching", "view_approachmail"),
            ("matching", "view_historicalneed"),
            ("matching", "view_historicalapproach"),
        ],
    }
    export_kinds = {"funnel": "募集から任用までの状況"}
    demo_fixtures = ["demo_matching"]
