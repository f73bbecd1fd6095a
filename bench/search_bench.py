"""Benchmark: search of the information list on PostgreSQL, against a plain indexed LIKE baseline.

    .venv/bin/python bench/search_bench.py [--entries 1000000] [--queries 200] [--seed 12]
        [--keep] [--name DATABASE] [--reuse DATABASE] [--baseline-every N]

``--keep`` keeps the generated database (``--name`` names it, and keeps it); ``--reuse`` times
again on it (after migrating it: to compare code before and after a change on the same data;
the baseline's indexes are made again if they were dropped); ``--baseline-every N`` times the
LIKE baseline on every Nth query only (at 1,000,000 entries one takes 10-40 s here).

Creates a uniquely named PostgreSQL database at 127.0.0.1:5432 (user postgres, trust) and a
throwaway data dir, migrates, then generates ``--entries`` published entries spread over the
553 units (the three hand categories, a third with the text of a document), written with COPY in
batches (progress shown) and indexed for search as the product indexes them (``eppid_search``
tsvector, the word list for typos). The entries are written in publication order over the last
eight years, as a real list grows (ids and rows oldest first; decision 1600), and each one's year
is that of its publication or the year before (2019-2026). The rows bypass the services, so the
transparency log does not hold them; the database is dropped at the end (``--keep`` keeps it).

It then runs ``--queries`` mixed queries (one common word, two words, a rare word, a misspelt
word, a word with a unit-and-below, category or year filter) twice, interleaved:

* search: what the public results page asks of the database: ``information_search(q=...,
  order="relevance")``, its count, page 1 (25 entries with their unit and documents) and the
  marked passages of that page (``search_highlights``);
* baseline: the same filters with each word matched by ``ILIKE '%word%'`` over title, summary
  and document text, each column under a pg_trgm GIN index (so the LIKE is indexed), count and
  page 1 newest first, no ranking, no passages, no typo tolerance.

It prints p50, p95 and max of each, the ratio, and whether the search's p95 is under 25 ms.
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.django_env import setup_django  # noqa: E402 - after the path

PG = "postgres://postgres@127.0.0.1:5432"
TARGET_P95_MS = 25.0
PAGE = 25
BATCH = 20_000

# Words of an election supervisor's public information, commonest first (drawn by Zipf's law).
WORDS = """
laporan pengawasan pemilihan umum anggaran realisasi bawaslu kabupaten kota provinsi tahun
kegiatan program keputusan rapat pleno hasil tahapan kampanye pemungutan suara penghitungan
rekapitulasi daftar pemilih tetap calon peserta partai politik dana hibah belanja pegawai
barang jasa pengadaan lelang kontrak profil struktur organisasi tugas fungsi visi misi rencana
strategis kinerja instansi pemerintah akuntabilitas neraca arus kas catatan keuangan aset tetap
inventaris kendaraan dinas gedung kantor sekretariat pengumuman informasi publik permohonan
keberatan sengketa penanganan pelanggaran temuan laporan masyarakat sentra penegakan hukum
terpadu netralitas aparatur sipil negara politik uang pencegahan partisipatif sosialisasi
pendidikan pemilih pemantau pengawas kelurahan desa kecamatan tempat pemungutan suara logistik
surat kotak bilik tinta formulir berita acara salinan sertifikat verifikasi faktual
administrasi pendaftaran pencalonan dukungan perseorangan syarat keterwakilan perempuan
disabilitas akses jadwal rekrutmen seleksi panitia ad hoc honorarium bimbingan teknis evaluasi
monitoring supervisi koordinasi kerja sama nota kesepahaman regulasi peraturan surat edaran
instruksi petunjuk teknis standar operasional prosedur pelayanan survei kepuasan indeks
pengaduan whistleblowing gratifikasi benturan kepentingan integritas zona reformasi birokrasi
""".split()  # noqa: SIM905 - a paragraph of words reads better than a list
REGIONS = ["Tulungagung", "Blitar", "Kediri", "Malang", "Surabaya", "Semarang", "Bandung", "Medan"]


def rare_words() -> list[str]:
    """5,000 made-up words of four syllables (the same in every run)."""
    rng = random.Random(0)  # noqa: S311 - made-up data, not secrets
    return [
        "".join(rng.choice("bcdfghjklmnprstw") + rng.choice("aiueo") for _ in range(4)) for _ in range(5000)
    ]


class Words:
    """Text drawn from WORDS by Zipf's law, plus rare words (a few entries each)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.weights = [1 / (rank + 1) for rank in range(len(WORDS))]
        self.rare = rare_words()

    def text(self, count: int) -> str:
        words = self.rng.choices(WORDS, weights=self.weights, k=count)
        if self.rng.random() < 0.3:
            words[self.rng.randrange(count)] = self.rng.choice(self.rare)
        return " ".join(words)


