from django.contrib import admin
from django.urls import include, path

from surveys import views as survey_views

from . import views

handler400 = "feedback360.bad_requests.bad_request"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("s/thanks/", survey_views.thanks, name="survey_thanks"),
    path("s/<str:token>/", survey_views.survey, name="survey"),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<str:name>", views.outbox_message, name="outbox_message"),
    path("outbox/<str:name>/html", views.outbox_message_html, name="outbox_message_html"),
]
