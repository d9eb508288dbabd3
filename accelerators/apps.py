from django.apps import AppConfig

from portal.roles import MIC_GROUP


class AcceleratorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accelerators"
    verbose_name = "自治体DXアクセラレータ"
    # Its panel on the staff home (portal.home).
    home_panel = "accelerators.home.panel"
    # Its counts in the staff home's "your turn" panel (portal.home.your_turn).
    your_turn = "accelerators.home.your_turn"
    # The events its staff hear of (portal.notifications).
    staff_events = "accelerators.staff_events.STAFF_EVENTS"
    # Its counts per prefecture and day, taken nightly (portal.snapshots, `manage.py
    # take_snapshots`) for the dashboard's charts.
    snapshot_figures = "accelerators.snapshots.FIGURES"
    # Nominations are made and decided in /accelerators/; the admin only shows them.
    staff_permissions = {
        MIC_GROUP: [
            ("accelerators", "view_nomination"),
            ("accelerators", "view_experienceentry"),
            ("accelerators", "view_ipapass"),
            ("accelerators", "view_nominationtransition"),
            ("accelerators", "view_ipaexam"),
            ("accelerators", "view_contractedstaffing"),
            ("accelerators", "import_nomination"),
        ],
    }
    export_kinds = {
        "nominations": "アクセラレータの推薦一覧",
        "dashboard_report": "任命状況レポート",
    }
    import_kinds = {"appointments": "既存の任命（アクセラレータ）"}
    demo_fixtures = ["demo_nominations"]
