#!/usr/bin/env bash
# HTTP load on the prerendered pages of a signed-in user: the Web app published in Release, on Kestrel on loopback,
# with the demo world on SQLite (or PostgreSQL with --postgres); wrk at 16 and 64 connections against each page.
#   bash loadtest/http.sh [--postgres] [--duration 15s] [--pages "/ /inventory /scores /plan /catalog"]
# Needs wrk and curl (apt-get install wrk curl). PostgreSQL: KS_BENCH_POSTGRES, default the loopback server of .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

provider=Sqlite duration=15s port=5310
pages="/ /inventory /scores /plan /catalog"
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) provider=Postgres; shift ;;
    --duration) duration=$2; shift 2 ;;
    --pages) pages=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d)
base="http://127.0.0.1:$port"
app_pid=""
pg_admin=${KS_BENCH_POSTGRES:-"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres"}
pg_db="ks_load_$$"
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  if [ "$provider" = Postgres ]; then
    PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== publishing the web app (Release)"
dotnet publish KuaishouSeller.Web -c Release -o "$work/app" >/dev/null

export Database__Provider=$provider
if [ "$provider" = Sqlite ]; then
  export Database__ConnectionString="Data Source=$work/load.db"
else
  export Database__ConnectionString="$pg_admin;Database=$pg_db"
fi
# Production, but over plain HTTP on loopback (Security__PlainHttp): the measurement has no TLS in front of it.
export ASPNETCORE_URLS=$base Logging__LogLevel__Default=Warning DOTNET_CLI_TELEMETRY_OPTOUT=1 Security__PlainHttp=true
echo "== starting it on $base ($provider, demo world seeded on first start)"
(cd "$work/app" && exec dotnet KuaishouSeller.Web.dll >"$work/app.log" 2>&1) &
app_pid=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "$base/Account/Login" && break
  sleep 0.5
done
curl -sf -o /dev/null "$base/Account/Login" || { cat "$work/app.log"; exit 1; }

echo "== signing in owner@demo.ks through the Identity form"
jar="$work/cookies"
form=$(curl -sf -c "$jar" -b "$jar" "$base/Account/Login")
token=$(grep -o 'name="__RequestVerificationToken" value="[^"]*"' <<<"$form" | head -1 | sed 's/.*value="//; s/"$//')
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" "$base/Account/Login" \
  --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "_handler=login" \
  --data-urlencode "Input.Email=owner@demo.ks" --data-urlencode "Input.Password=Demo@2026" --data-urlencode "Input.RememberMe=false")
[ "$status" = 302 ] || { echo "sign-in answered $status, expected a redirect" >&2; exit 1; }
# Every cookie of the jar (curl marks HttpOnly ones with a #HttpOnly_ prefix) as one Cookie header for wrk.
cookie=$(awk -F '\t' '(/^#HttpOnly_/ || !/^#/) && NF >= 7 {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$jar")

for page in $pages; do
  # A signed-in page answers 200 with the page itself, not a redirect to the sign-in form.
  code=$(curl -s -o "$work/page.html" -w '%{http_code}' -H "Cookie: $cookie" "$base$page")
  [ "$code" = 200 ] && ! grep -q 'Input.Password' "$work/page.html" || { echo "$page answered $code or the sign-in form" >&2; exit 1; }
  for _ in $(seq 1 20); do curl -s -o /dev/null -H "Cookie: $cookie" "$base$page"; done   # warm-up
done

# Warm-up under load, every page before any is measured: tiered JIT compiles the hot paths again with their profile
# during the first seconds of load, and the page measured first would otherwise pay for it alone.
echo "== warming up: wrk 8 s per page"
for page in $pages; do wrk -t 2 -c 16 -d 8s -H "Cookie: $cookie" "$base$page" >/dev/null; done

echo "== wrk, $duration per run, $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
printf '| %-10s | %-5s | %8s | %8s | %8s | %8s | %8s | %s |\n' page conns "req/s" p50 p75 p90 p99 "errors"
printf '|%s|\n' "------------|-------|----------|----------|----------|----------|----------|-------"
for page in $pages; do
  for connections in 16 64; do
    out=$(wrk -t 2 -c "$connections" -d "$duration" --timeout 10s --latency -H "Cookie: $cookie" "$base$page")
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    pct() { awk -v p="$1" '$1 == p {print $2}' <<<"$out"; }
    errors=$(awk '/Non-2xx or 3xx responses:/ {n=$NF} /Socket errors:/ {s=$0} END {print (n ? n " non-2xx" : "0") (s ? "; " s : "")}' <<<"$out")
    printf '| %-10s | %-5s | %8s | %8s | %8s | %8s | %8s | %s |\n' "$page" "$connections" "$rps" "$(pct 50%)" "$(pct 75%)" "$(pct 90%)" "$(pct 99%)" "$errors"
  done
done
if grep -qE '^(warn|fail)' "$work/app.log"; then
  echo "== the app's warnings and errors during the run (count, first line of each)"
  grep -E -A1 '^(warn|fail)' "$work/app.log" | grep -vE '^(warn|fail|--)' | sed 's/^ *//' | cut -c1-160 | sort | uniq -c | sort -rn | head -10
fi
