from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Managers' own pages: sign-in, their released reports, peer nominations."""

    name = "portal"
    verbose_name = "Manager portal"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import tasks  # noqa: F401 - registers the tasks services queue by name
        from .middleware import remember_language

        user_logged_in.connect(remember_language, dispatch_uid="portal.remember_language")
