from django.apps import AppConfig


class HrConfig(AppConfig):
    """HR's screens, in the Django admin: the top layer, over surveys and reports."""

    name = "hr"
    verbose_name = "HR"
