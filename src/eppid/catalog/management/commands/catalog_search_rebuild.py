"""Index every published entry of the information list for search anew (after a restore, say)."""

from django.core.management.base import BaseCommand

from eppid.catalog.search_index import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of the public information list from the published entries."

    def handle(self, *args, **options):
        count = search_index_rebuild()
        self.stdout.write(f"{count} published entries indexed for search.")
