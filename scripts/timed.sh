# Sourced by setup.sh, test.sh and fuzz.sh.
# timed PHASE CMD...: runs CMD; under scripts/test.sh, records its wall time and the CPU time of the processes it
# waited for ($MOTCUA_PHASE_TIMES: "PHASE WALL CPU"): on a shared machine the CPU time tells the cost, the wall time
# the load.
timed() {
  local phase=$1 t0=$SECONDS self=$BASHPID c0 rc=0
  shift
  c0=$(timed_cpu "$self")
  "$@" || rc=$?
  [[ -z ${MOTCUA_PHASE_TIMES:-} ]] || echo "$phase $((SECONDS - t0)) $(($(timed_cpu "$self") - c0))" >>"$MOTCUA_PHASE_TIMES"
  return $rc
}
# timed_cpu PID: user + system seconds of the finished children of process PID (cutime + cstime in /proc/PID/stat).
timed_cpu() {
  local stat
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) } # past the command name, which may hold spaces
  read -ra stat <<<"$stat"
  echo $(((stat[13] + stat[14]) / $(getconf CLK_TCK)))
}
