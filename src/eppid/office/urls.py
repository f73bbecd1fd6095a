from django.urls import path

from eppid.office import views

app_name = "office"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("units/<str:code>/", views.unit, name="unit"),
    path("units/<str:code>/profile/", views.unit_profile, name="unit-profile"),
    path("units/<str:code>/members/", views.unit_members, name="unit-members"),
    path("units/<str:code>/statistics/", views.unit_statistics, name="unit-statistics"),
]
