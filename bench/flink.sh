#!/usr/bin/env bash
# The Flink benchmark: one SQLite → PostgreSQL job (bench/migrate.sh's generated `orders` rows) on
# the DirectRunner, on an embedded Flink (`--runner flink`, no master) and on a standalone Flink
# 1.19 session cluster (the testkit's, one TaskManager with 2 slots) at parallelism 1 and 2.
# Prints one table (wall s, rows/s, CPU s, ratio to the DirectRunner) and records it in
# bench/RESULTS.md.
#
#   bench/flink.sh                              # 1M rows, the four lines, ferry with -Xmx1g
#   bench/flink.sh --rows 100000 --no-results   # quick look; RESULTS.md untouched
#   bench/flink.sh --xmx 2g                     # ferry's heap (the cluster's are the testkit's)
#   bench/flink.sh --no-build                   # measure the jars as built
#   FERRY_JAVA_OPTS='-XX:+UseParallelGC' bench/flink.sh   # more JVM options for ferry, as ./ferry
#
# Installs postgresql, python3 and time with apt-get when missing; needs JDK 17 and Maven (the
# jars are built with `mvn package`, never installed). Starts a throwaway PostgreSQL and the Flink
# cluster on free 127.0.0.1 ports and stops both on exit. Data, job files and logs go to
# bench/work/flink/ (git-ignored).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

rows=1000000
xmx=1g
build=1
write_results=1
command_line="bench/flink.sh${*:+ $*}"

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
# die, say, need_packages, the throwaway PostgreSQL, timing, machine_facts, record_results.
source "$root/bench/common.sh"

while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="${2:?--rows needs a number}"; shift 2 ;;
    --xmx) xmx="${2:?--xmx needs a size such as 1g}"; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-results) write_results=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
[[ "$rows" =~ ^[1-9][0-9]*$ ]] || die "'$rows' is not a positive whole number"
[[ "$xmx" =~ ^[0-9]+[kKmMgG]$ ]] || die "--xmx takes a heap size such as 1g or 512m, not '$xmx'"

work="$root/bench/work/flink"
mkdir -p "$work"

need_packages postgresql python3 time
command -v java >/dev/null 2>&1 || die "no java: install JDK 17 (apt-get install openjdk-17-jdk-headless)"

