# deploy/bench/lib.sh: what the benchmark scripts share (sourced, not run). Starts our proxy (the built jar,
# `internal` registrar, no authentication) and Kamailio (deploy/bench/kamailio.cfg) on free loopback UDP ports,
# runs sipp bounded in count and time, reads CPU (/proc/PID/stat utime+stime) and memory (/proc/PID/smaps_rollup),
# and stops by PID whatever it started (trap EXIT).
#
# Environment: BENCH_OUT (folder of the .tsv results, default a temp folder), BENCH_JAVA_OPTS (JVM options of our
# proxy; default none, as the launcher), BENCH_SMOKE=1 (short low-rate run), BENCH_ROUNDS, BENCH_WARMUP_S (below),
# BENCH_AUTH=1 (servers started with digest authentication, scenario c: see auth_store), JAVA_HOME.

set -euo pipefail
[ -z "${BENCH_LIB_LOADED:-}" ] || return 0
BENCH_LIB_LOADED=1

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/../.." && pwd)"
BENCH_WORK="$(mktemp -d "${TMPDIR:-/tmp}/flexisip-bench.XXXXXX")"
BENCH_OUT="${BENCH_OUT:-$BENCH_WORK/out}"
mkdir -p "$BENCH_OUT"
BENCH_SMOKE="${BENCH_SMOKE:-0}"
# Seconds of warm-up load before a freshly started server's ramp (not recorded). 20 s: on 2 shared cores the JVM's
# C2 compiler of our proxy works for 15-20 s after the start (per-thread CPU, issue 11 profile: 2.1-2.8 CPU-s of C2
# in each of the first three 3-s steps at 3,000 REGISTER/s after a 5-s warm-up, then none); with 5 s the first
# steps measured the JIT compiler, not the proxy. 5 s in the smoke run.
if [ "$BENCH_SMOKE" = 1 ]; then BENCH_WARMUP_S="${BENCH_WARMUP_S:-5}"; else BENCH_WARMUP_S="${BENCH_WARMUP_S:-20}"; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
HZ="$(getconf CLK_TCK)"
DOMAIN="bench.invalid"
BENCH_AUTH="${BENCH_AUTH:-0}"
AUTH_CALLEES=1000   # callee1..callee1000: the callees of the authenticated calls (one per step, calls.sh)
STARTED=()          # PIDs this script started, stopped at exit
SERVER_PID=""       # the server under test (Kamailio: its main process; its children are counted with it)
SERVER_PORT=""
SERVER_NAME=""
KAM_CTL=""
declare -A STARTUP_MS  # start to ready of the last start of each server, in ms

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

bench_cleanup() {
  local p
  for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${STARTED[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -rf "$BENCH_WORK/run"; fi
}
trap bench_cleanup EXIT

# A loopback port free for UDP and TCP: a random one absent from /proc/net/{udp,tcp}{,6}.
free_port() {
  local port hex
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 40000))
    hex=$(printf ':%04X ' "$port")
    if ! cat /proc/net/udp /proc/net/tcp /proc/net/udp6 /proc/net/tcp6 2>/dev/null | awk '{print $2" "}' \
        | grep -q -- "$hex"; then
      echo "$port"; return 0
    fi
  done
  echo "no free port" >&2; return 1
}

udp_listening() { grep -q "$(printf '0100007F:%04X ' "$1")" /proc/net/udp; }

kamailio_available() { command -v kamailio >/dev/null 2>&1; }

# Installs Debian's kamailio when missing and running as root; otherwise says it will be skipped.
ensure_kamailio() {
  kamailio_available && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    log "installing kamailio (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q kamailio >"$BENCH_WORK/apt.log" 2>&1 \
      || { log "apt-get install kamailio failed (see $BENCH_WORK/apt.log): Kamailio skipped"; return 1; }
    return 0
  fi
  log "kamailio is not installed (apt-get install -y kamailio as root): measuring ours only"
  return 1
}

proxy_jar() {
  local jar="$REPO/proxy-service/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || { echo "$jar is missing: ./mvnw -B -q install -DskipTests" >&2; return 1; }
  echo "$jar"
}

