#!/usr/bin/env bash
# deploy/bench/run-all.sh: every benchmark of issue 11, our proxy beside Kamailio on this machine, then
# deploy/bench/RESULTS.md (a Markdown table with the ratio ours / Kamailio of every figure, the machine, the date and
# the command).
#
#   deploy/bench/run-all.sh                 full run (about 20 minutes): register.sh, calls.sh, then their
#                                           authenticated variants (BENCH_AUTH=1 register.sh, calls.sh: scenario c),
#                                           memory.sh, startup.sh, each on freshly started servers; run it alone on the
#                                           machine (here: flock /tmp/mvn.lock deploy/bench/run-all.sh)
#   deploy/bench/run-all.sh --smoke         short run (about 45 s): one low-rate step of each scenario on servers
#                                           started once (start-up measured from that start), then of the
#                                           authenticated ones on servers restarted with authentication; both servers
#                                           when kamailio is installed, ours only otherwise; never writes RESULTS.md
#   --results FILE                          where to write the results (default deploy/bench/RESULTS.md; with
#                                           --smoke, FILE or results-smoke.md in the run's temporary folder)
#
# Needs the built jars (./mvnw -B -q install -DskipTests), sipp (Debian sip-tester), curl, jcmd; installs Debian's
# kamailio when missing and run as root. Environment: BENCH_JAVA_OPTS (JVM options of our roles; default none, as
# the launcher), BENCH_ROUNDS (default 3), BENCH_NO_KAMAILIO=1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
COMMAND="deploy/bench/run-all.sh $*"
SMOKE=0; RESULTS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1 ;;
    --results) RESULTS=$2; shift ;;
    *) echo "usage: $0 [--smoke] [--results FILE]" >&2; exit 2 ;;
  esac
  shift
done
export BENCH_SMOKE=$SMOKE
# Scenario c (authentication) is switched on below for its own runs only.
export BENCH_AUTH=0
source "$here/lib.sh"
export BENCH_OUT
source "$here/register.sh"
source "$here/calls.sh"
source "$here/memory.sh"
source "$here/startup.sh"
if [ -z "$RESULTS" ]; then
  if [ "$SMOKE" = 1 ]; then RESULTS="$BENCH_WORK/results-smoke.md"; else RESULTS="$here/RESULTS.md"; fi
fi
SERVERS=$(bench_servers)
T0=$(date +%s)

if [ "$SMOKE" = 1 ]; then
  RAMP_RESTART=0
  start_all
  register_run
  calls_run
  memory_run
  stop_all
  out="$BENCH_OUT/startup.tsv"; : >"$out"
  emit "$out" "start-up: proxy, process start to ready" ms "${STARTUP_MS[ours]}" "${STARTUP_MS[kamailio]:--}" lower
  # Scenario c on servers started with digest authentication.
  BENCH_AUTH=1
  start_all
  register_auth_run
  calls_auth_run
  stop_all
  BENCH_AUTH=0
else
  # Each scenario in a process of its own, on servers started for it.
  BENCH_OUT="$BENCH_OUT" BENCH_AUTH=0 "$here/register.sh"
  BENCH_OUT="$BENCH_OUT" BENCH_AUTH=0 "$here/calls.sh"
  BENCH_OUT="$BENCH_OUT" BENCH_AUTH=1 "$here/register.sh"
  BENCH_OUT="$BENCH_OUT" BENCH_AUTH=1 "$here/calls.sh"
  BENCH_OUT="$BENCH_OUT" "$here/memory.sh"
  BENCH_OUT="$BENCH_OUT" "$here/startup.sh"
fi
ELAPSED=$(( $(date +%s) - T0 ))

