"""Settings of the server that bench/requests_bench.py starts: the product's, plus one bench URL.

Never used by the product: only the benchmark selects it (DJANGO_SETTINGS_MODULE) for the
gunicorn process it runs against a throwaway database and data dir.
"""

from eppid.settings import *  # noqa: F403 - the product settings, unchanged but for the URLconf

ROOT_URLCONF = "bench.server_urls"
