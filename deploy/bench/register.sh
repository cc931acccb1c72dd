#!/usr/bin/env bash
# deploy/bench/register.sh: REGISTER over 10,000 distinct users (sipp -inf), ramping the rate until a failure or a
# retransmission, against our proxy and Kamailio in alternation, several rounds; each server is started afresh and
# warmed up for its turn in each round (lib.sh run_ramp).
# Writes $BENCH_OUT/register-steps.tsv (every step) and $BENCH_OUT/register.tsv (the figures).
# BENCH_SMOKE=1: one round at one low rate. BENCH_ROUNDS: rounds (default 3).
# c. Authenticated variant (digest on both servers): BENCH_AUTH=1 register.sh (or register_auth_run) starts both
# servers with digest authentication (lib.sh auth_store: our password file, Kamailio an htable; MD5,
# qop=auth) and runs sipp/register-auth.xml (REGISTER, 401, REGISTER with credentials, 200: 2 transactions) over the
# same users, the same rates and warm-up; writes register-auth-steps.tsv and register-auth.tsv.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ "$BENCH_SMOKE" = 1 ]; then
  REG_RATES="500"; REG_STEP_S=1; REG_ROUNDS=1; REG_USERS=1000
else
  REG_RATES="1000 2000 4000 6000 8000 10000 12000 15000 20000 25000 30000 40000"; REG_STEP_S=3; REG_ROUNDS=${BENCH_ROUNDS:-3}
  REG_USERS=10000
fi

# One step; with BENCH_AUTH=1 the authenticated registration (2 REGISTER transactions each).
register_step() {
  local s=$1 round=$2 rate=$3 port inf name=register sf=register.xml tx=1
  if [ "$BENCH_AUTH" = 1 ]; then name=register-auth; sf=register-auth.xml; tx=2; fi
  inf=$(users_file "$REG_USERS")
  STEP_DIR="$BENCH_WORK/run/$name-$s-$round-$rate"
  STEP_SENT=$((rate * REG_STEP_S)); STEP_TX=$((STEP_SENT * tx))
  port=$(free_port)
  STEP_EXIT=0
  run_sipp "$STEP_DIR" $((REG_STEP_S + 30)) "127.0.0.1:$SERVER_PORT" -sf "$BENCH_DIR/sipp/$sf" \
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

# Scenario c: the same ramp with digest authentication on both servers (servers started by run_ramp, or with
# RAMP_RESTART=0 already started with BENCH_AUTH=1).
register_auth_run() {
  local keep=$BENCH_AUTH
  BENCH_AUTH=1
  run_ramp register-auth "$REG_RATES" "$REG_ROUNDS" register_step register_warmup
  summarize_ramp register-auth "REGISTER transactions (a registration: challenged REGISTER and REGISTER)" \
    "${REG_RATES%% *}" "$REG_RATES"
  BENCH_AUTH=$keep
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  SERVERS=$(bench_servers)
  if [ "$BENCH_AUTH" = 1 ]; then register_auth_run; else register_run; fi
fi
