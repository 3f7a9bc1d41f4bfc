from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Feedback cycles"

    def ready(self):
        # Registers the tasks that services queue by name.
        from . import tasks  # noqa: F401