# --- jars ------------------------------------------------------------------------------------
# One `mvn package` builds ferry.jar and ferry-flink.jar (what --flink-master sends), the bench
# jar, and writes the bench module's class path (the testkit and its Flink cluster's class path)
# to bench/target/classpath.txt.
ferry_jar="$root/runners/target/ferry.jar"
flink_jar="$root/runners/target/ferry-flink.jar"
bench_jar="$root/bench/target/ferry-bench.jar"
classpath_file="$root/bench/target/classpath.txt"
if [ "$build" -eq 1 ]; then
  stale=0
  for jar in "$ferry_jar" "$flink_jar" "$bench_jar" "$classpath_file"; do
    if [ ! -f "$jar" ] || [ -n "$(find pom.xml {schemas,transforms,pipelines,runners,testkit,testkit-flink,bench}/{pom.xml,src/main} \
      -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
      stale=1
    fi
  done
  if [ "$stale" -eq 1 ]; then
    say "building runners/target/ferry.jar, ferry-flink.jar and bench/target/ferry-bench.jar (mvn package)…"
    mvn -B -q -Dmaven.test.skip=true -Dspotless.check.skip=true package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -pl bench -am >&2 \
      || die "the build failed; see the Maven output above"
  fi
fi
for jar in "$ferry_jar" "$flink_jar" "$bench_jar" "$classpath_file"; do
  [ -f "$jar" ] || die "${jar#"$root"/} is missing: run without --no-build"
done
# Measure copies, so a rebuild during the run cannot swap a jar mid-way; ferry sends the
# ferry-flink.jar beside the jar it runs from.
mkdir -p "$work/jars"
cp "$ferry_jar" "$flink_jar" "$bench_jar" "$work/jars/"
ferry_jar="$work/jars/ferry.jar"
bench_cp="$(cat "$classpath_file"):$work/jars/ferry-bench.jar"
read -r -a ferry_java_opts <<<"${FERRY_JAVA_OPTS:-}"

# --- data ------------------------------------------------------------------------------------
# bench/orders.py's SQLite file and the figures the target must show (as bench/migrate.sh).
data="$work/data_$rows"
stamp="$(sha1sum bench/orders.py | cut -c1-12)"
if [ "$(cat "$data/generator" 2>/dev/null)" != "$stamp" ]; then
  say "generating $rows rows into ${data#"$root"/}/ (not measured)…"
  rm -rf "$data"
  python3 bench/orders.py "$rows" "$data.tmp" || die "bench/orders.py failed"
  echo "$stamp" >"$data.tmp/generator"
  mv "$data.tmp" "$data"
fi
expected="$(cat "$data/expected.txt")"

# --- servers ---------------------------------------------------------------------------------
tmp="$(mktemp -d /tmp/ferry-flink-bench.XXXXXX)"
chmod 755 "$tmp"
flink_pid=""
cleanup() {
  local status=$?
  pg_stop
  if [ -n "$flink_pid" ] && kill -0 "$flink_pid" 2>/dev/null; then
    # SIGTERM: the cluster's shutdown hook stops the TaskManager and JobManager it started.
    kill "$flink_pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$flink_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$flink_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start "$tmp/pg" "$work"

say "starting the Flink session cluster (testkit FlinkCluster, not measured)…"
java -Xmx256m -cp "$bench_cp" dev.ferry.bench.FlinkSessionCluster >"$work/cluster.out" 2>"$work/cluster.err" &
flink_pid=$!
for _ in $(seq 1 600); do
  grep -q '^flink ready' "$work/cluster.out" && break
  kill -0 "$flink_pid" 2>/dev/null || { tail -n 30 "$work/cluster.err" >&2; die "the Flink cluster did not start"; }
  sleep 0.2
done
flink_master="$(sed -nE 's/^flink ready master=([^ ]+) .*/\1/p' "$work/cluster.out")"
flink_pids="$(sed -nE 's/^flink ready .* pids=([^ ]+) .*/\1/p' "$work/cluster.out")"
[ -n "$flink_master" ] || die "the Flink cluster did not start within 2 minutes"
say "$(cat "$work/cluster.out")"

# --- measuring -------------------------------------------------------------------------------
clk_tck="$(getconf CLK_TCK)"
# cluster_ticks: utime + stime of the JobManager and TaskManager processes so far.
cluster_ticks() {
  local pid total=0
  for pid in ${flink_pids//,/ }; do
    # Fields 14 and 15 of /proc/PID/stat, counted after the ") " that ends the command name.
    total=$((total + $(sed -E 's/^.*\) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')))
  done
  echo "$total"
}

# target_figures: as bench/migrate.sh, the figures of public.orders in the order of expected.txt.
target_figures() {
  psql_admin -d bench -tA -c "SET TimeZone = 'UTC'" -c "SELECT concat_ws('|', count(*),
    sum(amount)::numeric(20,2), sum(quantity), count(note), sum(active::int),
    to_char(min(created_at), 'YYYY-MM-DD HH24:MI:SS'),
    to_char(max(created_at), 'YYYY-MM-DD HH24:MI:SS')) FROM public.orders" 2>&1 | tail -1 || true
}

job="$work/job.yaml"
cat >"$job" <<YAML
# Generated by bench/flink.sh.
name: bench_flink
source:
  kind: sqlite
  url: jdbc:sqlite:$data/orders.db
target:
  kind: postgres
  url: jdbc:postgresql://127.0.0.1:$pg_port/bench
  user: bench
  password: \${PG_PASSWORD}
  schema: public
  mode: create
YAML

cases=(direct embedded cluster_p1 cluster_p2)
declare -A WALL CPU FIGS FAIL
failed=0
# run_case NAME: one run into a fresh bench database; sets WALL, CPU (ferry's JVM, plus the
# cluster's JobManager and TaskManager for the cluster lines), FIGS, FAIL.
run_case() {
  local name="$1" log="$work/$1" extra=() start end ticks_before ticks_after status=0
  case "$name" in
    direct) extra=() ;;
    embedded) extra=(--runner flink) ;;
    cluster_p1) extra=(--runner flink --flink-master "$flink_master" --parallelism 1) ;;
    cluster_p2) extra=(--runner flink --flink-master "$flink_master" --parallelism 2) ;;
  esac
  fresh_target bench
  say "$name…"
  ticks_before="$(cluster_ticks)"
  start="$(now_ns)"
  PG_PASSWORD="$pg_password" /usr/bin/time -f '%U %S' -o "$log.time" \
    java "-Xmx$xmx" "${ferry_jvm_options[@]}" "${ferry_java_opts[@]}" -jar "$ferry_jar" run "$job" \
    --report "$log.json" "${extra[@]}" >"$log.out" 2>"$log.err" || status=$?
  end="$(now_ns)"
  ticks_after="$(cluster_ticks)"
  WALL[$name]="$(seconds_between "$start" "$end")"
  CPU[$name]="$(awk -v t="$(tail -1 "$log.time")" -v d="$((ticks_after - ticks_before))" \
    -v hz="$clk_tck" -v c="${name%%_*}" 'BEGIN { split(t, a, " ");
      printf "%.1f", a[1] + a[2] + (c == "cluster" ? d / hz : 0) }')"
  if [ "$status" -ne 0 ]; then
    FAIL[$name]="exit $status"
    say "$name FAILED (exit $status); the end of its output (bench/work/flink/$name.out, .err):"
    tail -n 15 "$log.out" "$log.err" >&2
    failed=1
    return
  fi
  FIGS[$name]="$(target_figures)"
  if [ "${FIGS[$name]}" != "$expected" ]; then
    FAIL[$name]="wrong rows"
    say "$name left '${FIGS[$name]}' in PostgreSQL, expected '$expected'"
    failed=1
  fi
}

