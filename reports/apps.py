from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        # Registers the tasks that services queue by name.
        from . import tasks  # noqa: F401
