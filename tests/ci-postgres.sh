#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tuning storage tests and prints the
# connection string as an `export` line, so callers run: eval "$(sudo bash tests/ci-postgres.sh)". Two more lines
# export MLPIPELINE_TEST_POSTGRES_STOP and _START, the commands that stop and start this server (the fault tests
# take it down mid-sweep).
# Idempotent: a second run reuses the running server, role and database.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

PORT="${MLPIPELINE_PG_PORT:-54329}"
DATA_DIR="${MLPIPELINE_PG_DIR:-/var/tmp/mlpipeline-ci-pg}"
ROLE=mlpipeline
PASSWORD=mlpipeline
DB=mlpipeline_test

log() { echo "ci-postgres: $*" >&2; }

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n "$dir" && -x "$dir/pg_ctl" ]] && echo "$dir"
}

BIN=$(find_bin || true)
if [[ -z "$BIN" ]]; then
  log "installing postgresql"
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN=$(find_bin)
fi

# The Debian package may auto-start its own cluster on 5432; ours is separate so it
# cannot collide with it and listens on loopback only.
as_pg() { runuser -u postgres -- "$@"; }

if [[ ! -f "$DATA_DIR/PG_VERSION" ]]; then
  log "initdb into $DATA_DIR"
  mkdir -p "$DATA_DIR"
  chown postgres:postgres "$DATA_DIR"
  chmod 700 "$DATA_DIR"
  pwfile=$(mktemp)
  echo postgres > "$pwfile"
  chown postgres "$pwfile"
  as_pg "$BIN/initdb" -D "$DATA_DIR" -A scram-sha-256 --pwfile="$pwfile" -U postgres >&2
  rm -f "$pwfile"
fi

if ! as_pg "$BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
  log "starting server on 127.0.0.1:$PORT"
  as_pg "$BIN/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -c max_connections=200 -k $DATA_DIR" start >&2
fi

export PGPASSWORD=postgres
psql_admin() { psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

for _ in $(seq 1 30); do psql_admin -c 'select 1' >/dev/null 2>&1 && break; sleep 1; done

if [[ "$(psql_admin -c "select 1 from pg_roles where rolname='$ROLE'")" != "1" ]]; then
  psql_admin -c "create role $ROLE login password '$PASSWORD'" >&2
fi
if [[ "$(psql_admin -c "select 1 from pg_database where datname='$DB'")" != "1" ]]; then
  psql_admin -c "create database $DB owner $ROLE" >&2
fi

echo "export MLPIPELINE_TEST_POSTGRES='Host=127.0.0.1;Port=$PORT;Username=$ROLE;Password=$PASSWORD;Database=$DB'"
# Stop (fast shutdown: live sessions are terminated, as in a real restart or failover) and start again with the same
# options, as two commands so a test can keep the server down for a while in between.
echo "export MLPIPELINE_TEST_POSTGRES_STOP='runuser -u postgres -- $BIN/pg_ctl -D $DATA_DIR -m fast -w stop'"
echo "export MLPIPELINE_TEST_POSTGRES_START='runuser -u postgres -- $BIN/pg_ctl -D $DATA_DIR -l $DATA_DIR/server.log -w -o \"-c listen_addresses=127.0.0.1 -p $PORT -c max_connections=200 -k $DATA_DIR\" start'"
