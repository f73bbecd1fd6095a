"""Binds the request to the log context, so entries name the signed-in user (or "public")."""

from eppid.integrity.log import reset_current_request, set_current_request


class LogActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_current_request(request)
        try:
            return self.get_response(request)
        finally:
            reset_current_request(token)
