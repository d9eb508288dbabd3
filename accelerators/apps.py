from django.apps import AppConfig


class AcceleratorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accelerators"
    verbose_name = "自治体DXアクセラレータ"
