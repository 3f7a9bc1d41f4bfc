from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PlatformConfig(AppConfig):
    """The site-wide layer: settings, the task queue, e-mail, logging, checks.
    It depends on no app of ours; surveys, reports, portal and hr depend on it."""

    name = "feedback360"
    verbose_name = "feedback360"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy checks


class Feedback360AdminConfig(AdminConfig):
    default_site = "hr.site.HrAdminSite"
