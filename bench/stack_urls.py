"""The product's URLs plus two bare baseline views for the load test against the stack.

- ``GET /bench/bare-page``: a 10 KB HTML page from a view that touches nothing (the floor of a page);
- ``POST /bench/bare-insert``: bench/server_urls.py's view (parse the multipart body, insert a row).
"""

from django.http import HttpResponse
from django.urls import path

from bench.server_urls import BARE_PATH, bare_insert
from eppid.urls import handler404, handler500  # noqa: F401
from eppid.urls import urlpatterns as product_urlpatterns

BARE_PAGE = "<!DOCTYPE html><html><body>" + "<p>e-PPID bare view</p>" * 400 + "</body></html>"


def bare_page(request):
    return HttpResponse(BARE_PAGE)


urlpatterns = [path("bench/bare-page", bare_page), path(BARE_PATH, bare_insert), *product_urlpatterns]
