from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from eppid.api.routers import api
from eppid.portal.sitemaps import SITEMAPS
from eppid.portal.views import favicon, robots_txt

handler404 = "eppid.api.problems.not_found"
handler500 = "eppid.portal.errors.server_error"

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # For search engines: the public pages in both languages, and where to find them.
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("accounts/webauthn/", include("eppid.office.passkey_urls")),
    path("", include("eppid.portal.document_urls")),
    *i18n_patterns(
        path("", include("eppid.portal.urls")),
        path("", include("eppid.portal.verify_urls")),
        path("office/", include("eppid.office.signing_urls")),
        path("accounts/", include("eppid.office.account_urls")),
        path("office/", include("eppid.office.urls")),
        path("admin/", admin.site.urls),
        prefix_default_language=False,
    ),
]
