#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: BACKROOM_TEST_PG is set to its URL.
# `make test` uses it for the PostgreSQL pass, so every table is tested on both databases.
# Installs Debian's postgresql when it is missing and we may (root or sudo). As root, the
# server runs as the postgres user (PostgreSQL refuses to run as root).
# BACKROOM_PG_DURABLE=1 keeps fsync on (benchmarks: figures of a real server);
# BACKROOM_PG_OPTIONAL=1 runs the command anyway, without the server, when none can be had.
set -euo pipefail

find_bindir() {
  if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

BINDIR="$(find_bindir)"
if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/initdb" ]; then
  if command -v apt-get >/dev/null; then
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    echo "Installing Debian's postgresql for the PostgreSQL test pass"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
      postgresql >/dev/null
    BINDIR="$(find_bindir)"
  fi
fi
if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/initdb" ]; then
  echo "No PostgreSQL server here (install Debian's postgresql); the PostgreSQL pass cannot run."
  if [ "${CI:-}" = "true" ]; then exit 1; fi
  if [ "${BACKROOM_PG_OPTIONAL:-}" = 1 ]; then exec "$@"; fi
  exit 0
fi

DIR="$(mktemp -d /tmp/backroom-pg.XXXXXX)"
RUN=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$DIR"
  RUN=(runuser -u postgres --)
fi
PORT=$(( 55000 + RANDOM % 5000 ))
cleanup() {
  "${RUN[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
( cd "$DIR" && "${RUN[@]}" "$BINDIR/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 \
    --no-sync >/dev/null )
# Durability off for tests: a test server only, thrown away at the end.
FAST="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
if [ "${BACKROOM_PG_DURABLE:-}" = 1 ]; then FAST=""; fi
( cd "$DIR" && "${RUN[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -o \
    "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 $FAST -c max_connections=200" \
    start >/dev/null )
export BACKROOM_TEST_PG="postgresql://postgres@127.0.0.1:$PORT/postgres"
echo "PostgreSQL pass on $("$BINDIR/postgres" --version) at port $PORT"
"$@"
