"""Demo data for a local trial (`make run`): fixed staff accounts with printed credentials.

Never for a live service: ``load_demo`` refuses to run with ``EPPID_ENV=production``.
"""
