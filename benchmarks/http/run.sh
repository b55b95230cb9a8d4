#!/usr/bin/env bash
# Issue 14: tempid against Spring's own answers over real HTTP on loopback.
#
#   benchmarks/http/run.sh                 # all four pairs
#   PAIRS="1 2" DURATION=5 ROUNDS=2 benchmarks/http/run.sh
#
# Builds, starts both sides of each pair (and a private redis-server for pairs 2 and 4),
# warms up, measures alternating runs, stops everything it started (by PID, also on
# failure or Ctrl-C), prints a table and writes benchmarks/target/http-results.json as
# [{"pair","tempid","anchor","unit","ratio"}] (ratio = tempid / anchor).
#
# Needs: Java 17, PostgreSQL on 127.0.0.1:5432 (user postgres, database test), redis-server,
# wrk (installed with apt-get when missing and run as root). Only loopback traffic; every
# run is bounded by DURATION, every soak by SOAK_SECONDS.
#
# Settings (environment):
#   PAIRS="1 2 3 4"   which pairs
#   DURATION=10       seconds of each measured run       WARMUP=10   seconds of warm-up per side
#   SAMPLE_WARMUP=3*WARMUP  warm-up of the sample as deployed (pair 1b)
#   ROUNDS=3          alternating measured runs per side CONNECTIONS=16  wrk connections (1 thread)
#   FLOW_THREADS=8    simulated browsers of pair 3
#   SOAK_RATE=100     operations per second of the soak  SOAK_SECONDS=300  SOAK_WINDOW=30
#   PROFILE=1         record JFR on the tempid side of pairs 1 and 2 (benchmarks/target/http-*.jfr)
#   SKIP_BUILD=1      reuse the last build
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PAIRS=${PAIRS:-"1 2 3 4"}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
SAMPLE_WARMUP=${SAMPLE_WARMUP:-$((3 * WARMUP))}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-16}
FLOW_THREADS=${FLOW_THREADS:-8}
SOAK_RATE=${SOAK_RATE:-100}
SOAK_SECONDS=${SOAK_SECONDS:-300}
SOAK_WINDOW=${SOAK_WINDOW:-30}
PROFILE=${PROFILE:-0}
OUT=$ROOT/benchmarks/target
LOGS=$OUT/http-logs
JVM=(-Xms256m -Xmx256m -XX:+UseG1GC -XX:TieredStopAtLevel=4)
PG_SCHEMA=tempid_bench_http
PG_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$PG_SCHEMA"
mkdir -p "$OUT" "$LOGS"

PIDS=()
cleanup() {
	for pid in "${PIDS[@]:-}"; do
		[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]:-}"; do
		[ -n "$pid" ] && wait "$pid" 2>/dev/null || true
	done
}
trap cleanup EXIT INT TERM

stop() { # stop the given PIDs (started by this script) and forget them
	local pid kept=() p
	for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
	for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
	for p in "${PIDS[@]:-}"; do
		[[ " $* " == *" $p "* ]] || kept+=("$p")
	done
	PIDS=("${kept[@]:-}")
}

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# ----------------------------------------------------------------------------- tools
if ! command -v wrk >/dev/null; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		log "installing wrk (apt-get)"
		apt-get install -y wrk >/dev/null
	else
		echo "wrk is missing: apt-get install -y wrk" >&2
		exit 1
	fi
fi
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install -y redis-server" >&2; exit 1; }

# ----------------------------------------------------------------------------- build
if [ "${SKIP_BUILD:-0}" != 1 ]; then
	log "building (benchmarks/http and sample-app with the library from source)"
	# one reactor run: the classpath then names the modules built from source, not ~/.m2 (which may hold none)
	./mvnw -B -q -pl benchmarks/http,sample-app -am package dependency:build-classpath -DskipTests \
		-Dmdep.outputFile=target/classpath.txt >"$LOGS/build.log" 2>&1 || { tail -50 "$LOGS/build.log"; exit 1; }
fi
CP="$ROOT/benchmarks/http/target/classes:$(cat "$ROOT/benchmarks/http/target/classpath.txt")"
# reactor modules from source, not whatever ~/.m2 holds
for module in tempid-core tempid-spring tempid-spring-boot-autoconfigure tempid-spring-boot-starter; do
	CP="$ROOT/$module/target/classes:$CP"
done
SAMPLE_JAR=$(ls "$ROOT"/sample-app/target/sample-app-*.jar | grep -v original | head -1)

