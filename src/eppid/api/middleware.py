from django.utils import translation
from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header


class ApiLanguageMiddleware:
    """The API speaks the language of ``Accept-Language`` (contract section 2), default Indonesian.

    LocaleMiddleware pins every unprefixed path to Indonesian because the site uses
    ``i18n_patterns(prefix_default_language=False)``; the API is not a page, so it negotiates.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = "id"
            for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
                if code == "*":
                    break
                try:
                    language = get_supported_language_variant(code)
                    break
                except LookupError:
                    continue
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
