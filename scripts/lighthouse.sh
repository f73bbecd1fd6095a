#!/usr/bin/env bash
# Lighthouse scores of the citizen pages (issue 14 item 9), with Debian's Chromium.
#
#   scripts/lighthouse.sh [PATH ...]          default: / /permohonan/ /units/ /units/35.04/ /units/35.04/informasi/
#
# Without LIGHTHOUSE_BASE_URL it serves the demo portal itself, as `make run` does (migrate,
# init_demo_pki, load_demo, runserver) but in a throwaway data dir on a free port, and stops it at
# the end. With LIGHTHOUSE_BASE_URL=http://127.0.0.1:8000 it audits a server already running.
# The npm package `lighthouse` is installed once into $LIGHTHOUSE_DIR (default var/lighthouse);
# Chromium is /usr/bin/chromium (CHROME_PATH), never a downloaded browser.
# Prints each page's four category scores; exits 1 when one is below LIGHTHOUSE_MIN (default 0,
# so only a report). Reports (JSON) stay in $LIGHTHOUSE_DIR/reports. Not run in CI: it takes
# minutes and its performance score moves with the machine's load (docs/benchmarks.md).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
LIGHTHOUSE_DIR="${LIGHTHOUSE_DIR:-$ROOT/var/lighthouse}"
LIGHTHOUSE_VERSION="${LIGHTHOUSE_VERSION:-13}"
LIGHTHOUSE_MIN="${LIGHTHOUSE_MIN:-0}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
PATHS=("$@")
[ ${#PATHS[@]} -gt 0 ] || PATHS=(/ /permohonan/ /units/ /units/35.04/ /units/35.04/informasi/)

[ -x "$CHROME_PATH" ] || { echo "no Chromium at $CHROME_PATH: apt-get install chromium" >&2; exit 2; }
command -v npm >/dev/null || { echo "npm is missing: apt-get install npm" >&2; exit 2; }
LIGHTHOUSE="$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse"
if [ ! -x "$LIGHTHOUSE" ]; then
  mkdir -p "$LIGHTHOUSE_DIR"
  npm install --prefix "$LIGHTHOUSE_DIR" --no-audit --no-fund --silent "lighthouse@$LIGHTHOUSE_VERSION"
fi

server=""
data_dir=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$data_dir" ]; then rm -rf "$data_dir"; fi
}
trap cleanup EXIT INT TERM

base="${LIGHTHOUSE_BASE_URL:-}"
if [ -z "$base" ]; then
  data_dir="$(mktemp -d /tmp/eppid-lighthouse-XXXXXX)"
  port="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  export EPPID_DATA_DIR="$data_dir" EPPID_ENV=development EPPID_LOG_LEVEL=WARNING
  unset DATABASE_URL REDIS_URL
  (cd "$ROOT" && "$PYTHON" manage.py migrate --no-input >/dev/null \
    && "$PYTHON" manage.py init_demo_pki >/dev/null && "$PYTHON" manage.py load_demo >/dev/null)
  (cd "$ROOT" && exec "$PYTHON" manage.py runserver "127.0.0.1:$port" --noreload >"$data_dir/server.log" 2>&1) &
  server=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$base/" 2>/dev/null && break
    sleep 0.5
  done
fi

mkdir -p "$LIGHTHOUSE_DIR/reports"
status=0
printf '%-32s %12s %14s %15s %5s\n' page performance accessibility best-practices seo
for path in "${PATHS[@]}"; do
  name="$(echo "$path" | tr -c 'A-Za-z0-9\n' '_')"
  report="$LIGHTHOUSE_DIR/reports/${name}.json"
  "$LIGHTHOUSE" "$base$path" --quiet --output=json --output-path="$report" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1 || true
  scores="$("$PYTHON" - "$report" "$LIGHTHOUSE_MIN" <<'EOF'
import json, sys
try:
    report = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print("no-report"); sys.exit(0)
names = ["performance", "accessibility", "best-practices", "seo"]
scores = [report["categories"][n]["score"] for n in names]
values = [round(s * 100) if s is not None else -1 for s in scores]
low = [n for n, v in zip(names, values) if v < int(sys.argv[2])]
failed = [a["id"] for a in report["audits"].values() if a.get("score") is not None and a["score"] < 1
          and a.get("scoreDisplayMode") == "binary"]
print(" ".join(str(v) for v in values), "LOW" if low else "ok", ",".join(failed[:8]))
EOF
)"
  if [ "$scores" = "no-report" ]; then
    printf '%-32s lighthouse wrote no report\n' "$path"; status=1; continue
  fi
  read -r perf a11y best seo verdict failed <<<"$scores"
  printf '%-32s %12s %14s %15s %5s  %s\n' "$path" "$perf" "$a11y" "$best" "$seo" "${failed:-}"
  [ "$verdict" = ok ] || status=1
done
exit $status
