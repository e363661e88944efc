#!/usr/bin/env bash
# Brings up the database (DESIGN.md, "Running it") and records its URL in .env:
#   DATABASE_URL if set; else the PostgreSQL answering on 127.0.0.1:5432; else a private PostGIS
#   cluster under .data/postgres, run by a non-root user on port 54329.
set -euo pipefail
cd "$(dirname "$0")/.."

DB_NAME=${DB_NAME:-klmitwirkung}
PRIVATE_PORT=54329
PRIVATE_DIR=$PWD/.data/postgres
# As root, the cluster runs as user postgres, which may not reach a clone under /root: use /var/lib then.
if [ "$(id -u)" = 0 ] && id -u postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$PWD"; then
  PRIVATE_DIR=/var/lib/klmitwirkung/postgres
fi
bin=/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -n | tail -n 1)/bin

as_owner() {
  # initdb and postgres refuse to run as root.
  if [ "$(id -u)" = 0 ]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_private_cluster() {
  mkdir -p "$PRIVATE_DIR"
  [ "$(id -u)" = 0 ] && chown -R postgres "$PRIVATE_DIR"
  if [ ! -f "$PRIVATE_DIR/PG_VERSION" ]; then
    echo "Creating a private PostGIS cluster in $PRIVATE_DIR" >&2
    as_owner "$bin/initdb" -D "$PRIVATE_DIR" -U postgres -A trust -E UTF8 --locale C.UTF-8 >/dev/null
  fi
  if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$PRIVATE_PORT"; then
    as_owner "$bin/pg_ctl" -D "$PRIVATE_DIR" -l "$PRIVATE_DIR/server.log" -w \
      -o "-p $PRIVATE_PORT -c listen_addresses=127.0.0.1 -k $PRIVATE_DIR" start >/dev/null
  fi
}

write_env() {
  touch .env
  grep -q '^DJANGO_SECRET_KEY=' .env || echo "DJANGO_SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')" >> .env
  sed -i '/^DATABASE_URL=/d' .env
  [ -n "${1:-}" ] && echo "DATABASE_URL=$1" >> .env
  return 0
}

if [ -n "${DATABASE_URL:-}" ]; then
  write_env ""   # the environment wins; .env keeps only the secret key
  exit 0
fi

# The local server counts only if user postgres may log in over TCP without a password (trust), as on CI;
# Debian's default asks for a password there, and then the private cluster is used instead.
if "$bin/pg_isready" -q -h 127.0.0.1 -p 5432 &&
   PGCONNECT_TIMEOUT=5 "$bin/psql" -h 127.0.0.1 -p 5432 -U postgres -d postgres -w -qtAc "SELECT 1" >/dev/null 2>&1; then
  host=127.0.0.1; port=5432
else
  start_private_cluster
  host=127.0.0.1; port=$PRIVATE_PORT
fi

export PGOPTIONS="--client-min-messages=warning"
psql=("$bin/psql" -h "$host" -p "$port" -U postgres -v ON_ERROR_STOP=1 -qtA)
if [ -z "$("${psql[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
  "${psql[@]}" -d postgres -c "CREATE DATABASE \"$DB_NAME\"" >/dev/null
fi
# Fails here, with PostgreSQL's own message, when PostGIS is not installed for this server.
"${psql[@]}" -d "$DB_NAME" -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null

write_env "postgis://postgres@$host:$port/$DB_NAME"
