"""pyHanko's synchronous API runs ``asyncio.run()`` inside; under a running event loop (an ASGI
server, a test driving a browser) that fails. ``off_loop`` runs such a call in a short-lived
thread of its own then, and directly otherwise."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor


def off_loop(function, *args, **kwargs):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="eppid-signing") as pool:
        return pool.submit(function, *args, **kwargs).result()
