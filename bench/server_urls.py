"""The product's URLs plus the bare baseline views of bench/requests_bench.py and
bench/pages_bench.py (bench-only URLconf)."""

from django.db import connection
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from eppid.urls import handler404, handler500  # noqa: F401
from eppid.urls import urlpatterns as product_urlpatterns

BARE_TABLE = "bench_bare_row"
BARE_PATH = "bench/bare-insert"


@csrf_exempt
def bare_insert(request):
    """The floor: parse the same multipart body as the API does, then insert one row."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    size = sum(upload.size for upload in request.FILES.values())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BARE_TABLE} (name, upload_size, created_at) VALUES (%s, %s, now())",  # noqa: S608 - constant
            [request.POST.get("name", ""), size],
        )
    return JsonResponse({"ok": True}, status=201)


urlpatterns = [path(BARE_PATH, bare_insert), *product_urlpatterns]


BARE_PAGE_PATH = "bench/bare-page"
BARE_PAGE_BODY = (
    b"<!DOCTYPE html><html><body>" + b"<p>lorem ipsum dolor sit amet</p>\n" * 309 + b"</body></html>"
)


def bare_page(request):
    """The floor of bench/pages_bench.py: 10 KB of HTML through the product's middleware, no work."""
    return HttpResponse(BARE_PAGE_BODY, content_type="text/html; charset=utf-8")


urlpatterns.insert(0, path(BARE_PAGE_PATH, bare_page))
