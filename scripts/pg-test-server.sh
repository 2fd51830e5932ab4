#!/usr/bin/env bash
# A throw-away PostgreSQL 15 server for the tests (issue 17), from Debian's packages (postgresql):
#
#   scripts/pg-test-server.sh start DIR   initdb into DIR/data and start the server; prints the conninfo
#                                         (also written to DIR/conninfo) and exits 0 once it accepts connections
#   scripts/pg-test-server.sh stop DIR    stop the server and remove DIR (a no-op when nothing runs there)
#
# The server listens only on a Unix socket in DIR (no TCP), runs as an unprivileged user (as root:
# `nobody`, through setpriv; otherwise the caller), and trusts local connections except for the role
# motcua_scram, which needs the password in DIR/scram-password over scram-sha-256 (the wrong-password
# tests). It is fast and unsafe by design: initdb --no-sync, fsync off. PG_BIN overrides the binaries'
# directory (default /usr/lib/postgresql/15/bin, where Debian puts them; no PATH symlink needed).
set -euo pipefail

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
[[ $# -eq 2 ]] || usage
action=$1
dir=$2
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}

# Runs a command as the server's user: `nobody` when we are root (PostgreSQL refuses to run as root).
as_server() {
  if [[ $(id -u) -eq 0 ]]; then
    setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env -- "$@"
  else
    "$@"
  fi
}

case $action in
start)
  [[ -x $pg_bin/initdb ]] || {
    echo "pg-test-server: $pg_bin/initdb not found: install Debian's postgresql (scripts/setup.sh does) or set PG_BIN" >&2
    exit 1
  }
  [[ ! -e $dir/data ]] || {
    echo "pg-test-server: $dir/data exists: stop the old server first (pg-test-server.sh stop $dir)" >&2
    exit 1
  }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # The socket path must fit in sun_path (107 bytes).
  if ((${#dir} + 16 > 107)); then
    echo "pg-test-server: $dir is too long for a Unix socket path: use a shorter directory" >&2
    exit 1
  fi
  chmod 0700 "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown nobody:nogroup "$dir"
    as_server test -w "$dir" || {
      echo "pg-test-server: the user nobody cannot reach $dir (a parent directory is private): use a directory under /tmp" >&2
      exit 1
    }
  fi
  password=$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy')
  printf '%s\n' "$password" >"$dir/scram-password"
  chmod 0644 "$dir/scram-password" # the tests run as the caller; the directory itself is private
  as_server "$pg_bin/initdb" --no-sync --auth=trust --username=postgres --encoding=UTF8 --locale=C \
    -D "$dir/data" >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  cat >"$dir/data/pg_hba.conf" <<'EOF'
local all motcua_scram scram-sha-256
local all all trust
EOF
  as_server "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c password_encryption=scram-sha-256" \
    start >/dev/null || {
    cat "$dir/server.log" >&2
    exit 1
  }
  "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 "host=$dir user=postgres dbname=postgres" <<EOF >/dev/null
CREATE ROLE motcua_scram LOGIN PASSWORD '$password';
GRANT ALL ON DATABASE postgres TO motcua_scram;
GRANT CREATE ON SCHEMA public TO motcua_scram;
EOF
  conninfo="host=$dir user=postgres dbname=postgres"
  printf '%s\n' "$conninfo" >"$dir/conninfo"
  printf '%s\n' "$conninfo"
  ;;
stop)
  [[ -e $dir ]] || exit 0
  if [[ -f $dir/data/postmaster.pid ]]; then
    as_server "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*) usage ;;
esac
