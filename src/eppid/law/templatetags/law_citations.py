"""The article a page cites, from the data: ``{% load law_citations %}``.

``{% citation "notice_contents" as basis %}`` then ``{% blocktranslate with basis=basis %}...
({{ basis }}){% endblocktranslate %}``, so the translation keeps one msgid whatever the article.
``on=`` a date cites the reference in force that day (default today).
"""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

from eppid.law.selectors import citation_text

register = template.Library()


@register.simple_tag
def citation(key: str, on=None) -> str:
    if isinstance(on, datetime):
        on = timezone.localdate(on)
    return citation_text(key, on)
