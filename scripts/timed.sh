# Sourced by setup.sh, test.sh and fuzz.sh.
# timed PHASE CMD...: runs CMD; under scripts/test.sh, records its wall time there ($MOTCUA_PHASE_TIMES).
timed() {
  local phase=$1 t0=$SECONDS rc=0
  shift
  "$@" || rc=$?
  [[ -z ${MOTCUA_PHASE_TIMES:-} ]] || echo "$phase $((SECONDS - t0))" >>"$MOTCUA_PHASE_TIMES"
  return $rc
}
