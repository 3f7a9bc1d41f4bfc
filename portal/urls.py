from django.contrib.auth import views as auth_views
from django.urls import path

from . import signin, views

urlpatterns = [
    path("reports/", views.my_reports, name="my_reports"),
    path("reports/<uuid:report_id>/", views.report_page, name="report_page"),
    path("reports/<uuid:report_id>/pdf", views.download, name="report_download"),
    path("reports/nominate/<int:assessment_id>/", views.nominate, name="nominate"),
    path("account/password/", views.password, name="password"),
    path("signin/", signin.SignInView.as_view(), name="signin"),
    path("signin/link/", signin.link_request, name="signin_link_request"),
    path("signin/link/<str:token>/", signin.link_signin, name="signin_link"),
    path("signout/", auth_views.LogoutView.as_view(), name="signout"),
]
