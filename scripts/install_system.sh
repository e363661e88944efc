#!/usr/bin/env bash
# Installs the Debian packages the project needs (PostGIS for the installed PostgreSQL major version,
# GDAL/GEOS/PROJ, gettext, Chromium for the browser tests, QGIS's Python bindings and data providers for
# the tests that open the live services and the shipped project in QGIS, wrk for `make bench-cpu`) when they
# are missing. Without root or password-less sudo it stops and prints the exact command to run.
set -euo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
pg_major() { ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1; }

if ! command -v dpkg-query >/dev/null; then
  echo "This set-up knows Debian/Ubuntu only. Install PostgreSQL with PostGIS 3, GDAL, GEOS, PROJ," >&2
  echo "gettext and Chromium with your package manager, or run the stack with docker compose." >&2
  exit 1
fi

if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo"; else sudo="none"; fi

apt_install() {
  if [ "$sudo" = none ]; then
    echo "Missing system packages. Please run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $*" >&2
    exit 1
  fi
  echo "Installing system packages: $*"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# PostgreSQL itself only when none is installed; PostGIS always matches the installed major version.
if [ -z "$(pg_major)" ]; then
  apt_install postgresql postgresql-contrib
fi
major=$(pg_major)

missing=()
# redis-server: the Redis outage test starts and stops a private one (tests/edge/test_redis_outage.py).
# libpango*: WeasyPrint (the accessible PDF of the Abwägungstabelle, bauleitplanung.exports).
for pkg in "postgresql-$major-postgis-3" gdal-bin binutils gettext chromium python3-qgis qgis-providers redis-server \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
  installed "$pkg" || missing+=("$pkg")
done
installed wrk || missing+=(wrk)  # the load generator of make bench-cpu
# Debian's own Python needs python3-venv for `python3 -m venv` (ensurepip).
python3 -c "import ensurepip" 2>/dev/null || missing+=(python3-venv)
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
fi