def progress(label: str, done: int, total: int, started: float) -> None:
    rate = done / max(time.perf_counter() - started, 1e-9)
    left = (total - done) / rate if rate else 0
    print(
        f"\r{label}: {done:,}/{total:,} ({done * 100 // total} %), {rate:,.0f}/s, ~{left:,.0f} s left",
        end="",
        flush=True,
    )
    if done >= total:
        print()


def copy_rows(cursor, sql: str, rows) -> None:
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def generate(count: int, rng: random.Random) -> None:
    """``count`` published entries, each with one version and its search row, written with COPY."""
    from django.db import connection

    from eppid.catalog.models import InformationType
    from eppid.catalog.search_index import _VECTOR_SQL, _WORDS_SQL, unit_region
    from eppid.organisation.models import Unit

    units = list(Unit.objects.values_list("pk", "name", "code"))
    types = list(InformationType.objects.values_list("pk", flat=True))
    words = Words(rng)
    now = datetime.now(UTC)
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS catalog_search_vector")
    numbers: dict[int, int] = {}
    # Publication order, as a real list grows: the oldest entry written first (its id and its rows
    # first), the newest last (a new version rewrites the search row at the end too). A second
    # generator, so the texts are those of the same seed.
    clock = random.Random(rng.random())  # noqa: S311 - made-up data
    ages = sorted((clock.randrange(8 * 365 * 24 * 60) for _ in range(count)), reverse=True)
    started = time.perf_counter()
    for first in range(1, count + 1, BATCH):
        ids = range(first, min(first + BATCH, count + 1))
        entries, versions, search = [], [], []
        for pk in ids:
            unit, unit_name, unit_code = rng.choice(units)
            numbers[unit] = numbers.get(unit, 0) + 1
            published = now - timedelta(minutes=ages[pk - 1])
            # The year the information is about: that of its publication, or the year before
            # (a report of 2023 published in 2024), never a year still to come.
            year = max(2019, published.year - (rng.random() < 0.3))
            title = words.text(rng.randint(4, 8)).capitalize()
            summary = words.text(rng.randint(12, 25)).capitalize() + "."
            body = words.text(rng.randint(150, 400)) if rng.random() < 0.33 else ""
            category = rng.choice(("periodic", "periodic", "on_demand", "immediate"))
            entries.append((pk, unit, numbers[unit], "published", pk, now, published, published, None, ""))
            versions.append(
                (
                    pk, pk, 1, "published", title, summary, category, year, rng.choice(types), unit_name,
                    "PPID", date(year, 6, 1), rng.choice(REGIONS), "Softcopy (PDF)", "5 tahun", now,
                    published,
                )
            )  # fmt: skip
            search.append((pk, title, summary, body, unit, published, category, year, unit_region(unit_code)))
        with raw.transaction(), raw.cursor() as cursor:
            copy_rows(
                cursor,
                "COPY catalog_informationentry (id, unit_id, number, status, current_id, created_at, "
                "first_published_at, published_at, withdrawn_at, withdrawal_reason) FROM STDIN",
                entries,
            )
            copy_rows(
                cursor,
                "COPY catalog_entryversion (id, entry_id, version, status, title, summary, category, year, "
                "info_type_id, holder, responsible, made_on, made_place, format, retention, created_at, "
                "published_at) FROM STDIN",
                versions,
            )
            copy_rows(
                cursor,
                "COPY catalog_searchdocument (entry_id, title, summary, body, unit_id, published_at, "
                "category, year, region) FROM STDIN",
                search,
            )
            cursor.execute(_VECTOR_SQL.replace("= ANY(%s)", "BETWEEN %s AND %s"), [ids[0], ids[-1]])
        progress("entries", ids[-1], count, started)
    with raw.transaction(), raw.cursor() as cursor:
        for table in ("catalog_informationentry", "catalog_entryversion"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [count])
        cursor.executemany(
            "INSERT INTO catalog_entrycounter (unit_id, last) VALUES (%s, %s)", list(numbers.items())
        )
        print("word list for typos ...", flush=True)
        cursor.execute(_WORDS_SQL.replace("WHERE entry_id = ANY(%s) AND", "WHERE"))
        print("GIN index on the tsvectors ...", flush=True)
        cursor.execute("CREATE INDEX catalog_search_vector ON catalog_searchdocument USING gin (vector)")
    print(f"generated in {time.perf_counter() - started:.0f} s")