# Waits until http://127.0.0.1:$1/q/health/ready answers 200 (bounded by $2 seconds), while PID $3 lives.
await_ready() {
  local port=$1 bound=$2 pid=$3 end
  end=$(( $(date +%s) + bound ))
  while [ "$(date +%s)" -lt "$end" ]; do
    kill -0 "$pid" 2>/dev/null || { log "process $pid died before ready"; return 1; }
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/q/health/ready" \
        2>/dev/null)" = 200 ]; then return 0; fi
    sleep 0.02
  done
  log "not ready within ${bound}s"; return 1
}

# The accounts of scenario c (digest authentication), in both servers' stores, generated once per run in
# $BENCH_WORK/auth: u1..u10000 (the REGISTER load, users_file), caller (the calls' caller) and callee1..callee$AUTH_CALLEES
# (the calls' callees), each with password pw-USER. Ours: password file $BENCH_WORK/auth/passwords (PasswordFile:
# clear text); Kamailio: db_text tables $BENCH_WORK/auth/db/{version,htable} loaded into an htable at its start.
# Prints the folder.
auth_store() {
  local dir="$BENCH_WORK/auth"
  if [ ! -f "$dir/passwords" ]; then
    mkdir -p "$dir/db"
    { seq -f 'u%.0f' 1 10000; echo caller; seq -f 'callee%.0f' 1 "$AUTH_CALLEES"; } >"$dir/users"
    { echo "version:1"; awk -v d="$DOMAIN" '{ printf "%s@%s clrtxt:pw-%s ;\n", $1, d, $1 }' "$dir/users"; } \
      >"$dir/passwords"
    # Kamailio's htable (kamailio.cfg): loaded once at its start from the db_text table "htable".
    printf 'table_name(string) table_version(int)\nhtable:2\n' >"$dir/db/version"
    { echo "id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) expires(int)"
      awk '{ printf "%d:%s:0:0:pw-%s:0\n", NR, $1, $1 }' "$dir/users"; } >"$dir/db/htable"
  fi
  echo "$dir"
}

# Starts our proxy: internal registrar for every domain, UDP on 127.0.0.1:free port; no authentication, or with
# BENCH_AUTH=1 module::Authentication for $DOMAIN over the password file of auth_store (defaults otherwise: MD5,
# qop=auth).
start_ours() {
  local dir="$BENCH_WORK/run/ours-$RANDOM" jar mport
  mkdir -p "$dir/log"
  jar=$(proxy_jar)
  SERVER_PORT=$(free_port); mport=$(free_port)
  cat >"$dir/flexisip.conf" <<EOF
[global]
transports=sip:127.0.0.1:$SERVER_PORT
log-directory=$dir/log
log-level=${BENCH_LOG_LEVEL:-error}
[module::Registrar]
reg-domains=*
db-implementation=internal
max-expires=86400
[module::DoSProtection]
enabled=false
[module::MediaRelay]
enabled=false
EOF
  if [ "$BENCH_AUTH" = 1 ]; then
    cat >>"$dir/flexisip.conf" <<EOF
[module::Authentication]
enabled=true
auth-domains=$DOMAIN
file-path=$(auth_store)/passwords
EOF
  fi
  local t0; t0=$(date +%s%N)
  # shellcheck disable=SC2086
  "$JAVA" ${BENCH_JAVA_OPTS:-} -XX:+ExitOnOutOfMemoryError -Dquarkus.management.port="$mport" \
    -jar "$jar" -c "$dir/flexisip.conf" >"$dir/out.log" 2>&1 &
  SERVER_PID=$!; STARTED+=("$SERVER_PID"); SERVER_NAME=ours
  await_ready "$mport" 90 "$SERVER_PID" || { tail -20 "$dir/out.log" >&2; return 1; }
  STARTUP_MS[ours]=$(( ($(date +%s%N) - t0) / 1000000 ))
  log "ours: PID $SERVER_PID, sip:127.0.0.1:$SERVER_PORT, management $mport$([ "$BENCH_AUTH" = 1 ] && echo ', digest authentication')"
}

