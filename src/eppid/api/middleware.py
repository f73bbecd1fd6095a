from django.utils import translation

from eppid.core.problems import PROBLEM_CONTENT_TYPE, accept_language, problem


class ApiLanguageMiddleware:
    """The API speaks the language of ``Accept-Language`` (contract section 2), default Indonesian.

    LocaleMiddleware pins every unprefixed path to Indonesian because the site uses
    ``i18n_patterns(prefix_default_language=False)``; the API is not a page, so it negotiates.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = accept_language(request.headers.get("Accept-Language", ""))
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class ApiProblemMiddleware:
    """Every API error is ``application/problem+json`` (contract section 2), even the ones Django
    answers before a router runs (405 for a wrong method, 404 for an unknown path)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path_info.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE)
        ):
            replacement = problem(response.status_code)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response
