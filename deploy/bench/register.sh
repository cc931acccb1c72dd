#!/usr/bin/env bash
# deploy/bench/register.sh: REGISTER over 10,000 distinct users (sipp -inf), ramping the rate until a failure or a
# retransmission, against our proxy and Kamailio in alternation, several rounds; each server is started afresh and
# warmed up for its turn in each round (lib.sh run_ramp).
# Writes $BENCH_OUT/register-steps.tsv (every step) and $BENCH_OUT/register.tsv (the figures).
# BENCH_SMOKE=1: one round at one low rate. BENCH_ROUNDS: rounds (default 3).
# c. Authenticated variant (digest on both servers): comes once module::Authentication lands.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ "$BENCH_SMOKE" = 1 ]; then
  REG_RATES="500"; REG_STEP_S=1; REG_ROUNDS=1; REG_USERS=1000
else
  REG_RATES="1000 2000 4000 6000 8000 10000 12000 15000 20000 25000 30000 40000"; REG_STEP_S=3; REG_ROUNDS=${BENCH_ROUNDS:-3}
  REG_USERS=10000
fi

register_step() {
  local s=$1 round=$2 rate=$3 port inf
  inf=$(users_file "$REG_USERS")
  STEP_DIR="$BENCH_WORK/run/register-$s-$round-$rate"
  STEP_SENT=$((rate * REG_STEP_S)); STEP_TX=$STEP_SENT
  port=$(free_port)
  STEP_EXIT=0
  run_sipp "$STEP_DIR" $((REG_STEP_S + 30)) "127.0.0.1:$SERVER_PORT" -sf "$BENCH_DIR/sipp/register.xml" \
    -inf "$inf" -p "$port" -key contact_port "$port" -key expires 3600 -r "$rate" -m "$STEP_SENT" \
    -l $((rate * 2 + 100)) -recv_timeout 5000 -timeout $((REG_STEP_S + 20))s -timeout_error -trace_rtt -rtt_freq 100 \
    || STEP_EXIT=$?
  STEP_OK=$(stat_value "$STEP_DIR/stat.csv" "SuccessfulCall(C)")
  STEP_FAILED=$(stat_value "$STEP_DIR/stat.csv" "FailedCall(C)")
  STEP_RETRANS=$(stat_value "$STEP_DIR/stat.csv" "Retransmissions(C)")
}

# Warm-up of a freshly started server (JIT compilation for ours): 1,000 REGISTER/s for $BENCH_WARMUP_S s (lib.sh),
# not recorded.
register_warmup() {
  local keep=$REG_STEP_S
  REG_STEP_S=$BENCH_WARMUP_S; register_step "$1" 0 1000; REG_STEP_S=$keep
  log "warm-up $1: $STEP_OK of $STEP_SENT ok"
}

register_run() {
  run_ramp register "$REG_RATES" "$REG_ROUNDS" register_step register_warmup
  summarize_ramp register "REGISTER transactions" "${REG_RATES%% *}" "$REG_RATES"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  SERVERS=$(bench_servers)
  register_run
fi
