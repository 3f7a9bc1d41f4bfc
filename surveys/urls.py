from django.urls import path

from . import views

urlpatterns = [
    path("s/thanks/", views.thanks, name="survey_thanks"),
    path("s/<str:token>/", views.survey, name="survey"),
]
