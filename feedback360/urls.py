from django.contrib import admin
from django.urls import include, path

from . import views

handler400 = "feedback360.bad_requests.bad_request"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # The apps' pages, included by name: the platform imports none of them.
    path("", include("surveys.urls")),
    path("", include("portal.urls")),
    path("admin/", admin.site.urls),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<str:name>", views.outbox_message, name="outbox_message"),
    path("outbox/<str:name>/html", views.outbox_message_html, name="outbox_message_html"),
]
