from django.contrib.admin.apps import AdminConfig


class Feedback360AdminConfig(AdminConfig):
    default_site = "feedback360.admin_site.Feedback360AdminSite"

    def ready(self):
        super().ready()
        from . import checks  # noqa: F401 - registers the deploy checks