load_before="$(load_average)"
for c in "${cases[@]}"; do run_case "$c"; done
load_after="$(load_average)"

# --- table -----------------------------------------------------------------------------------
machine_facts
label() {
  case "$1" in
    direct) echo "direct runner|cores" ;;
    embedded) echo "flink embedded|cores" ;;
    cluster_p1) echo "flink cluster|1" ;;
    cluster_p2) echo "flink cluster|2" ;;
  esac
}
table_file="$work/table.txt"
{
  printf 'SQLite → PostgreSQL on Flink, %s, %s, %s cores, %s GiB RAM, PostgreSQL %s, java %s, ferry -Xmx%s%s, %s rows\n' \
    "$today" "${cpu:-unknown cpu}" "$cores" "$mem_gib" "$pg_version" "$java_version" \
    "$xmx" "${FERRY_JAVA_OPTS:+ $FERRY_JAVA_OPTS}" "$rows"
  printf '%-16s %11s %9s %8s %9s %7s %9s  %s\n' runner parallelism rows "wall s" "rows/s" "CPU s" "vs direct" check
  for c in "${cases[@]}"; do
    IFS='|' read -r name par <<<"$(label "$c")"
    count="$(cut -d'|' -f1 <<<"${FIGS[$c]:-}")"
    [[ "$count" =~ ^[0-9]+$ ]] || count="-"
    awk -v name="$name" -v par="$par" -v count="$count" -v wall="${WALL[$c]:-}" -v cpu="${CPU[$c]:-}" \
      -v fail="${FAIL[$c]:-}" -v direct="${WALL[direct]:-}" -v n="$rows" 'BEGIN {
        if (fail ~ /^exit/) {
          printf "%-16s %11s %9s %8.1f %9s %7s %9s  %s\n", name, par, count, wall, "-", "-", "-", "FAILED (" fail ")"; exit }
        vd = (direct != "" && fail == "") ? sprintf("%.2f", direct / wall) : "-";
        printf "%-16s %11s %9s %8.1f %9.0f %7.1f %9s  %s\n", name, par, count, wall, n / wall, cpu, vd,
          (fail == "" ? "ok" : fail) }'
  done
} >"$table_file"
d=""; [ -z "${FAIL[direct]:-}" ] && d="$(per_second "$rows" "${WALL[direct]:-}")"
for c in embedded cluster_p1 cluster_p2; do
  IFS='|' read -r name par <<<"$(label "$c")"
  f=""; [ -z "${FAIL[$c]:-}" ] && f="$(per_second "$rows" "${WALL[$c]:-}")"
  ratio flink "SQLite → PostgreSQL, $rows rows, $name, parallelism $par" "$f" "DirectRunner" "$d" rows/s
done

echo
cat "$table_file"
cat <<'EOF'

parallelism: --parallelism (cores: none given, so the DirectRunner's and the embedded Flink's
default, the machine's cores). wall s: the whole ferry command, process start to exit (for the
cluster: planning, the jar's upload, the job, the keys afterwards). rows/s = generated rows /
wall s. CPU s: user + system time of ferry's JVM, plus the cluster's JobManager and TaskManager
during the run on the cluster lines. vs direct: rows/s ÷ the DirectRunner's (above 1.00 =
faster). check: count, sums, NULLs and first/last timestamp in PostgreSQL equal the generated rows.
EOF

# --- RESULTS.md ------------------------------------------------------------------------------
if [ "$write_results" -eq 1 ]; then
  record_results '<!-- bench/flink.sh puts new runs below this line -->' "## SQLite → PostgreSQL on Flink

Written by \`bench/flink.sh\` (see \`bench/README.md\`), newest first. Compare the lines
of one table, not figures from different runs." "$table_file"
fi

[ "$failed" -eq 0 ] || die "some lines failed or left the wrong rows (see above)"
