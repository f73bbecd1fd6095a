"""URLs of the request pages under /office/units/<code>/requests/ (included by office/urls.py)."""

from django.urls import path

from eppid.office import redaction_views, released_views, request_actions, request_views

NUMBER = "<str:code>/requests/<str:number>/"

urlpatterns = [
    path("<str:code>/requests/", request_views.inbox, name="requests"),
    path("<str:code>/requests/new/", request_actions.register, name="request-register"),
    path(NUMBER, request_views.detail, name="request"),
    path(NUMBER + "unmask/", request_views.unmask, name="request-unmask"),
    path(NUMBER + "identity-document/", request_views.identity_document, name="request-identity"),
    path(
        NUMBER + "authorisation-document/", request_views.authorisation_document, name="request-authorisation"
    ),
    path(NUMBER + "start/", request_actions.start, name="request-start"),
    path(NUMBER + "extend/", request_actions.extend, name="request-extend"),
    path(NUMBER + "forward/", request_actions.forward, name="request-forward"),
    path(NUMBER + "withdraw/", request_actions.withdraw, name="request-withdraw"),
    path(NUMBER + "decide/", request_actions.decide, name="request-decide"),
    path(NUMBER + "redact/", redaction_views.request_document_redact, name="request-redact"),
    path(NUMBER + "redacted/<int:pk>/", redaction_views.request_redaction, name="request-redaction"),
    path(NUMBER + "publish/", released_views.request_publish, name="request-publish"),
]
