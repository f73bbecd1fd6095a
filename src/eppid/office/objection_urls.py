"""The objection console of one unit, mounted at office/units/<code>/objections/."""

from django.urls import path

from eppid.office import objection_desk_views, objection_register, objection_views

urlpatterns = [
    path("", objection_views.objection_list, name="objections"),
    path("register/", objection_register.objection_register, name="objection-register"),
    # Received on paper, by email or at the desk (decision 1698); before "<number>/".
    path("new/", objection_desk_views.objection_new, name="objection-new"),
    path("new/periodic/", objection_desk_views.objection_new_periodic, name="objection-new-periodic"),
    path("<str:number>/", objection_views.objection_detail, name="objection"),
    path("<str:number>/unmask/", objection_views.objection_unmask, name="objection-unmask"),
    path("<str:number>/decide/", objection_views.objection_decide_view, name="objection-decide"),
    path("<str:number>/response/", objection_views.objection_response, name="objection-response"),
    path("<str:number>/follow-up/", objection_views.objection_followup, name="objection-followup"),
    path("<str:number>/dispute/", objection_views.objection_dispute, name="objection-dispute"),
]
