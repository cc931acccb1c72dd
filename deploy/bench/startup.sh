#!/usr/bin/env bash
# deploy/bench/startup.sh: start-up time (process start to /q/health/ready answering 200, polled every 10 ms) and
# idle resident memory (PSS, 2 s after ready) of each role's jar, and of Kamailio (start to its UDP socket bound
# and its control socket answering) beside the proxy. Median of REPEATS starts. Writes $BENCH_OUT/startup.tsv.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ "$BENCH_SMOKE" = 1 ]; then ROLES="proxy"; REPEATS=1; IDLE=1; else ROLES="proxy presence conference regevent"; REPEATS=3; IDLE=2; fi
declare -A T M R

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Starts role $1 (its jar, the same configuration as the benchmarks) and sets START_MS, READY_MS.
start_role() {
  local role=$1 dir="$BENCH_WORK/run/startup-$1-$RANDOM" jar mport port
  jar="$REPO/$role-service/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || { log "$jar missing"; return 1; }
  mkdir -p "$dir/log"; port=$(free_port); mport=$(free_port)
  printf '[global]\ntransports=sip:127.0.0.1:%s\nlog-directory=%s/log\n[module::Registrar]\nreg-domains=*\n[module::DoSProtection]\nenabled=false\n[module::MediaRelay]\nenabled=false\n' \
    "$port" "$dir" >"$dir/flexisip.conf"
  START_MS=$(now_ms)
  # shellcheck disable=SC2086
  "$JAVA" ${BENCH_JAVA_OPTS:-} -XX:+ExitOnOutOfMemoryError -Dquarkus.management.port="$mport" \
    -jar "$jar" -c "$dir/flexisip.conf" >"$dir/out.log" 2>&1 &
  SERVER_PID=$!; STARTED+=("$SERVER_PID"); SERVER_NAME=$role
  while [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$mport/q/health/ready" 2>/dev/null)" != 200 ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$dir/out.log" >&2; return 1; }
    [ $(( $(now_ms) - START_MS )) -lt 90000 ] || { log "$role not ready in 90 s"; return 1; }
    sleep 0.01
  done
  READY_MS=$(now_ms)
}

startup_run() {
local role ts ms rs i t0 t1 other mother out
for role in $ROLES; do
  ts=""; ms=""; rs=""
  for i in $(seq "$REPEATS"); do
    start_role "$role"
    sleep "$IDLE"
    ts+=" $((READY_MS - START_MS))"; ms+=" $(mem_kb)"; rs+=" $(rss_kb "$SERVER_PID")"
    stop_server
  done
  T[$role]=$(echo "$ts" | median); M[$role]=$(echo "$ms" | median | awk '{ printf "%.1f", $1 / 1024 }')
  R[$role]=$(echo "$rs" | median | awk '{ printf "%.1f", $1 / 1024 }')
  log "$role: ready in$ts ms; idle PSS$ms kB, RSS$rs kB"
done

if [[ " $SERVERS " == *" kamailio "* ]]; then
  ts=""; ms=""
  for i in $(seq "$REPEATS"); do
    t0=$(now_ms); start_kamailio; t1=$(now_ms)
    sleep "$IDLE"
    ts+=" $((t1 - t0))"; ms+=" $(mem_kb)"
    stop_server
  done
  T[kamailio]=$(echo "$ts" | median); M[kamailio]=$(echo "$ms" | median | awk '{ printf "%.1f", $1 / 1024 }')
  log "kamailio: up in$ts ms; idle PSS (all processes)$ms kB"
fi

out="$BENCH_OUT/startup.tsv"; : >"$out"
for role in $ROLES; do
  other="-"; mother="-"
  if [ "$role" = proxy ]; then other=${T[kamailio]:--}; mother=${M[kamailio]:--}; fi
  emit "$out" "start-up: $role, process start to ready" ms "${T[$role]}" "$other" lower
  emit "$out" "start-up: $role, idle resident memory (PSS; ours RSS ${R[$role]} MiB)" MiB "${M[$role]}" "$mother" lower
done
cat "$out" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  SERVERS=$(bench_servers)
  startup_run
fi
