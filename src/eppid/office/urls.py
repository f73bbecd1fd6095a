from django.urls import include, path

from eppid.office import (
    annual_issue_views,
    annual_views,
    calendar_views,
    catalog_urls,
    election_views,
    readiness_views,
    register_views,
    request_urls,
    survey_views,
    views,
)

app_name = "office"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("calendar/rules/", calendar_views.rules, name="calendar-rules"),
    path("calendar/closures/new/", calendar_views.closure_add, name="calendar-closure-add"),
    path("calendar/closures/<int:pk>/remove/", calendar_views.closure_remove, name="calendar-closure-remove"),
    path("calendar/elections/", election_views.periods, name="calendar-elections"),
    path("calendar/elections/new/", election_views.period_add, name="calendar-election-add"),
    path("calendar/elections/<int:pk>/end/", election_views.period_end, name="calendar-election-end"),
    path(
        "calendar/elections/<int:pk>/remove/", election_views.period_remove, name="calendar-election-remove"
    ),
    path("units/", views.units, name="units"),
    path("units/<str:code>/", views.unit, name="unit"),
    path("units/<str:code>/profile/", views.unit_profile, name="unit-profile"),
    path("units/<str:code>/members/", views.unit_members, name="unit-members"),
    path("units/<str:code>/statistics/", views.unit_statistics, name="unit-statistics"),
    path("units/<str:code>/survey/", survey_views.survey_results, name="survey"),
    path("units/<str:code>/annual-report/", annual_views.annual_report_page, name="annual-report"),
    path(
        "units/<str:code>/annual-report/issue/",
        annual_issue_views.annual_report_issue_view,
        name="annual-report-issue",
    ),
    path("units/<str:code>/readiness/", readiness_views.readiness_page, name="readiness"),
    path("units/<str:code>/readiness/issue/", readiness_views.readiness_issue, name="readiness-issue"),
    path(
        "units/<str:code>/annual-report/narratives/",
        annual_issue_views.annual_narrative_view,
        name="annual-report-narratives",
    ),
    path(
        "units/<str:code>/annual-report/issues/<int:pk>/publish/",
        annual_issue_views.annual_issue_publish_view,
        name="annual-report-publish",
    ),
    path(
        "units/<str:code>/annual-report/issues/<int:pk>/sent/",
        annual_issue_views.annual_issue_sent_view,
        name="annual-report-sent",
    ),
    path(
        "units/<str:code>/annual-report/issues/<int:pk>/<str:kind>/",
        annual_issue_views.annual_issue_file,
        name="annual-report-file",
    ),
    path("units/<str:code>/survey/paper/", survey_views.survey_paper, name="survey-paper"),
    path("units/<str:code>/requests/register/", register_views.request_register, name="request-book"),
    path(
        "units/<str:code>/requests/register/<str:fmt>/",
        register_views.request_register_download,
        name="request-book-download",
    ),
    path("units/<str:code>/outbox/", include("eppid.office.outbox_urls")),
    path("units/<str:code>/objections/", include("eppid.office.objection_urls")),
    path("units/", include(request_urls.urlpatterns)),
    path("units/", include(catalog_urls.urlpatterns)),
]
