from django.urls import path

from eppid.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("units/", views.units, name="units"),
    path("units/<str:code>/", views.unit, name="unit"),
    path("transparansi/", views.transparency, name="transparency"),
]
