#!/usr/bin/env bash
# Config files (motcua(1), CONFIGURATION): the system file, then the user's, or only --config /
# MOTCUA_CONFIG; flag > environment > user file > system file > built-in; `config show` says where
# each value came from; a bad file is exit 2 naming FILE:LINE; [sources.NAME] for @NAME.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sys=$MOTCUA_SYSTEM_CONFIG
user=$XDG_CONFIG_HOME/motcua/motcua.toml
mkdir -p "$(dirname "$sys")" "$(dirname "$user")"
unset MOTCUA_DB
printf 'db = "%s"\nlock_timeout = 3\n\n[catalog.list]\nonline = "full"\n' "$TEST_TMP/sys.db" >"$sys"

step "the system file sets the cache and the lock timeout"
assert_exit 0 motcua config show --format json
jq_eq "$OUT" '.files' "[\"$sys\"]"
jq_eq "$OUT" '.settings[] | select(.key == "db") | [.value, .origin]' "[\"$TEST_TMP/sys.db\",\"$sys:1\"]"
jq_eq "$OUT" '.settings[] | select(.key == "lock_timeout") | [.value, .origin]' "[\"3\",\"$sys:2\"]"
jq_eq "$OUT" '.settings[] | select(.key == "quiet") | .origin' '"built-in"'

step "the user file beats the system file, the environment beats both, a flag beats all"
printf '# mine\ndb = "%s"\n' "$TEST_TMP/user.db" >"$user"
assert_exit 0 motcua config show --format json
jq_eq "$OUT" '.files' "[\"$sys\",\"$user\"]"
jq_eq "$OUT" '.settings[] | select(.key == "db") | [.value, .origin]' "[\"$TEST_TMP/user.db\",\"$user:2\"]"
jq_eq "$OUT" '.settings[] | select(.key == "lock_timeout") | .origin' "\"$sys:2\""
assert_exit 0 env MOTCUA_DB="$TEST_TMP/env.db" "$MOTCUA" config show --format json
jq_eq "$OUT" '.settings[] | select(.key == "db") | [.value, .origin]' "[\"$TEST_TMP/env.db\",\"environment MOTCUA_DB (beats $user:2)\"]"
assert_exit 0 env MOTCUA_DB="$TEST_TMP/env.db" "$MOTCUA" config show --format json --db "$TEST_TMP/flag.db"
jq_eq "$OUT" '.settings[] | select(.key == "db") | [.value, .origin]' "[\"$TEST_TMP/flag.db\",\"command line\"]"

step "the configured cache is the one commands use"
assert_exit 0 motcua sample --out "$TEST_TMP/s" --procedures 30 --dossiers 0
assert_exit 0 motcua catalog import "$TEST_TMP/s/catalog.csv" --as-of 2018-01-01 -q
assert_file_exists "$TEST_TMP/user.db"
assert_no_file "$TEST_TMP/sys.db"

step "[catalog.list] online = full is the default of that command; the flag still wins"
assert_exit 0 motcua catalog list --format json
jq_eq "$OUT" '[.[].online] | unique' '["full"]'
assert_exit 0 motcua catalog list --format json --online none
jq_eq "$OUT" '[.[].online] | unique' '["none"]'

step "a global option in a command's section applies to that command only"
# `db` is a key and a command group: its section is written with a space (a TOML table [db] would clash).
printf '["db info"]\nformat = "json"\n' >>"$user"
assert_exit 0 motcua db info
jq_eq "$OUT" 'has("schema_version") or has("path")' 'true'
assert_exit 0 motcua db info --format table
[[ $OUT != "{"* ]] || fail "--format table on the command line must beat [db.info] format: $OUT"
assert_exit 0 motcua catalog show 1.001000
[[ $OUT != "{"* ]] || fail "[db.info] format must not reach catalog show: $OUT"

step "[sources.NAME] url lets @NAME stand for the source"
printf '\n[sources.catalog]\nurl = "%s"\n' "$TEST_TMP/s/catalog.json" >>"$user"
assert_exit 0 motcua catalog import @catalog --as-of 2018-02-01 --format json
jq_eq "$OUT" '.read' '30'
assert_exit 2 motcua catalog import @catalgo
assert_contains "$ERR" "no source named @catalgo in the config (did you mean @catalog?)"

step "--config FILE and MOTCUA_CONFIG read only that file"
printf 'lock_timeout = 9\n' >"$TEST_TMP/only.toml"
assert_exit 0 motcua --config "$TEST_TMP/only.toml" config show --format json
jq_eq "$OUT" '.files' "[\"$TEST_TMP/only.toml\"]"
jq_eq "$OUT" '.settings[] | select(.key == "lock_timeout") | .value' '"9"'
jq_eq "$OUT" '.settings[] | select(.key == "db") | .origin' '"built-in"'
assert_exit 0 env MOTCUA_CONFIG="$TEST_TMP/only.toml" "$MOTCUA" config show --format json
jq_eq "$OUT" '.files' "[\"$TEST_TMP/only.toml\"]"
assert_exit 2 motcua config show --config "$TEST_TMP/missing.toml"
assert_contains "$ERR" "config file $TEST_TMP/missing.toml does not exist"

