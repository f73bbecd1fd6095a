"""Django for a benchmark: a database of its own, a throwaway data directory, no limits, migrated.

Shared by the benchmarks that run Django in their own process (``staff_list_bench``,
``search_bench``, ``report_bench``, ``log_latency_bench``, ``submit_cpu_bench``); each script
puts ``src`` and the repository root on ``sys.path`` first.
"""

from __future__ import annotations

import os


def setup_django(db_url: str, data_dir: str) -> None:
    os.environ.update(
        {
            "DATABASE_URL": db_url,
            "EPPID_DATA_DIR": data_dir,
            "EPPID_ENV": "development",
            "EPPID_DEBUG": "off",  # as a server runs: no query log kept (it costs ~8 ms a submission)
            "EPPID_RATELIMIT": "off",
            "EPPID_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "eppid.settings",
        }
    )
    for name in ("REDIS_URL", "SECRET_KEY"):
        os.environ.pop(name, None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
