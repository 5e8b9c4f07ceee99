#!/usr/bin/env bash
# Starts a private PostgreSQL for the tests on this machine and prints the URL to use as its last
# line on standard output:
#
#   export WFRUN_TEST_POSTGRES_URL=$(Scripts/start-postgres.sh | tail -n 1)
#
# The server runs as the `postgres` user (initdb refuses root), keeps its data in $PGDATA_DIR,
# listens on 127.0.0.1:$PGPORT and in $PGSOCKET_DIR, trusts loopback connections, and has a
# database `wfrun_test`. Running the script again while the server is up changes nothing.
# Stop it with: su postgres -c "pg_ctl -D /tmp/wfrun-pg stop"
set -euo pipefail

PGPORT="${WFRUN_PG_PORT:-54329}"
PGDATA_DIR="${WFRUN_PG_DATA:-/tmp/wfrun-pg}"
PGSOCKET_DIR="${WFRUN_PG_SOCKET_DIR:-/tmp/wfrun-pg-sock}"
DATABASE="wfrun_test"
LOG_FILE="$PGDATA_DIR.log"
# The suite runs its tests in parallel, each PostgreSQL one with its own pool of up to 8
# connections and the cluster tests with several servers: 100 was reached under load.
MAX_CONNECTIONS=300

log() { echo "start-postgres: $*" >&2; }

# The newest installed server, installing Debian's when there is none.
find_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then echo "$dir"; fi
}
BINDIR=$(find_bindir)
if [[ -z "$BINDIR" ]]; then
    log "PostgreSQL is not installed; installing it with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    BINDIR=$(find_bindir)
    [[ -n "$BINDIR" ]] || { log "initdb is still missing after installing postgresql"; exit 1; }
fi

# Runs a command as the postgres user, from a folder it can read.
as_postgres() {
    if [[ $(id -un) == postgres ]]; then
        (cd /tmp && "$@")
    else
        (cd /tmp && runuser -u postgres -- "$@")
    fi
}

mkdir -p "$PGSOCKET_DIR"
chown postgres: "$PGSOCKET_DIR" 2>/dev/null || true

if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]]; then
    log "creating a cluster in $PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    chown postgres: "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
    as_postgres "$BINDIR/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2
    cat >> "$PGDATA_DIR/postgresql.conf" <<EOF
# wfrun test server
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$PGSOCKET_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = $MAX_CONNECTIONS
EOF
fi

# Trust every local and loopback connection (this server holds test data only), except the
# role wfrun_auth, which must give its password: the tests check how a refused login reads.
cat > "$PGDATA_DIR/pg_hba.conf" <<EOF
host    all   wfrun_auth   127.0.0.1/32  scram-sha-256
local   all   all                        trust
host    all   all          127.0.0.1/32  trust
host    all   all          ::1/128       trust
EOF
chown postgres: "$PGDATA_DIR/pg_hba.conf"

if as_postgres "$BINDIR/pg_isready" -q -h "$PGSOCKET_DIR" -p "$PGPORT"; then
    log "already running on port $PGPORT"
    as_postgres "$BINDIR/pg_ctl" -D "$PGDATA_DIR" reload >/dev/null
else
    touch "$LOG_FILE" && chown postgres: "$LOG_FILE"
    # A server that was killed leaves its pid file; in a container without an init that reaps,
    # its pid may even linger as a zombie, which pg_ctl takes for a live server.
    if [[ -f "$PGDATA_DIR/postmaster.pid" ]]; then
        old_pid=$(head -n 1 "$PGDATA_DIR/postmaster.pid")
        state=$(awk '/^State:/ {print $2}' "/proc/$old_pid/status" 2>/dev/null || true)
        if [[ -z "$state" || "$state" == Z ]]; then
            log "removing the pid file of a server that is gone (pid $old_pid)"
            rm -f "$PGDATA_DIR/postmaster.pid"
        fi
    fi
    as_postgres "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -l "$LOG_FILE" -o "-p $PGPORT -k $PGSOCKET_DIR" -w -t 60 start >&2 || {
        log "the server did not start; its log:"
        tail -n 20 "$LOG_FILE" >&2
        exit 1
    }
fi

for _ in $(seq 1 60); do
    if as_postgres "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then break; fi
    sleep 0.5
done
as_postgres "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" || { log "the server is not ready"; exit 1; }

# A cluster made by an older version of this script allows fewer connections: raise the limit,
# which takes a restart.
current=$(as_postgres "$BINDIR/psql" -h "$PGSOCKET_DIR" -p "$PGPORT" -U postgres -d postgres -tAc "SHOW max_connections")
if (( current < MAX_CONNECTIONS )); then
    log "raising max_connections from $current to $MAX_CONNECTIONS (restarting the server)"
    as_postgres "$BINDIR/psql" -h "$PGSOCKET_DIR" -p "$PGPORT" -U postgres -d postgres -qtAc \
        "ALTER SYSTEM SET max_connections = $MAX_CONNECTIONS" >&2
    as_postgres "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -l "$LOG_FILE" -o "-p $PGPORT -k $PGSOCKET_DIR" -w -t 60 restart >&2
    for _ in $(seq 1 60); do
        if as_postgres "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then break; fi
        sleep 0.5
    done
fi

exists=$(as_postgres "$BINDIR/psql" -h "$PGSOCKET_DIR" -p "$PGPORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")
if [[ "$exists" != 1 ]]; then
    as_postgres "$BINDIR/createdb" -h "$PGSOCKET_DIR" -p "$PGPORT" -U postgres "$DATABASE"
    log "created database $DATABASE"
fi

as_postgres "$BINDIR/psql" -h "$PGSOCKET_DIR" -p "$PGPORT" -U postgres -d postgres -qtAc "
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wfrun_auth') THEN
    CREATE ROLE wfrun_auth LOGIN PASSWORD 'wfrun-auth-password';
  END IF;
END \$\$;" >&2

echo "postgres://postgres@127.0.0.1:$PGPORT/$DATABASE"
