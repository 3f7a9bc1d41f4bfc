from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Managers' own pages: sign-in, their released reports, peer nominations."""

    name = "portal"
    verbose_name = "Manager portal"

    def ready(self):
        # Registers the tasks that services queue by name.
        from . import tasks  # noqa: F401
