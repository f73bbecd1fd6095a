"""e-PPID settings, part: what may be uploaded and how much the verifier reads, and the virus
scanner (every value from the environment through ``eppid.conf``; ``eppid.settings`` takes them)."""

from eppid import conf

# Uploads (eppid.core.uploads): largest file (bytes; 5 MB), largest image by its declared pixel
# count (checked before decoding; at most Pillow's own bomb limit), most PDF pages and objects
# (objects bound the parsing time), and an optional virus scanner (dotted path; empty: none).
EPPID_UPLOAD_MAX_BYTES = conf.env_int("EPPID_UPLOAD_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
EPPID_UPLOAD_MAX_PIXELS = conf.env_int(
    "EPPID_UPLOAD_MAX_PIXELS", 25_000_000, minimum=10_000, maximum=89_000_000
)
EPPID_UPLOAD_MAX_PAGES = conf.env_int("EPPID_UPLOAD_MAX_PAGES", 500, minimum=1, maximum=100_000)
EPPID_UPLOAD_MAX_PDF_OBJECTS = conf.env_int("EPPID_UPLOAD_MAX_PDF_OBJECTS", 50_000, minimum=100)
EPPID_UPLOAD_SCANNER = conf.env_str("EPPID_UPLOAD_SCANNER")
# ClamAV (eppid.core.clamav): clamd's local socket or host:port; either makes it the scanner.
# Fail closed: a file clamd cannot check is refused (decision 1451).
EPPID_CLAMD_SOCKET = conf.env_str("EPPID_CLAMD_SOCKET")
EPPID_CLAMD_ADDRESS = conf.env_host_port("EPPID_CLAMD_ADDRESS")
EPPID_CLAMD_TIMEOUT_SECONDS = conf.env_int("EPPID_CLAMD_TIMEOUT_SECONDS", 30, minimum=1, maximum=600)
if (EPPID_CLAMD_SOCKET or EPPID_CLAMD_ADDRESS) and not EPPID_UPLOAD_SCANNER:
    EPPID_UPLOAD_SCANNER = "eppid.core.clamav.clamav_scan"

# --- The public verifier (issue 10) and the information list (issue 12) ---------------------------
EPPID_VERIFY_MAX_BYTES = conf.env_int("EPPID_VERIFY_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
# Uploads are verified in worker processes with a budget (issue 10; docs/decisions/1210): per
# file at most this much CPU time and address space, this long on the clock, this many signatures
# and this many certificates per signature; at most EPPID_VERIFY_WORKERS workers per server process.
EPPID_VERIFY_CPU_SECONDS = conf.env_int("EPPID_VERIFY_CPU_SECONDS", 5, minimum=1)
EPPID_VERIFY_MEMORY_MB = conf.env_int("EPPID_VERIFY_MEMORY_MB", 512, minimum=128)
EPPID_VERIFY_TIMEOUT_SECONDS = conf.env_int("EPPID_VERIFY_TIMEOUT_SECONDS", 15, minimum=1)
EPPID_VERIFY_WORKERS = conf.env_int("EPPID_VERIFY_WORKERS", 2, minimum=1)
EPPID_VERIFY_MAX_SIGNATURES = conf.env_int("EPPID_VERIFY_MAX_SIGNATURES", 5, minimum=1)
EPPID_VERIFY_MAX_CERTIFICATES = conf.env_int("EPPID_VERIFY_MAX_CERTIFICATES", 10, minimum=1)
# Largest document (PDF) staff may attach to an entry of the information list.
EPPID_CATALOG_MAX_BYTES = conf.env_int("EPPID_CATALOG_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
# Most pages of a PDF staff attach (its page tree is read under the upload limits: decision 1452).
EPPID_CATALOG_MAX_PAGES = conf.env_int("EPPID_CATALOG_MAX_PAGES", 2000, minimum=1, maximum=100_000)