def baseline_indexes() -> float:
    """The baseline's trigram GIN indexes, on ``UPPER(column)`` as Django's ``icontains`` asks
    (``UPPER(col) LIKE UPPER('%word%')``): a B-tree cannot serve a LIKE '%word%', these can.
    Made again if missing (``--reuse`` after they were dropped to migrate a million rows)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for column in ("title", "summary", "body"):
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS bench_like_{column} ON catalog_searchdocument "
                f"USING gin (UPPER({column}::text) gin_trgm_ops)"
            )
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def mixed_queries(count: int, rng: random.Random) -> list[dict]:
    """(label, q, filters) of every kind the public page sees."""
    from eppid.organisation.models import Unit

    rare = rare_words()
    common = WORDS[:40]
    provinces = list(Unit.objects.filter(level="province"))
    regencies = list(Unit.objects.filter(level__in=("regency", "city")))
    queries = []
    for index in range(count):
        kind = index % 10
        if kind in (0, 1, 2):
            queries.append({"kind": "one word", "q": rng.choice(WORDS)})
        elif kind in (3, 4):
            queries.append({"kind": "two words", "q": f"{rng.choice(common)} {rng.choice(WORDS)}"})
        elif kind == 5:
            queries.append({"kind": "rare word", "q": rng.choice(rare)})
        elif kind == 6:
            word = rng.choice([w for w in WORDS if len(w) >= 6])
            cut = rng.randrange(1, len(word) - 1)
            queries.append({"kind": "misspelt", "q": word[:cut] + word[cut + 1 :]})
        elif kind == 7:
            unit = rng.choice(provinces)
            queries.append(
                {
                    "kind": "+ province and below",
                    "q": rng.choice(WORDS),
                    "unit": unit,
                    "include_descendants": True,
                }
            )
        elif kind == 8:
            queries.append({"kind": "+ unit", "q": rng.choice(WORDS), "unit": rng.choice(regencies)})
        else:
            queries.append(
                {
                    "kind": "+ category, year",
                    "q": rng.choice(WORDS),
                    "category": "periodic",
                    "year": rng.randint(2019, 2026),
                }
            )
    return queries


def run_search(query: dict) -> int:
    from eppid.catalog.selectors import information_search, search_highlights, version_documents

    filters = {key: value for key, value in query.items() if key != "kind"}
    entries = information_search(order="relevance", **filters)
    total = entries.count()
    page = list(entries[:PAGE])
    for entry in page:
        version_documents(entry.current)
    search_highlights(page, query["q"])
    return total


def run_baseline(query: dict) -> int:
    from django.db.models import Q

    from eppid.catalog.selectors import information_search, query_words

    filters = {key: value for key, value in query.items() if key not in ("kind", "q")}
    entries = information_search(**filters)
    for word in query_words(query["q"]):
        entries = entries.filter(
            Q(search__title__icontains=word)
            | Q(search__summary__icontains=word)
            | Q(search__body__icontains=word)
        )
    total = entries.count()
    list(entries[:PAGE])
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed)")
    parser.add_argument(
        "--baseline-every", type=int, default=1, help="time the baseline on every Nth query only (slow at 1M)"
    )
    parser.add_argument("--name", metavar="DATABASE", help="generate into this database (kept)")
    parser.add_argument("--reuse", metavar="DATABASE", help="time again on a database kept with --keep")
    args = parser.parse_args()
    import psycopg

    dbname = args.reuse or args.name or f"bench_search_{secrets.token_hex(4)}"
    args.keep = args.keep or bool(args.reuse or args.name)
    if not args.reuse:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
    print(f"database {dbname}")
    with tempfile.TemporaryDirectory(prefix="eppid-bench-") as data_dir:
        try:
            setup_django(f"{PG}/{dbname}", data_dir)
            return run(args)
        finally:
            from django.db import connections

            connections.close_all()
            if not args.keep:
                with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def run(args) -> int:
    if not args.reuse:
        generate(args.entries, random.Random(args.seed))  # noqa: S311 - made-up data
        took = baseline_indexes()
        print(f"baseline trigram indexes built in {took:.0f} s; VACUUM ANALYZE done")
    else:  # migrations may have rewritten rows since: as autovacuum would
        from django.db import connection

        print(f"baseline trigram indexes (made if missing) in {baseline_indexes():.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM catalog_searchdocument")
            args.entries = cursor.fetchone()[0]
    from django.db import connection

    with connection.cursor() as cursor:  # the server's cache decides how often a walk reads from disk
        cursor.execute("SHOW shared_buffers")
        print(f"PostgreSQL shared_buffers: {cursor.fetchone()[0]} (docs/operations.md section 2)", flush=True)
    queries = mixed_queries(args.queries, random.Random(args.seed + 1))  # noqa: S311
    for query in queries[:10]:  # warm-up: the caches of both
        run_search(query)
        run_baseline(query)
    times = {"search": [], "baseline": []}
    by_kind: dict[str, list[float]] = {}
    found = {"search": 0, "baseline": 0}
    began = time.perf_counter()
    for index, query in enumerate(queries, start=1):
        for name, runner in (("search", run_search), ("baseline", run_baseline)):
            if name == "baseline" and (index - 1) % args.baseline_every:
                continue
            started = time.perf_counter()
            total = runner(query)
            elapsed = (time.perf_counter() - started) * 1000
            times[name].append(elapsed)
            found[name] += total
            if name == "search":
                by_kind.setdefault(query["kind"], []).append(elapsed)
        progress("queries (search and baseline)", index, len(queries), began)
    print(f"\n{args.entries:,} entries, {len(queries)} mixed queries, page of {PAGE}, wall time per query")
    print(f"{'':<10} {'p50':>9} {'p95':>9} {'max':>9}  results found (sum), queries timed")
    for name in ("search", "baseline"):
        values = times[name]
        print(
            f"{name:<10} {statistics.median(values):>6.1f} ms {percentile(values, 0.95):>6.1f} ms "
            f"{max(values):>6.1f} ms  {found[name]:,}, {len(values)}"
        )
    p95 = percentile(times["search"], 0.95)
    print(f"ratio p95 search / baseline: {p95 / percentile(times['baseline'], 0.95):.4f}x")
    print("search by kind of query (p50 / p95 ms):")
    for kind, values in by_kind.items():
        p50, p95_kind = statistics.median(values), percentile(values, 0.95)
        print(f"  {kind:<22} {p50:>7.1f} / {p95_kind:>7.1f}  ({len(values)})")
    ok = p95 < TARGET_P95_MS
    print(f"{'PASS' if ok else 'FAIL'}: target p95 < {TARGET_P95_MS:.0f} ms (search: {p95:.1f} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