# Starts Kamailio with deploy/bench/kamailio.cfg: -x fm -m 1024, 2 UDP workers, usrloc in memory; with BENCH_AUTH=1
# its WITH_AUTH sections (an htable of passwords loaded from the db_text tables of auth_store).
start_kamailio() {
  local dir="$BENCH_WORK/run/kam-$RANDOM" t0 auth=()
  mkdir -p "$dir"
  if [ "$BENCH_AUTH" = 1 ]; then auth=(-A WITH_AUTH -A "DBURL=\"text://$(auth_store)/db\""); fi
  t0=$(date +%s%N)
  SERVER_PORT=$(free_port)
  KAM_CTL="unix:$dir/ctl"
  kamailio -f "$BENCH_DIR/kamailio.cfg" -DD -E -x fm -m 1024 -M 16 -l "udp:127.0.0.1:$SERVER_PORT" -Y "$dir" \
    -P "$dir/kamailio.pid" -A "CTLSOCK=\"$KAM_CTL\"" "${auth[@]}" >"$dir/out.log" 2>&1 &
  SERVER_PID=$!; STARTED+=("$SERVER_PID"); SERVER_NAME=kamailio
  local end=$(( $(date +%s) + 30 ))
  until udp_listening "$SERVER_PORT" && kamcmd -s "$KAM_CTL" core.uptime >/dev/null 2>&1; do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$dir/out.log" >&2; return 1; }
    [ "$(date +%s)" -lt "$end" ] || { log "kamailio not up within 30s"; return 1; }
    sleep 0.02
  done
  STARTUP_MS[kamailio]=$(( ($(date +%s%N) - t0) / 1000000 ))
  log "kamailio: PID $SERVER_PID, sip:127.0.0.1:$SERVER_PORT$([ "$BENCH_AUTH" = 1 ] && echo ', digest authentication')"
}

start_server() { case "$1" in ours) start_ours ;; kamailio) start_kamailio ;; esac; }

stop_server() {
  local p=$SERVER_PID
  [ -n "$p" ] || return 0
  kill "$p" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  SERVER_PID=""
}

# The server's processes: Kamailio forks its workers from the main process.
server_pids() { echo "$SERVER_PID"; pgrep -P "$SERVER_PID" 2>/dev/null || true; }

# CPU ticks (utime+stime) of the server's processes.
cpu_ticks() {
  local p total=0 t
  for p in $(server_pids); do
    t=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}') || t=0
    total=$((total + ${t:-0}))
  done
  echo "$total"
}

# Resident memory in KiB: the sum of PSS over the server's processes (Kamailio's workers share its memory; for
# our single process PSS is its RSS less its share of shared libraries).
mem_kb() {
  local p total=0 k
  for p in $(server_pids); do
    k=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null) || k=0
    total=$((total + ${k:-0}))
  done
  echo "$total"
}

# Datagrams dropped by the server's UDP sockets (receive buffer full): the drops column of /proc/net/udp, and of
# /proc/net/udp6 where a JVM's socket on 127.0.0.1 shows as ::ffff:127.0.0.1.
server_drops() {
  awk -v p="$(printf '0100007F:%04X' "$SERVER_PORT")" 'substr($2, length($2) - length(p) + 1) == p { s += $NF }
    END { print s + 0 }' /proc/net/udp /proc/net/udp6
}
# Datagrams dropped by every UDP socket of the machine for want of receive buffer (/proc/net/snmp RcvbufErrors).
udp_rcvbuf_errors() {
  awk '$1 == "Udp:" { if (!h) { for (i = 2; i <= NF; i++) if ($i == "RcvbufErrors") c = i; h = 1 } else { print $c; exit } }' \
    /proc/net/snmp
}

# "idle total" ticks of the whole machine (/proc/stat).
machine_ticks() { awk '$1 == "cpu" { t = 0; for (i = 2; i <= NF; i++) t += $i; print $5 + $6, t; exit }' /proc/stat; }

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# The user file for -inf: $1 users named u1..uN in $DOMAIN, then their credentials for sipp's digest (scenario c,
# passwords of auth_store): user;domain;[authentication username=user password=pw-user].
users_file() {
  local f="$BENCH_WORK/users-$1.csv"
  [ -f "$f" ] || { echo "SEQUENTIAL"; seq 1 "$1" | awk -v d="$DOMAIN" \
    '{ printf "u%d;%s;[authentication username=u%d password=pw-u%d]\n", $1, d, $1, $1 }'; } >"$f"
  echo "$f"
}

