from django.shortcuts import render
from django.utils.translation import gettext as _


def home(request):
    return render(request, "portal/home.html")


def ratelimited(request, exception=None):
    return render(
        request,
        "portal/error.html",
        {"title": _("Too many requests"), "message": _("Please wait a minute and try again.")},
        status=429,
    )
