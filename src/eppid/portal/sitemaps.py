"""The sitemap for search engines (/sitemap.xml): the public pages in both languages.

Django's sitemaps framework writes each URL once per language with hreflang alternates; a site
with many entries gets a sitemap index of pages of 50,000 URLs each.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from eppid.catalog.selectors import sitemap_entries
from eppid.organisation.models import Unit


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(_Bilingual):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "portal:home",
            "portal:units",
            "portal:information",
            "portal:transparency",
            "portal:request-start",
        ]

    def location(self, item):
        return reverse(item)


class UnitsSitemap(_Bilingual):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return list(Unit.objects.order_by("code").values_list("code", flat=True))

    def location(self, item):
        return reverse("portal:unit", kwargs={"code": item})


class UnitInformationSitemap(UnitsSitemap):
    changefreq = "daily"

    def location(self, item):
        return reverse("portal:unit-information", kwargs={"code": item})


class EntriesSitemap(_Bilingual):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return sitemap_entries()

    def location(self, item):
        return reverse("portal:information-entry", kwargs={"pk": item.pk})

    def lastmod(self, item):
        return item.published_at


SITEMAPS = {
    "pages": PagesSitemap,
    "units": UnitsSitemap,
    "unit-information": UnitInformationSitemap,
    "information": EntriesSitemap,
}
