#!/usr/bin/env bash
# What the tests need beyond npm: Debian's chromium (for the browser journeys) and a running
# PostgreSQL (for the PostgreSQL tests). Installs them with apt only when missing; starts
# PostgreSQL with pg_ctlcluster; prints the TEST_POSTGRES_URL to use on its last line.
set -euo pipefail

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else echo "need root to run: $*" >&2; exit 1; fi; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ -z "${TEST_POSTGRES_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then missing+=(postgresql); fi
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing ${missing[*]} from Debian's packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  echo "$TEST_POSTGRES_URL"
  exit 0
fi

# The machine's own cluster: create it if the package did not, start it if it is down.
if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  as_root pg_createcluster "$version" main >&2
fi
read -r version cluster port status _ < <(pg_lsclusters -h | head -1)
if [ "$status" != "online" ]; then
  say "Starting PostgreSQL $version/$cluster"
  as_root pg_ctlcluster "$version" "$cluster" start >&2
fi
# A password for the postgres role, so the tests connect over TCP like any app would.
as_root su postgres -c "psql -q -p $port -c \"ALTER USER postgres PASSWORD 'postgres'\"" >&2
echo "postgresql://postgres:postgres@127.0.0.1:${port}/postgres"
