#!/usr/bin/env bash
# deploy/bench/calls.sh: calls INVITE -> 100/180/200 -> ACK -> BYE -> 200 through the proxy to a sipp UAS
# registered as the callee, ramping the call rate until a failure or a retransmission (caller or callee), against
# our proxy and Kamailio in alternation, several rounds (each server started afresh and warmed up for its turn in
# each round, lib.sh run_ramp). Each step has its own
# callee: one REGISTER sent from the UAS's port, then the UAS (sipp/uas.xml) on that port. Writes
# $BENCH_OUT/calls-steps.tsv and $BENCH_OUT/calls.tsv. A call counts 2 transactions (INVITE, BYE).
# BENCH_SMOKE=1: one round at one low rate. BENCH_ROUNDS: rounds (default 3).
# c. Authenticated variant (digest on both servers): BENCH_AUTH=1 calls.sh (or calls_auth_run) starts both servers
# with digest authentication (lib.sh auth_store) and runs sipp/uac-auth.xml: INVITE, 407, ACK, INVITE with the
# credentials of `caller`, 100/180/200, ACK, BYE, 200 (3 transactions: challenged INVITE, INVITE, BYE); the callee
# of each step (callee1, callee2, ... of auth_store) registers with digest too. Same rates and warm-up; writes
# calls-auth-steps.tsv and calls-auth.tsv.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ "$BENCH_SMOKE" = 1 ]; then
  CALL_RATES="100"; CALL_STEP_S=1; CALL_ROUNDS=1
else
  CALL_RATES="250 500 750 1000 1500 2000 2500 3000 4000 5000"; CALL_STEP_S=3; CALL_ROUNDS=${BENCH_ROUNDS:-3}
fi

CALLEE_SEQ=0   # the authenticated callees used so far (callee1, callee2, ...: accounts of lib.sh auth_store)

# One step; with BENCH_AUTH=1 the authenticated call (3 transactions each) from `caller` to an account callee.
calls_step() {
  local s=$1 round=$2 rate=$3 uas_port uas_dir uas_pid callee name=calls auth=() tx=2
  if [ "$BENCH_AUTH" = 1 ]; then
    name=calls-auth; tx=3
    CALLEE_SEQ=$((CALLEE_SEQ + 1))
    [ "$CALLEE_SEQ" -le "$AUTH_CALLEES" ] || { log "more than $AUTH_CALLEES authenticated steps"; return 1; }
    callee="callee$CALLEE_SEQ"
    printf 'SEQUENTIAL\ncaller;[authentication username=caller password=pw-caller]\n' >"$BENCH_WORK/caller.csv"
    auth=(-inf "$BENCH_WORK/caller.csv")
  else
    callee="callee-$s-$round-$rate"
  fi
  STEP_DIR="$BENCH_WORK/run/$name-$s-$round-$rate"
  uas_dir="$STEP_DIR-uas"
  STEP_SENT=$((rate * CALL_STEP_S)); STEP_TX=$((STEP_SENT * tx))
  uas_port=$(free_port)
  STEP_EXIT=0
  register_contact "$callee" "$uas_port" || { log "registering $callee failed"; STEP_EXIT=99; }
  run_sipp "$uas_dir" $((CALL_STEP_S + 40)) -sf "$BENCH_DIR/sipp/uas.xml" -p "$uas_port" -s "$callee" \
    -m "$STEP_SENT" -timeout $((CALL_STEP_S + 30))s &
  uas_pid=$!; STARTED+=("$uas_pid")
  for _ in $(seq 200); do udp_listening "$uas_port" && break; sleep 0.02; done
  run_sipp "$STEP_DIR" $((CALL_STEP_S + 30)) "127.0.0.1:$SERVER_PORT" \
    -sf "$BENCH_DIR/sipp/$([ "$BENCH_AUTH" = 1 ] && echo uac-auth.xml || echo uac.xml)" -s "$callee" "${auth[@]}" \
    -key domain "$DOMAIN" -p "$(free_port)" -r "$rate" -m "$STEP_SENT" -l $((rate * 3 + 100)) \
    -recv_timeout 5000 -timeout $((CALL_STEP_S + 20))s -timeout_error -trace_rtt -rtt_freq 100 || STEP_EXIT=$?
  for _ in $(seq 100); do kill -0 "$uas_pid" 2>/dev/null || break; sleep 0.05; done
  kill "$uas_pid" 2>/dev/null || true
  wait "$uas_pid" 2>/dev/null || true
  STEP_OK=$(stat_value "$STEP_DIR/stat.csv" "SuccessfulCall(C)")
  STEP_FAILED=$(( $(stat_value "$STEP_DIR/stat.csv" "FailedCall(C)") + $(stat_value "$uas_dir/stat.csv" "FailedCall(C)") ))
  STEP_RETRANS=$(( $(stat_value "$STEP_DIR/stat.csv" "Retransmissions(C)") \
    + $(stat_value "$uas_dir/stat.csv" "Retransmissions(C)") ))
}

# Warm-up of a freshly started server (JIT compilation for ours): 300 calls/s for $BENCH_WARMUP_S s (lib.sh),
# not recorded.
calls_warmup() {
  local keep=$CALL_STEP_S
  CALL_STEP_S=$BENCH_WARMUP_S; calls_step "$1" 0 300; CALL_STEP_S=$keep
  log "warm-up $1: $STEP_OK of $STEP_SENT ok"
}

calls_run() {
  run_ramp calls "$CALL_RATES" "$CALL_ROUNDS" calls_step calls_warmup
  summarize_ramp calls "transactions (a call: INVITE and BYE)" "${CALL_RATES%% *}" "$CALL_RATES"
}

# Scenario c: the same ramp with digest authentication on both servers (servers started by run_ramp, or with
# RAMP_RESTART=0 already started with BENCH_AUTH=1).
calls_auth_run() {
  local keep=$BENCH_AUTH
  BENCH_AUTH=1
  run_ramp calls-auth "$CALL_RATES" "$CALL_ROUNDS" calls_step calls_warmup
  summarize_ramp calls-auth "transactions (a call: challenged INVITE, INVITE and BYE)" "${CALL_RATES%% *}" \
    "$CALL_RATES"
  BENCH_AUTH=$keep
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  SERVERS=$(bench_servers)
  if [ "$BENCH_AUTH" = 1 ]; then calls_auth_run; else calls_run; fi
fi
