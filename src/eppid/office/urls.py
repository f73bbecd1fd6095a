from django.urls import path

from eppid.office import views

app_name = "office"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
