from django.contrib.admin.apps import AdminConfig


class Feedback360AdminConfig(AdminConfig):
    default_site = "feedback360.admin_site.Feedback360AdminSite"