SECRET=$(head -c 48 /dev/urandom | base64 -w0)
JWT_SECRET=$(head -c 32 /dev/urandom | base64 -w0)
export TEMPID_SECRET=$SECRET

# ----------------------------------------------------------------------------- helpers
start_app() { # name port main-class-or-jar args... ; the PID in LAST_PID
	local name=$1 port=$2 main=$3
	shift 3
	local extra=()
	if [ "$PROFILE" = 1 ] && [[ $name == tempid* ]]; then
		extra=(-XX:StartFlightRecording=filename=$OUT/http-$name.jfr,settings=profile)
	fi
	if [[ $main == *.jar ]]; then
		java "${JVM[@]}" "${extra[@]}" -jar "$main" --server.port="$port" "$@" >"$LOGS/$name.log" 2>&1 &
	else
		java "${JVM[@]}" "${extra[@]}" -cp "$CP" "$main" --server.port="$port" "$@" >"$LOGS/$name.log" 2>&1 &
	fi
	LAST_PID=$!
	PIDS+=("$LAST_PID")
}

await_http() { # port pid name
	local i
	for i in $(seq 1 240); do
		if curl -s -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null; then return 0; fi
		if ! kill -0 "$2" 2>/dev/null; then echo "$3 died:" >&2; tail -40 "$LOGS/$3.log" >&2; exit 1; fi
		sleep 0.5
	done
	echo "$3 did not start in 120 s" >&2
	tail -40 "$LOGS/$3.log" >&2
	exit 1
}

start_redis() { # echoes port; PID in REDIS_PID
	REDIS_PORT=$(free_port)
	redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$LOGS/redis.log" 2>&1 &
	REDIS_PID=$!
	PIDS+=("$REDIS_PID")
	for _ in $(seq 1 50); do
		redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "redis-server did not start" >&2
	exit 1
}

redis_stats() { # "command calls" lines so far on the private Redis
	redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' | awk -F'[:=,]' '/^cmdstat_/ { print substr($1, 9), $3 }'
}

per_request() { # before-file after-file requests: "total breakdown" of commands per request, INFO left out
	python3 - "$@" <<'PY'
import sys
def read(path):
    return {k: int(v) for k, v in (line.split() for line in open(path) if line.strip())}
before, after, requests = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
delta = {k: after[k] - before.get(k, 0) for k in after if k != "info" and after[k] - before.get(k, 0) > 0}
total = sum(delta.values()) / requests
print(round(total, 3), " ".join(f"{k}={v / requests:.2f}" for k, v in sorted(delta.items())))
PY
}