# Runs sipp under coreutils timeout, in folder $1 (its trace files), bound $2 seconds, then sipp's arguments.
run_sipp() {
  local dir=$1 bound=$2; shift 2
  mkdir -p "$dir"
  local t0 rc=0
  t0=$(date +%s.%N)
  (cd "$dir" && timeout --kill-after=5s "${bound}s" sipp "$@" -i 127.0.0.1 -nostdin -buff_size 4194304 \
    -cp "$(free_port)" -mp "$(free_port)" -trace_stat -stf stat.csv -fd 1 -trace_err -error_file err.log \
    >out.log 2>&1) || rc=$?
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f\n", b - a }' >"$dir/wall"
  return "$rc"
}

# A cumulative column of sipp's last statistics line ($1 the stat file, $2 the column such as FailedCall(C)).
stat_value() {
  [ -f "$1" ] || { echo 0; return 0; }
  awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
    { last = $c } END { print (last == "" ? 0 : last + 0) }' "$1"
}

# p50 and p99 in ms of response time $2 in the sipp rtt files of folder $1 ("p50 p99", or "- -"). sipp 3.6.1 writes
# whole milliseconds of its own clock (which ticks every few ms), flushed every -rtt_freq calls (the rest is lost).
rtt_percentiles() {
  { cat "$1"/*_rtt.csv 2>/dev/null || true; } | awk -F';' -v n="$2" '$3 == n { print $2 + 0 }' | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- -"; exit }
        i50 = int(NR * 0.50); if (i50 < 1) i50 = 1; i99 = int(NR * 0.99); if (i99 < 1) i99 = 1;
        printf "%d %d\n", v[i50], v[i99] }'
}

# Registers the callee $1 with Contact on UAS port $2: one REGISTER sent from that port (before the UAS binds it),
# since our NatHelper rewrites a Contact to the REGISTER's source address. With BENCH_AUTH=1 the REGISTER answers
# the 401 with the password of auth_store (pw-USER): the callee must be one of its accounts.
register_contact() {
  local user=$1 port=$2 dir inf sf=register.xml
  dir="$BENCH_WORK/run/reg-$user-$RANDOM"
  inf="$dir.csv"
  printf 'SEQUENTIAL\n%s;%s;[authentication username=%s password=pw-%s]\n' "$user" "$DOMAIN" "$user" "$user" >"$inf"
  if [ "$BENCH_AUTH" = 1 ]; then sf=register-auth.xml; fi
  run_sipp "$dir" 15 "127.0.0.1:$SERVER_PORT" -sf "$BENCH_DIR/sipp/$sf" -inf "$inf" \
    -p "$port" -key contact_port "$port" -key expires 3600 -m 1 -timeout 10s -timeout_error
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

# Appends a row to the results file $1: fields separated by tabs.
emit() { local f=$1; shift; (IFS=$'\t'; echo "$*") >>"$f"; }

# The servers to compare: ours, and Kamailio when it is there (installed when missing, as root).
bench_servers() {
  if [ "${BENCH_NO_KAMAILIO:-0}" != 1 ] && ensure_kamailio; then echo "ours kamailio"; else echo "ours"; fi
}

# ---- ramps: the same sipp load against each server, alternating, several rounds

declare -A SRV_PID SRV_PORT

start_all() {
  local s
  for s in $SERVERS; do start_server "$s"; SRV_PID[$s]=$SERVER_PID; SRV_PORT[$s]=$SERVER_PORT; done
}
use_server() { SERVER_NAME=$1; SERVER_PID=${SRV_PID[$1]}; SERVER_PORT=${SRV_PORT[$1]}; }
stop_all() { local s; for s in $SERVERS; do use_server "$s"; stop_server; done; }

# run_ramp NAME "RATES" ROUNDS STEP_FUNCTION [WARMUP_FUNCTION]: for each round, each server in turn (order reversed
# every other round) runs STEP_FUNCTION SERVER ROUND RATE for increasing rates until a step has a failure or a
# retransmission. With RAMP_RESTART=1 (the default) each server is started for its turn, warmed up with
# WARMUP_FUNCTION SERVER, and stopped after it: an overloaded step leaves transactions and retransmissions behind
# that would weigh on the next steps and on the other server. RAMP_RESTART=0 uses the servers started (start_all).
# The step function sets STEP_DIR (sipp folder of the load, with its rtt file), STEP_SENT, STEP_OK, STEP_FAILED,
# STEP_RETRANS, STEP_EXIT and STEP_TX (transactions); this adds CPU and memory. Rows go to $BENCH_OUT/NAME-steps.tsv.
run_ramp() {
  local name=$1 rates=$2 rounds=$3 fn=$4 warmup=${5:-} order s round rate t0 t1 m0 m1 w0 w1 d0 d1 u0 u1 cpu achieved lat clean srvpct busy
  local steps="$BENCH_OUT/$name-steps.tsv"
  emit "$steps" server round rate sent ok failed retrans exit achieved_per_s p50_ms p99_ms cpu_s_per_1000_tx pss_kb clean \
    server_cpu_pct machine_busy_pct server_socket_drops udp_drops_all
  for round in $(seq "$rounds"); do
    order=$SERVERS
    if [ $((round % 2)) -eq 0 ]; then order=$(echo "$SERVERS" | tr ' ' '\n' | tac | tr '\n' ' '); fi
    for s in $order; do
      if [ "${RAMP_RESTART:-1}" = 1 ]; then
        start_server "$s"; SRV_PID[$s]=$SERVER_PID; SRV_PORT[$s]=$SERVER_PORT
        if [ -n "$warmup" ]; then "$warmup" "$s"; fi
      fi
      use_server "$s"
      for rate in $rates; do
        t0=$(cpu_ticks); m0=$(machine_ticks); w0=$(date +%s.%N); d0=$(server_drops); u0=$(udp_rcvbuf_errors)
        "$fn" "$s" "$round" "$rate"
        t1=$(cpu_ticks); m1=$(machine_ticks); w1=$(date +%s.%N); d1=$(server_drops); u1=$(udp_rcvbuf_errors)
        srvpct=$(awk -v d=$((t1 - t0)) -v hz="$HZ" -v a="$w0" -v b="$w1" 'BEGIN { printf "%.0f", 100 * d / hz / (b - a) }')
        busy=$(echo "$m0 $m1" | awk '{ printf "%.0f", ($4 - $2) ? 100 * (1 - ($3 - $1) / ($4 - $2)) : 0 }')
        cpu=$(awk -v d=$((t1 - t0)) -v hz="$HZ" -v tx="$STEP_TX" 'BEGIN { printf "%.3f", tx ? d / hz / (tx / 1000) : 0 }')
        achieved=$(awk -v ok="$STEP_OK" -v e="$(cat "$STEP_DIR/wall")" 'BEGIN { printf "%.0f", (e > 0) ? ok / e : 0 }')
        lat=$(rtt_percentiles "$STEP_DIR" 1)
        clean=no
        if [ "$STEP_EXIT" -eq 0 ] && [ "$STEP_FAILED" -eq 0 ] && [ "$STEP_RETRANS" -eq 0 ] \
            && [ "$STEP_OK" -eq "$STEP_SENT" ]; then clean=yes; fi
        emit "$steps" "$s" "$round" "$rate" "$STEP_SENT" "$STEP_OK" "$STEP_FAILED" "$STEP_RETRANS" "$STEP_EXIT" \
          "$achieved" ${lat} "$cpu" "$(mem_kb)" "$clean" "$srvpct" "$busy" $((d1 - d0)) $((u1 - u0))
        log "$name $s round $round: $rate/s sent $STEP_SENT ok $STEP_OK failed $STEP_FAILED retrans $STEP_RETRANS" \
          "(exit $STEP_EXIT) achieved ${achieved}/s p50/p99 ${lat} ms cpu ${cpu} s/1000tx server ${srvpct}% machine ${busy}% drops $((d1 - d0))/$((u1 - u0))"
        [ "$clean" = yes ] || break
        sleep 0.5
      done
      if [ "${RAMP_RESTART:-1}" = 1 ]; then stop_server; fi
    done
  done
}

# Medians over rounds of the highest clean step of each server: rows "figure unit ours kamailio" to
# $BENCH_OUT/NAME.tsv. $2: the label of a transaction in the CPU row; $3: the reference rate for latency; $4: the
# rates of the ramp.
summarize_ramp() {
  local name=$1 txlabel=$2 ref=$3 rates=${4:-} steps="$BENCH_OUT/$1-steps.tsv" out="$BENCH_OUT/$1.tsv" s col
  declare -A V
  for s in ours kamailio; do
    # The last clean row of each (server, round): the highest clean rate of that round.
    local best
    best=$(awk -F'\t' -v s="$s" 'NR > 1 && $1 == s && $14 == "yes" { b[$2] = $0 } END { for (r in b) print b[r] }' "$steps")
    # A round with no clean step counts as rate 0 in the median.
    local zero
    zero=$(awk -F'\t' -v s="$s" 'NR > 1 && $1 == s { seen[$2] = 1; if ($14 == "yes") ok[$2] = 1 }
      END { for (r in seen) if (!ok[r]) print r }' "$steps")
    if [ -z "$best" ]; then
      for col in rate achieved p50 p99 cpu mem rounds; do V[$s,$col]="-"; done
      if grep -q "^$s	" "$steps"; then V[$s,rate]=0; fi
      continue
    fi
    V[$s,rate]=$( { echo "$best" | cut -f3; for r in $zero; do echo 0; done; } | median)
    V[$s,achieved]=$(echo "$best" | cut -f9 | median)
    V[$s,p50]=$(echo "$best" | cut -f10 | median)
    V[$s,p99]=$(echo "$best" | cut -f11 | median)
    V[$s,cpu]=$(echo "$best" | cut -f12 | median)
    V[$s,mem]=$(echo "$best" | cut -f13 | median | awk '{ printf "%.1f", $1 / 1024 }')
    V[$s,rounds]=$( { echo "$best" | cut -f2,3; for r in $zero; do printf '%s\t0\n' "$r"; done; } | sort -n | cut -f2 | paste -sd/)
    V[$s,ref50]=$(awk -F'\t' -v s="$s" -v r="$ref" 'NR > 1 && $1 == s && $3 == r { print $10 }' "$steps" | median)
    V[$s,ref99]=$(awk -F'\t' -v s="$s" -v r="$ref" 'NR > 1 && $1 == s && $3 == r { print $11 }' "$steps" | median)
  done
  : >"$out"
  emit "$out" "$name: highest rate with no failure and no retransmission (median of rounds)" "/s" "${V[ours,rate]}" "${V[kamailio,rate]:--}" higher
  emit "$out" "$name: rate achieved by sipp at that step" "/s" "${V[ours,achieved]}" "${V[kamailio,achieved]:--}" higher
  emit "$out" "$name: highest clean rate in each round" "/s" "${V[ours,rounds]}" "${V[kamailio,rounds]:--}" info
  local top="${rates##* }"
  [ -n "$rates" ] && emit "$out" "$name: top of the ramp (a server clean there is held back by the ramp, not by itself)" "/s" "$top" "$top" info
  emit "$out" "$name: p50 response time at $ref/s" "ms" "${V[ours,ref50]:--}" "${V[kamailio,ref50]:--}" lower
  emit "$out" "$name: p99 response time at $ref/s" "ms" "${V[ours,ref99]:--}" "${V[kamailio,ref99]:--}" lower
  emit "$out" "$name: p50 response time at the highest clean rate" "ms" "${V[ours,p50]}" "${V[kamailio,p50]:--}" lower
  emit "$out" "$name: p99 response time at the highest clean rate" "ms" "${V[ours,p99]}" "${V[kamailio,p99]:--}" lower
  emit "$out" "$name: server CPU per 1,000 $txlabel at the highest clean rate" "s" "${V[ours,cpu]}" "${V[kamailio,cpu]:--}" lower
  emit "$out" "$name: server resident memory (PSS) after that step" "MiB" "${V[ours,mem]}" "${V[kamailio,mem]:--}" lower
  cat "$out" >&2
}
