# Shared by the PostgreSQL end-to-end tests (label postgresql): source it after lib.sh. The server is
# the fixture's (scripts/pg-test-server.sh, CTest pg.start): MOTCUA_PG_TEST_DIR names its directory.
: "${MOTCUA_PG_TEST_DIR:?run through ctest (fixture postgresql) or set MOTCUA_PG_TEST_DIR to a pg-test-server.sh directory}"
[[ -S "$MOTCUA_PG_TEST_DIR/.s.PGSQL.5432" ]] || fail "no PostgreSQL server in $MOTCUA_PG_TEST_DIR (pg.start)"
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
# Without --rejects a PostgreSQL run writes its rejects under the home directory: a private one per test.
export HOME="$TEST_TMP/home"
mkdir -p "$HOME"
# The socket directory as a URL host (percent-encoded slashes).
PG_SOCKET_HOST=$(printf '%s' "$MOTCUA_PG_TEST_DIR" | sed 's|/|%2F|g')
# A fresh schema per test run, so tests never see each other's stores.
PG_SCHEMA="e2e_$(basename "$TEST_TMP" | tr -dc 'a-z0-9' | tail -c 12)_$$"
PG_URL="postgresql://postgres@$PG_SOCKET_HOST/postgres"
# psql as the superuser, for what a test does behind motcua's back.
pg_psql() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At "host=$MOTCUA_PG_TEST_DIR user=postgres dbname=postgres" "$@"; }
on_exit "pg_psql -c 'DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE' >/dev/null 2>&1"