step "bad files: exit 2 naming the file and line, nothing run"
bad=$TEST_TMP/bad.toml
printf 'db = "%s"\n\nlock_timout = 5\n' "$TEST_TMP/bad.db" >"$bad"
assert_exit 2 motcua --config "$bad" db info
assert_contains "$ERR" "$bad:3: unknown key 'lock_timout' (did you mean lock_timeout?)"
printf '\nlock_timeout = "soon"\n' >"$bad"
assert_exit 2 motcua --config "$bad" db info
assert_contains "$ERR" "$bad:2: lock_timeout = \"soon\""
printf '[audit]\ntoken = "s3cret"\n' >"$bad"
assert_exit 2 motcua --config "$bad" db info
assert_contains "$ERR" "$bad:2: a token is never written in a config file"
assert_not_contains "$ERR" "s3cret"
printf '[catalog.import]\nforce = true\n' >"$bad"
assert_exit 2 motcua --config "$bad" db info
assert_contains "$ERR" "$bad:2: catalog.import.force: --force is given on the command line, never in a config file"
printf '[dossier]\nlimit = 5\n' >"$bad"
assert_exit 2 motcua --config "$bad" db info
assert_contains "$ERR" "$bad:2: unknown section [dossier]: no command 'dossier' (did you mean [dossiers]?)"
printf 'http_retries = 1000\n' >"$bad"
assert_exit 2 motcua --config "$bad" db info
assert_contains "$ERR" "$bad:1: http_retries = 1000: expected a whole number from 0 to 100"
printf 'db = [1, 2]\n' >"$bad"
assert_exit 2 motcua --config "$bad" db info
assert_contains "$ERR" "$bad:1: db: expected a string, number or true/false"
printf 'db = "unterminated\n' >"$bad"
assert_exit 2 motcua --config "$bad" db info
assert_contains "$ERR" "$bad:1:"
assert_no_file "$TEST_TMP/bad.db"

step "token_file in the config; MOTCUA_TOKEN beats it"
printf '[dossiers.migrate]\ntoken_file = "%s"\n' "$TEST_TMP/no-such-token" >"$TEST_TMP/tok.toml"
assert_exit 0 env MOTCUA_TOKEN=abc "$MOTCUA" --config "$TEST_TMP/tok.toml" config show --format json
jq_eq "$OUT" '.settings[] | select(.key == "dossiers.migrate.token_file") | .origin' "\"environment MOTCUA_TOKEN (beats $TEST_TMP/tok.toml:2)\""
assert_not_contains "$OUT" "abc"

step "config get KEY prints what the command line, the environment or a file sets; --default otherwise"
g="$TEST_TMP/get.toml"
printf 'db = "%s"\n[dossiers.migrate]\nmax_rejects = "5%%"\n[nightly]\ndossiers = ["@a", "@b"]\nreport_period = "last-month"\n' "$TEST_TMP/g.db" >"$g"
assert_exit 0 "$MOTCUA" --config "$g" config get db
assert_eq "$TEST_TMP/g.db" "$OUT" "db from the file"
assert_exit 0 env MOTCUA_DB=/tmp/env.db "$MOTCUA" --config "$g" config get db
assert_eq "/tmp/env.db" "$OUT" "MOTCUA_DB beats the file"
assert_exit 0 "$MOTCUA" --config "$g" --db /tmp/flag.db config get db
assert_eq "/tmp/flag.db" "$OUT" "a flag beats all"
assert_exit 0 "$MOTCUA" --config "$g" config get nightly.dossiers
assert_eq "@a @b" "$OUT" "a list of sources, one line"
assert_exit 0 "$MOTCUA" --config "$g" config get dossiers.migrate.max_rejects
assert_eq "5%" "$OUT" "a command's setting"
assert_exit 0 "$MOTCUA" --config "$g" config get nightly.catalog --default ""
assert_eq "" "$OUT" "an unset key with --default ''"
assert_exit 0 "$MOTCUA" --config "$g" config get format --default csv
assert_eq "csv" "$OUT" "a built-in default does not count as set"
assert_exit 2 "$MOTCUA" --config /dev/null config get db
assert_contains "$ERR" "db is not set (config files read: /dev/null)"
assert_exit 2 "$MOTCUA" --config "$g" config get nightly.dosiers --default x
assert_contains "$ERR" "unknown key nightly.dosiers"
assert_contains "$ERR" "did you mean nightly.dossiers?"
printf '[nightly]\nreport_format = "pdf"\n' >"$g"
assert_exit 2 "$MOTCUA" --config "$g" config get nightly.report_format
assert_contains "$ERR" "$g:2: nightly.report_format = \"pdf\": expected table, json, csv, md or html"
assert_eq "" "$OUT" "nothing printed for a bad config"