# ---- RESULTS.md

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) printf "%.2f", a / b; else print "-" }'
}
jvm_flags() {
  # shellcheck disable=SC2086
  "$JAVA" ${BENCH_JAVA_OPTS:-} -XX:+PrintCommandLineFlags -version 2>&1 | head -1 \
    | tr ' ' '\n' | grep -E 'Use.*GC|HeapSize|Xm' | tr '\n' ' '
}
steps_table() {
  local f="$BENCH_OUT/$1-steps.tsv"
  [ -f "$f" ] || return 0
  awk -F'\t' 'NR == 1 { h = "|"; s = "|"; for (i = 1; i <= NF; i++) { h = h " " $i " |"; s = s "---|" } print h; print s; next }
    { l = "|"; for (i = 1; i <= NF; i++) l = l " " $i " |"; print l }' "$f"
}
{
  echo "# Benchmarks: our proxy beside Kamailio"
  echo
  echo "Issue 11. Written by \`deploy/bench/run-all.sh\` (the command below); every figure comes from that one run, where"
  echo "the two servers took the same sipp load in alternation. Runs vary by about ±30% on shared machines: compare"
  echo "the ratios of one run, not figures across runs."
  echo
  echo "- Command: \`$COMMAND\`$([ "$SMOKE" = 1 ] && echo ' (smoke: low rates, figures not meaningful)')"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'), run time ${ELAPSED} s"
  echo "- Machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
  echo "- Ours: \`proxy-service\` jar, JDK $("$JAVA" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/'), JVM options \`${BENCH_JAVA_OPTS:-none, as the launcher}\`, ergonomics: \`$(jvm_flags)\`; \`internal\` registrar, no authentication (scenario c: module::Authentication, password file), DoSProtection and MediaRelay off, log level error, UDP on 127.0.0.1"
  if [[ " $SERVERS " == *" kamailio "* ]]; then
    echo "- Kamailio: $(kamailio -v 2>/dev/null | head -1 | sed 's/version: //'), \`deploy/bench/kamailio.cfg\` (usrloc in memory, tm, record-route, 2 UDP workers; scenario c: passwords in an htable), \`-x fm -m 1024\`"
  else
    echo "- Kamailio: not installed, ours only"
  fi
  echo "- Load: $(sipp -v 2>&1 | grep -o 'SIPp v[^ ]*' | head -1) on the same cores, UDP; scenarios in \`deploy/bench/sipp/\`"
  echo
  echo "| Figure | Unit | Ours | Kamailio | Ours / Kamailio | Better |"
  echo "|---|---|---|---|---|---|"
  for f in register calls register-auth calls-auth memory startup; do
    [ -f "$BENCH_OUT/$f.tsv" ] || continue
    while IFS=$'\t' read -r fig unit ours kam better; do
      echo "| $fig | $unit | $ours | $kam | $( [ "$better" = info ] && echo - || ratio "$ours" "$kam") | $better |"
    done <"$BENCH_OUT/$f.tsv"
  done
  echo
  echo "## How the figures are made"
  echo
  echo "- REGISTER (\`register.sh\`): 10,000 distinct users (sipp \`-inf\`), 3 s per step at increasing rates, until a"
  echo "  step has a failed REGISTER or a retransmission; the figure is the median over rounds of the highest clean rate."
  echo "  Response time: REGISTER to 200 (sipp \`-trace_rtt\`: whole milliseconds of sipp's clock, which ticks about"
  echo "  every 4 ms here, so 0 means under a tick). A round with no clean step counts 0 in the median."
  echo "- Calls (\`calls.sh\`): INVITE → 100/180/200 → ACK → BYE → 200 through the proxy (record-routed) to a sipp UAS"
  echo "  registered as the callee; a failure or a retransmission on the caller or the callee ends the ramp. Response"
  echo "  time: INVITE to 200. A call counts as 2 transactions (INVITE, BYE) in the CPU figure."
  echo "- Authenticated (scenario c, \`register-auth\`, \`calls-auth\`: \`BENCH_AUTH=1 register.sh\`, \`calls.sh\`): the same ramps,"
  echo "  rates and warm-up with digest authentication on both servers, MD5, qop=auth, realm \`$DOMAIN\`. Every REGISTER is"
  echo "  challenged 401 and every initial INVITE 407 (acknowledged on its transaction); ACK, CANCEL and BYE never. Ours:"
  echo "  module::Authentication over a password file (clear-text passwords, \`file-path\`, read into a hash map); Kamailio:"
  echo "  the auth module (\`pv_www_authenticate\`/\`pv_proxy_authenticate\`) with the password from an in-memory htable"
  echo "  loaded once at its start (from db_text), nonce_count on (a replayed nc is refused, as ours does). Both hold the same"
  echo "  11,001 accounts (u1..u10000, caller, callee1..callee1000). Not auth_db over db_text: db_text has no index and"
  echo "  scans its table at every lookup, which measured the backend (1,000 REGISTER/s clean with 11,001 rows, 6,000 with 1,000)."
  echo "  sipp's \`[authentication]\` answers each challenge (\`sipp/register-auth.xml\`, \`sipp/uac-auth.xml\`); the callee of"
  echo "  each step registers with digest too. Response time: first REGISTER (INVITE) to the final 200, both round trips."
  echo "  Transactions in the CPU figure: a registration counts 2 (challenged REGISTER, REGISTER), a call 3 (challenged"
  echo "  INVITE, INVITE, BYE)."
  echo "- Each round runs both servers, the order reversed every other round. Each server is started afresh for its turn"
  echo "  in each round, warmed up (1,000 REGISTER/s or 300 calls/s for ${BENCH_WARMUP_S} s, not recorded; JIT compilation for ours), and"
  echo "  stopped after its ramp: an overloaded step leaves transactions and retransmissions behind that would weigh on"
  echo "  the next steps and on the other server (seen with both servers in an earlier run)."
  echo "- CPU: utime+stime of the server's processes (\`/proc/PID/stat\`; Kamailio: its main process and its children)"
  echo "  over the step, divided by the transactions. Memory: PSS summed over the server's processes (Kamailio's"
  echo "  processes share its memory, so their RSS would count it several times); for our single process PSS ≈ RSS."
  echo "- Memory per binding (\`memory.sh\`): ours, the live heap after a full GC (\`jcmd GC.class_histogram\`) after"
  echo "  minus before registering; Kamailio, \`kamcmd core.shmmem\` real_used after minus before. \"After\" is 40 s after the"
  echo "  last REGISTER, once our completed REGISTER transactions are gone (Timer J, 32 s; Kamailio answers REGISTER"
  echo "  statelessly and keeps none): the figure is the bindings'. Runs before 2026-11-28 12:45 measured at once and"
  echo "  counted the transactions too."
  echo "- Start-up (\`startup.sh\`): process start to \`/q/health/ready\` answering 200 for each role (median of 3);"
  echo "  Kamailio: start to its UDP socket bound and \`kamcmd\` answering. Idle memory 2 s after ready."
  echo "- \`server_cpu_pct\` in the step tables: the server's CPU over the step (100 = one core); \`machine_busy_pct\`:"
  echo "  the whole machine (2 cores, sipp included); \`server_socket_drops\`: datagrams the server's socket dropped"
  echo "  (receive buffer full, \`/proc/net/udp\`); \`udp_drops_all\`: every UDP socket of the machine (sipp's too)."
  echo "- sipp runs with \`-buff_size 4194304\` (net.core.rmem_max here) so that its own sockets drop as little as possible."
  echo
  echo "## Every step"
  echo
  echo "### REGISTER"
  echo
  steps_table register
  echo
  echo "### Calls"
  echo
  steps_table calls
  echo
  echo "### REGISTER, authenticated"
  echo
  steps_table register-auth
  echo
  echo "### Calls, authenticated"
  echo
  steps_table calls-auth
} >"$RESULTS"
log "results: $RESULTS (${ELAPSED} s)"