cpu_ticks() { # user + system CPU ticks a process has used
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# wrk run: echoes "rps requests p50ms p99ms cpu-us-per-request" (the server's own CPU time per
# request: steadier than rps on a shared machine); fails on socket errors or non-2xx answers
wrk_run() { # server-pid seconds url header...
	local pid=$1 seconds=$2 url=$3
	shift 3
	local args=() h
	for h in "$@"; do args+=(-H "$h"); done
	local out ticks0 ticks1
	ticks0=$(cpu_ticks "$pid")
	out=$(wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency "${args[@]}" "$url")
	ticks1=$(cpu_ticks "$pid")
	# a wrong answer or a broken connection fails the run; a request slower than the
	# 10 s timeout (a loaded machine) is only reported
	if grep -q -E 'Non-2xx|Socket errors: connect [1-9]|read [1-9]|write [1-9]' <<<"$out"; then
		echo "wrk saw errors against $url:" >&2
		echo "$out" >&2
		exit 1
	fi
	if grep -q 'Socket errors' <<<"$out"; then
		log "  ($(grep -o 'timeout [0-9]*' <<<"$out") requests over 10 s against $url)"
	fi
	local rps requests p50 p99
	rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
	requests=$(awk '/requests in/ { print $1 }' <<<"$out")
	p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
	p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
	echo "$rps $requests $(ms "$p50") $(ms "$p99") $(python3 -c 'import sys, os
print(round((int(sys.argv[2]) - int(sys.argv[1])) * 1e6 / os.sysconf("SC_CLK_TCK") / int(sys.argv[3]), 1))' "$ticks0" "$ticks1" "$requests")"
}

ms() { # wrk latency (e.g. 812.00us, 1.23ms, 1.01s) in ms
	python3 -c '
import re,sys
v=sys.argv[1]; m=re.match(r"([0-9.]+)(us|ms|s)$", v)
n=float(m.group(1)); print(round(n/1000 if m.group(2)=="us" else n*1000 if m.group(2)=="s" else n, 3))' "$1"
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(round(a / b, 2) if b else 0)" "$1" "$2"; }

RESULTS=()
TABLE=()
result() { # pair tempid anchor unit [note]
	local r
	r=$(ratio "$2" "$3")
	RESULTS+=("$(printf '{"pair":"%s","tempid":%s,"anchor":%s,"unit":"%s","ratio":%s}' "$1" "$2" "$3" "$4" "$r")")
	TABLE+=("$(printf '| %s | %s | %s | %s | %sx | %s |' "$1" "$2" "$3" "$4" "$r" "${5:-}")")
}

# alternating wrk runs of two sides; sets A_RPS B_RPS and A_CPU B_CPU (medians over the rounds)
alternate() { # labelA pidA urlA headerA labelB pidB urlB headerB
	local la=$1 pa=$2 ua=$3 ha=$4 lb=$5 pb=$6 ub=$7 hb=$8 round r
	local wa=$WARMUP
	# the sample is a whole application (actuator, two chains, pages): its JIT needs longer
	[ "$la" = sample ] && wa=$SAMPLE_WARMUP
	log "warm-up $la (${wa}s) and $lb (${WARMUP}s), load $(load)"
	wrk_run "$pa" "$wa" "$ua" "$ha" >/dev/null
	wrk_run "$pb" "$WARMUP" "$ub" "$hb" >/dev/null
	local ra=() rb=()
	log "  runs: req/s, requests, p50 ms, p99 ms, server CPU µs per request"
	for round in $(seq 1 "$ROUNDS"); do
		if [ $((round % 2)) = 1 ]; then
			r=$(wrk_run "$pa" "$DURATION" "$ua" "$ha"); ra+=("$r"); log "  $la: $r (load $(load))"
			r=$(wrk_run "$pb" "$DURATION" "$ub" "$hb"); rb+=("$r"); log "  $lb: $r (load $(load))"
		else
			r=$(wrk_run "$pb" "$DURATION" "$ub" "$hb"); rb+=("$r"); log "  $lb: $r (load $(load))"
			r=$(wrk_run "$pa" "$DURATION" "$ua" "$ha"); ra+=("$r"); log "  $la: $r (load $(load))"
		fi
	done
	A_RPS=$(for r in "${ra[@]}"; do cut -d' ' -f1 <<<"$r"; done | median)
	B_RPS=$(for r in "${rb[@]}"; do cut -d' ' -f1 <<<"$r"; done | median)
	A_CPU=$(for r in "${ra[@]}"; do cut -d' ' -f5 <<<"$r"; done | median)
	B_CPU=$(for r in "${rb[@]}"; do cut -d' ' -f5 <<<"$r"; done | median)
}

# ----------------------------------------------------------------------------- pair 1
pair1() {
	log "pair 1: bearer GET /api/me"
	local jp tp sp jpid tpid spid
	jp=$(free_port); tp=$(free_port); sp=$(free_port)
	start_app spring-resource-server "$jp" dev.tempid.benchmarks.http.bearer.JwtResourceServerApp \
		--bench.jwt-secret="$JWT_SECRET" --bench.token-file="$LOGS/jwt.token"
	jpid=$LAST_PID
	start_app tempid-bearer "$tp" dev.tempid.benchmarks.http.bearer.TempIdBearerApp \
		--tempid.secret="$SECRET" --tempid.issuer=bench --tempid.purposes.api.ttl=1h \
		--bench.token-file="$LOGS/tempid.token"
	tpid=$LAST_PID
	start_app tempid-sample "$sp" "$SAMPLE_JAR" --spring.profiles.active=dev --sample.limits.enabled=false
	spid=$LAST_PID
	await_http "$jp" "$jpid" spring-resource-server
	await_http "$tp" "$tpid" tempid-bearer
	await_http "$sp" "$spid" tempid-sample
	local jwt tempid sample
	jwt=$(cat "$LOGS/jwt.token"); tempid=$(cat "$LOGS/tempid.token")
	java -cp "$CP" 'dev.tempid.benchmarks.http.load.SoakLoad$ApiToken' "http://127.0.0.1:$sp" "$LOGS/sample.token"
	sample=$(cat "$LOGS/sample.token")
	for check in "$jp:$jwt" "$tp:$tempid" "$sp:$sample"; do
		curl -sf -H "Authorization: Bearer ${check#*:}" "http://127.0.0.1:${check%%:*}/api/me" >/dev/null \
			|| { echo "GET /api/me refused on port ${check%%:*}" >&2; exit 1; }
	done
	alternate tempid "$tpid" "http://127.0.0.1:$tp/api/me" "Authorization: Bearer $tempid" \
		spring "$jpid" "http://127.0.0.1:$jp/api/me" "Authorization: Bearer $jwt"
	result "1. bearer GET /api/me: tempid configurer (v4.local) / resource server (NimbusJwtDecoder HS256)" \
		"$A_RPS" "$B_RPS" "req/s" "load $(load)"
	result "1. the same: server CPU per request (lower is better)" "$A_CPU" "$B_CPU" "us CPU/req"
	alternate sample "$spid" "http://127.0.0.1:$sp/api/me" "Authorization: Bearer $sample" \
		spring "$jpid" "http://127.0.0.1:$jp/api/me" "Authorization: Bearer $jwt"
	result "1b. bearer GET /api/me: the sample as deployed / resource server" "$A_RPS" "$B_RPS" "req/s" "load $(load)"
	result "1b. the same: server CPU per request (lower is better)" "$A_CPU" "$B_CPU" "us CPU/req"
	stop "$jpid" "$tpid" "$spid"
}

# ----------------------------------------------------------------------------- pair 2
set_cookies() { # response headers on stdin: name=value of each Set-Cookie (not the cleared ones)
	tr -d '\r' | grep -i '^set-cookie:' | sed 's/^[Ss]et-[Cc]ookie: *//' | grep -v -i 'max-age=0' | sed 's/;.*//'
}

browser_cookies() { # base URL: the cookies a browser holds after signing in and one GET /api/me
	local base=$1 jar header
	jar=$(curl -s -D - -o /dev/null -X POST "$base/bench/login?username=alice" | set_cookies)
	header=$(paste -sd';' <<<"$jar" | sed 's/;/; /g')
	jar=$(printf '%s\n%s\n' "$jar" "$(curl -s -D - -o /dev/null -H "Cookie: $header" "$base/api/me" | set_cookies)" \
		| grep -v '^$' | awk -F= '{ v[$1] = $0 } END { for (k in v) print v[k] }' | sort)
	paste -sd';' <<<"$jar" | sed 's/;/; /g'
}

pair2() {
	log "pair 2: cookie-session GET /api/me, revocation on Redis"
	start_redis
	local sp tp spid tpid
	sp=$(free_port); tp=$(free_port)
	start_app spring-session "$sp" dev.tempid.benchmarks.http.session.SpringSessionApp \
		--spring.data.redis.port="$REDIS_PORT"
	spid=$LAST_PID
	start_app tempid-session "$tp" dev.tempid.benchmarks.http.session.TempIdSessionApp \
		--spring.data.redis.port="$REDIS_PORT" --tempid.secret="$SECRET" --tempid.store.type=redis \
		--tempid.session.secure=false
	tpid=$LAST_PID
	await_http "$sp" "$spid" spring-session
	await_http "$tp" "$tpid" tempid-session
	local scookie tcookie
	scookie=$(browser_cookies "http://127.0.0.1:$sp")
	tcookie=$(browser_cookies "http://127.0.0.1:$tp")
	[[ $scookie == *SESSION=* ]] && [[ $tcookie == *TEMPID_SESSION=* ]] || { echo "pair 2: no session cookie" >&2; exit 1; }
	log "cookies sent: Spring Session '${scookie%%=*}=…', tempid '$(sed 's/=[^;]*/=…/g' <<<"$tcookie")'"
	alternate tempid "$tpid" "http://127.0.0.1:$tp/api/me" "Cookie: $tcookie" \
		spring "$spid" "http://127.0.0.1:$sp/api/me" "Cookie: $scookie"
	result "2. cookie-session GET /api/me: tempid cookie (revocation on Redis) / Spring Session Data Redis" \
		"$A_RPS" "$B_RPS" "req/s" "load $(load)"
	result "2. the same: server CPU per request (lower is better)" "$A_CPU" "$B_CPU" "us CPU/req"
	# Redis commands per request: INFO commandstats deltas over one run of each, alone on this Redis
	# (commands a Lua script runs are counted too, besides its EVALSHA)
	local r tcmd scmd
	redis_stats >"$LOGS/redis-before.txt"
	r=$(wrk_run "$tpid" "$DURATION" "http://127.0.0.1:$tp/api/me" "Cookie: $tcookie")
	redis_stats >"$LOGS/redis-after.txt"
	tcmd=$(per_request "$LOGS/redis-before.txt" "$LOGS/redis-after.txt" "$(cut -d' ' -f2 <<<"$r")")
	redis_stats >"$LOGS/redis-before.txt"
	r=$(wrk_run "$spid" "$DURATION" "http://127.0.0.1:$sp/api/me" "Cookie: $scookie")
	redis_stats >"$LOGS/redis-after.txt"
	scmd=$(per_request "$LOGS/redis-before.txt" "$LOGS/redis-after.txt" "$(cut -d' ' -f2 <<<"$r")")
	log "Redis commands per request: tempid $tcmd; Spring Session $scmd"
	result "2b. Redis commands per cookie-session request (INFO commandstats deltas)" "${tcmd%% *}" "${scmd%% *}" \
		"commands/req" "tempid: ${tcmd#* }; Spring Session: ${scmd#* }"
	stop "$spid" "$tpid" "$REDIS_PID"
}

# ----------------------------------------------------------------------------- pair 3
pair3() {
	log "pair 3: magic-link login, whole flow, PostgreSQL"
	psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE SCHEMA IF NOT EXISTS $PG_SCHEMA" >/dev/null
	local sp tp spid tpid
	sp=$(free_port); tp=$(free_port)
	start_app spring-ott "$sp" dev.tempid.benchmarks.http.magic.SpringOneTimeTokenApp \
		--spring.datasource.url="$PG_URL" --spring.datasource.username=postgres
	spid=$LAST_PID
	start_app tempid-magic "$tp" dev.tempid.benchmarks.http.magic.TempIdMagicLinkApp \
		--spring.datasource.url="$PG_URL" --spring.datasource.username=postgres --tempid.secret="$SECRET" \
		--tempid.store.type=jdbc --tempid.store.jdbc.initialize-schema=always \
		--tempid.store.jdbc.table-name=tempid_bench_http_uses --tempid.session.secure=false \
		--tempid.web.base-url="http://127.0.0.1:$tp"
	tpid=$LAST_PID
	await_http "$sp" "$spid" spring-ott
	await_http "$tp" "$tpid" tempid-magic
	local flow=(java -Dbench.results="$LOGS/flow.json" -cp "$CP" dev.tempid.benchmarks.http.load.MagicLinkLoad)
	log "warm-up (${WARMUP}s each), load $(load)"
	"${flow[@]}" tempid "http://127.0.0.1:$tp" "$FLOW_THREADS" "$WARMUP" >/dev/null
	"${flow[@]}" spring "http://127.0.0.1:$sp" "$FLOW_THREADS" "$WARMUP" >/dev/null
	local ta=() sa=() round r
	for round in $(seq 1 "$ROUNDS"); do
		for side in $( [ $((round % 2)) = 1 ] && echo "tempid spring" || echo "spring tempid"); do
			local pid port t0
			if [ "$side" = tempid ]; then pid=$tpid; port=$tp; else pid=$spid; port=$sp; fi
			t0=$(cpu_ticks "$pid")
			"${flow[@]}" "$side" "http://127.0.0.1:$port" "$FLOW_THREADS" "$DURATION" >>"$LOGS/flow.log"
			r=$(cat "$LOGS/flow.json")
			r=$(python3 -c 'import json, os, sys
r = json.loads(sys.argv[1]); ticks = int(sys.argv[3]) - int(sys.argv[2])
r["serverCpuMsPerLogin"] = round(ticks * 1e3 / os.sysconf("SC_CLK_TCK") / max(r["logins"], 1), 2)
print(json.dumps(r))' "$r" "$t0" "$(cpu_ticks "$pid")")
			if [ "$side" = tempid ]; then ta+=("$r"); else sa+=("$r"); fi
			log "  $r (load $(load))"
			if ! grep -q '"errors": 0,' <<<"$r"; then echo "pair 3: errors in $r" >&2; exit 1; fi
		done
	done
	local field='import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])'
	local trate srate tst sst
	trate=$(for r in "${ta[@]}"; do python3 -c "$field" "$r" loginsPerSecond; done | median)
	srate=$(for r in "${sa[@]}"; do python3 -c "$field" "$r" loginsPerSecond; done | median)
	tst=$(python3 -c "$field" "${ta[0]}" statementsPerLogin)
	sst=$(python3 -c "$field" "${sa[0]}" statementsPerLogin)
	result "3. magic-link login, whole flow: tempid / Spring oneTimeTokenLogin() + JdbcOneTimeTokenService" \
		"$trate" "$srate" "logins/s" "$FLOW_THREADS browsers, load $(load)"
	result "3b. SQL statements per login (counting DataSource)" "$tst" "$sst" "statements/login"
	result "3. the same: server CPU per login (lower is better)" \
		"$(for r in "${ta[@]}"; do python3 -c "$field" "$r" serverCpuMsPerLogin; done | median)" \
		"$(for r in "${sa[@]}"; do python3 -c "$field" "$r" serverCpuMsPerLogin; done | median)" "ms CPU/login"
	stop "$spid" "$tpid"
	PGOPTIONS='--client-min-messages=warning' psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null
}

# ----------------------------------------------------------------------------- pair 4
heap_after_gc() { # pid: used heap in MB after a full GC
	jcmd "$1" GC.run >/dev/null
	jcmd "$1" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K,?", "", v); print int(v / 1024); exit } }'
}

pair4() {
	log "pair 4: soak, two sample instances on Redis, ${SOAK_RATE} ops/s for ${SOAK_SECONDS}s"
	start_redis
	local ap bp apid bpid
	ap=$(free_port); bp=$(free_port)
	start_app tempid-soak-a "$ap" "$SAMPLE_JAR" --spring.profiles.active=redis,dev \
		--spring.data.redis.port="$REDIS_PORT" --sample.limits.enabled=false
	apid=$LAST_PID
	start_app tempid-soak-b "$bp" "$SAMPLE_JAR" --spring.profiles.active=redis,dev \
		--spring.data.redis.port="$REDIS_PORT" --sample.limits.enabled=false
	bpid=$LAST_PID
	await_http "$ap" "$apid" tempid-soak-a
	await_http "$bp" "$bpid" tempid-soak-b
	local soak=(java -Dbench.results="$LOGS/soak.jsonl" -cp "$CP" dev.tempid.benchmarks.http.load.SoakLoad
		"http://127.0.0.1:$ap" "http://127.0.0.1:$bp")
	log "warm-up (${WARMUP}s at the soak rate)"
	"${soak[@]}" "$SOAK_RATE" "$WARMUP" "$WARMUP" >/dev/null
	local heap_a0 heap_b0 heap_a1 heap_b1 out summary
	heap_a0=$(heap_after_gc "$apid"); heap_b0=$(heap_after_gc "$bpid")
	"${soak[@]}" "$SOAK_RATE" "$SOAK_SECONDS" "$SOAK_WINDOW" >>"$LOGS/soak.log"
	out=$(cat "$LOGS/soak.jsonl")
	heap_a1=$(heap_after_gc "$apid"); heap_b1=$(heap_after_gc "$bpid")
	summary=$(grep '^{"soak"' <<<"$out")
	local field='import json,sys; print(json.loads(sys.argv[1])["soak"][sys.argv[2]])'
	local errors
	errors=$(python3 -c "$field" "$summary" errors)
	log "soak: errors $errors, heap after GC A ${heap_a0}->${heap_a1} MB, B ${heap_b0}->${heap_b1} MB"
	result "4. soak p50 latency, last window / first window" "$(python3 -c "$field" "$summary" lastP50Ms)" \
		"$(python3 -c "$field" "$summary" firstP50Ms)" "ms" "${SOAK_RATE} ops/s, ${SOAK_SECONDS}s, errors $errors"
	result "4b. soak p99 latency, last window / first window" "$(python3 -c "$field" "$summary" lastP99Ms)" \
		"$(python3 -c "$field" "$summary" firstP99Ms)" "ms" "windows of ${SOAK_WINDOW}s, load $(load)"
	result "4c. soak heap after full GC, instance A end / start" "$heap_a1" "$heap_a0" "MB"
	result "4d. soak heap after full GC, instance B end / start" "$heap_b1" "$heap_b0" "MB"
	result "4e. soak errors" "$errors" "0" "errors"
	stop "$apid" "$bpid" "$REDIS_PID"
}

log "load average before: $(load); $(nproc) cores"
for pair in $PAIRS; do
	"pair$pair"
done

{
	echo "["
	for i in "${!RESULTS[@]}"; do
		printf '  %s%s\n' "${RESULTS[$i]}" "$([ "$i" -lt $((${#RESULTS[@]} - 1)) ] && echo ,)"
	done
	echo "]"
} >"$OUT/http-results.json"

echo
echo "| pair | tempid | anchor | unit | ratio | note |"
echo "|---|---:|---:|---|---:|---|"
printf '%s\n' "${TABLE[@]}"
echo
echo "written: $OUT/http-results.json (load average now $(load))"
