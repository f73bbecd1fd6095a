"""Settings of the stack's app servers under load (scripts/stack.py --profile load): the production
settings, unchanged but for the URLconf, which adds the two bare baseline views."""

from eppid.settings import *  # noqa: F403 - the product settings, unchanged but for the URLconf

ROOT_URLCONF = "bench.stack_urls"
