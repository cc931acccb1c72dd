#!/usr/bin/env bash
# deploy/bench/memory.sh: memory per binding. Registers BINDINGS distinct users (default 100,000; expires one day)
# in our `internal` registrar and in Kamailio's usrloc (in memory). Ours: live heap after a full GC (jcmd
# GC.class_histogram, which collects first) after minus before, divided by the bindings. Kamailio: its shared memory
# in use (kamcmd core.shmmem real_used) after minus before. "After" is taken $MEM_SETTLE_S seconds after the last
# REGISTER (40 s; 1 in the smoke run): our completed REGISTER transactions stay for Timer J (32 s over UDP) and would
# otherwise be counted as memory of the bindings (Kamailio answers REGISTER statelessly, it keeps none).
# Writes $BENCH_OUT/memory.tsv.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ "$BENCH_SMOKE" = 1 ]; then BINDINGS=${BENCH_BINDINGS:-1000}; MEM_RATE=2000; MEM_SETTLE_S=1
else BINDINGS=${BENCH_BINDINGS:-100000}; MEM_RATE=4000; MEM_SETTLE_S=40; fi
declare -A PER USED PSS

live_heap() { jcmd "$SERVER_PID" GC.class_histogram 2>/dev/null | awk '$1 == "Total" { print $3 }'; }
heap_used() { [ "$BENCH_SMOKE" != 1 ] || { echo 0; return; }; jcmd "$SERVER_PID" GC.run >/dev/null 2>&1; jcmd "$SERVER_PID" GC.heap_info 2>/dev/null \
  | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); print v * 1024; exit } }'; }
shm_used() { kamcmd -s "$KAM_CTL" core.shmmem 2>/dev/null | awk '$1 == "real_used:" { print $2 }'; }

# Registers the BINDINGS users m1..mN (others than the REGISTER scenario's u1..u10000).
register_all() {
  local dir="$BENCH_WORK/run/memory-$SERVER_NAME" port rc=0 inf="$BENCH_WORK/musers-$BINDINGS.csv"
  [ -f "$inf" ] || { echo SEQUENTIAL; seq -f "m%.0f;$DOMAIN" 1 "$BINDINGS"; } >"$inf"
  port=$(free_port)
  run_sipp "$dir" $((BINDINGS / MEM_RATE + 90)) "127.0.0.1:$SERVER_PORT" -sf "$BENCH_DIR/sipp/register.xml" \
    -inf "$inf" -p "$port" -key contact_port "$port" -key expires 86400 -r "$MEM_RATE" -m "$BINDINGS" \
    -l $((MEM_RATE * 2)) -recv_timeout 10000 -timeout $((BINDINGS / MEM_RATE + 60))s || rc=$?
  OK=$(stat_value "$dir/stat.csv" "SuccessfulCall(C)")
  log "memory $SERVER_NAME: $OK of $BINDINGS REGISTER answered 200 (sipp exit $rc)"
}

# Measures on the servers running ($SERVERS, started), or starts each in turn when $1 is "start".
memory_run() {
local s
for s in $SERVERS; do
  if [ "${1:-}" = start ]; then start_server "$s"; sleep 2; else use_server "$s"; fi
  if [ "$s" = ours ]; then
    before=$(live_heap); before_used=$(heap_used)
    register_all
    sleep "$MEM_SETTLE_S"
    after=$(live_heap); after_used=$(heap_used)
    log "ours: live heap $before -> $after bytes; used after GC $before_used -> $after_used"
    PER[$s]=$(awk -v a="$after" -v b="$before" -v n="$OK" 'BEGIN { printf "%.0f", n ? (a - b) / n : 0 }')
    USED[$s]=$(awk -v a="$after" 'BEGIN { printf "%.1f", a / 1048576 }')
  else
    before=$(shm_used)
    register_all
    sleep "$MEM_SETTLE_S"
    after=$(shm_used)
    log "kamailio: shared memory real_used $before -> $after bytes;" \
      "$(kamcmd -s "$KAM_CTL" stats.get_statistics registered_users 2>/dev/null | tr -d '\n\t')"
    PER[$s]=$(awk -v a="$after" -v b="$before" -v n="$OK" 'BEGIN { printf "%.0f", n ? (a - b) / n : 0 }')
    USED[$s]=$(awk -v a="$after" 'BEGIN { printf "%.1f", a / 1048576 }')
  fi
  PSS[$s]=$(awk -v k="$(mem_kb)" 'BEGIN { printf "%.1f", k / 1024 }')
  if [ "${1:-}" = start ]; then stop_server; fi
done

out="$BENCH_OUT/memory.tsv"; : >"$out"
emit "$out" "memory: bytes per binding ($BINDINGS bindings; ours: live heap after full GC; Kamailio: shared memory)" \
  B "${PER[ours]}" "${PER[kamailio]:--}" lower
emit "$out" "memory: ours live heap / Kamailio shared memory in use with $BINDINGS bindings" MiB "${USED[ours]}" \
  "${USED[kamailio]:--}" lower
emit "$out" "memory: server resident memory (PSS) with $BINDINGS bindings" MiB "${PSS[ours]}" "${PSS[kamailio]:--}" lower
cat "$out" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  SERVERS=$(bench_servers)
  memory_run start
fi
