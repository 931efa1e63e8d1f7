#!/usr/bin/env bash
# The verify benchmark: `ferry verify` of a PostgreSQL table and the copy ferry loaded of it into a
# second database, beside the plain SQL check (count + md5 of the ordered rows on both sides), in
# rows/min per core and against DVT's published 1.5M rows/min per vCPU. Prints one table and
# records it in bench/RESULTS.md.
#
#   bench/verify.sh                            # 1M rows, ferry with -Xmx1g
#   bench/verify.sh --rows 200000 --no-results # quick look; RESULTS.md untouched
#   bench/verify.sh --repeat 3 --xmx 2g        # best wall time of 3 runs per line; ferry's heap
#   bench/verify.sh --chunk-rows 50000         # passed to ferry verify (default: ferry's own)
#   bench/verify.sh --small-chunk-rows 2000    # the extra drill-down line's chunks (default 1000)
#   bench/verify.sh --time-limit 600           # stop a ferry verify line after 600 s (default 1800)
#   bench/verify.sh --no-build                 # measure runners/target/ferry.jar as built
#   FERRY_JAVA_OPTS='-XX:+UseParallelGC' bench/verify.sh   # more JVM options for ferry, as ./ferry
#
# Installs postgresql, python3 and GNU time with apt-get when missing; needs JDK 17 and Maven for
# ferry (built with `mvn package`, never installed). Starts a throwaway PostgreSQL on a free
# 127.0.0.1 port and removes it on exit. Job files, reports and logs go to bench/work/verify/
# (git-ignored).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

rows=1000000
xmx=1g
repeat=1
chunk_rows=""
small_chunk_rows=1000
time_limit=1800
build=1
write_results=1
command_line="bench/verify.sh${*:+ $*}"
# DVT (Google's Data Validation Tool) publishes about 1.5M rows/min per vCPU for its row hash
# validation; the issue's goal is to be well above it.
dvt_rows_min_core=1500000
changed_rows=10

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; }
# die, say, need_packages, memory_of, the throwaway PostgreSQL (pg_start, psql_admin,
# fresh_target…), ferry_jar_stale, machine_facts, record_results, timing.
source "$root/bench/common.sh"

while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="${2:?--rows needs a number}"; shift 2 ;;
    --xmx) xmx="${2:?--xmx needs a size such as 1g}"; shift 2 ;;
    --repeat) repeat="${2:?--repeat needs a number}"; shift 2 ;;
    --chunk-rows) chunk_rows="${2:?--chunk-rows needs a number}"; shift 2 ;;
    --small-chunk-rows) small_chunk_rows="${2:?--small-chunk-rows needs a number}"; shift 2 ;;
    --time-limit) time_limit="${2:?--time-limit needs seconds}"; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-results) write_results=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
for n in "$rows" "$repeat" "$small_chunk_rows" "$time_limit" ${chunk_rows:+"$chunk_rows"}; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "'$n' is not a positive whole number"
done
[[ "$xmx" =~ ^[0-9]+[kKmMgG]$ ]] || die "--xmx takes a heap size such as 1g or 512m, not '$xmx'"
[ "$rows" -ge "$changed_rows" ] || die "--rows must be at least $changed_rows (rows changed in the target)"
[ "$rows" -gt 1000 ] || die "--rows must be more than 1000 (the start-up line's table has 1000)"

work="$root/bench/work/verify"
table=items
small_table=items_small
small_rows=1000
mkdir -p "$work"

need_packages postgresql python3 time
command -v java >/dev/null 2>&1 || die "no java: install JDK 17 (apt-get install openjdk-17-jdk-headless)"

# --- ferry -----------------------------------------------------------------------------------
ferry_jar="$root/runners/target/ferry.jar"
if [ "$build" -eq 1 ] && ferry_jar_stale "$ferry_jar"; then
  # package, not install: nothing of this checkout goes into ~/.m2.
  say "building runners/target/ferry.jar (mvn package)…"
  mvn -B -q -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl runners -am >&2 \
    || die "the build failed; see the Maven output above"
fi
[ -f "$ferry_jar" ] || die "runners/target/ferry.jar is missing: run without --no-build"
# Measure a copy, so a rebuild during the run (another shell, an IDE) cannot swap the jar mid-way.
mkdir -p "$work/jars"
cp "$ferry_jar" "$work/jars/ferry.jar"
ferry_jar="$work/jars/ferry.jar"
read -r -a ferry_java_opts <<<"${FERRY_JAVA_OPTS:-}"

# --- server and data -------------------------------------------------------------------------
tmp="$(mktemp -d /tmp/ferry-verify-bench.XXXXXX)"
chmod 755 "$tmp"
cleanup() {
  local status=$?
  pg_stop
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start "$tmp/pg" "$work"

# Every measured tool connects as bench over TCP with a password, as ferry does; the password
# travels in the environment, not on the command line.
as_bench() { PGHOST=127.0.0.1 PGPORT="$pg_port" PGUSER=bench PGPASSWORD="$pg_password" "$@"; }

# The source: the table of bench/dump.sh (row i is a function of i): bigint key, integer, text
# with accented Latin, Greek, CJK and an emoji, numeric(12,2), timestamptz with microseconds,
# date, double precision NULL on 1 row in 12, boolean, a 16-byte bytea on every 4th row, jsonb.
columns="id, customer_id, name, amount, created_at, due_on, score, active, payload, attrs"
say "generating $rows rows in src.$table (not measured)…"
psql_admin -d postgres -c 'CREATE DATABASE src OWNER bench' -c 'CREATE DATABASE dst OWNER bench'
as_bench psql -X -q -v ON_ERROR_STOP=1 -d src -v rows="$rows" >"$work/generate.log" <<SQL
CREATE TABLE $table (
  id          bigint PRIMARY KEY,
  customer_id integer NOT NULL,
  name        text NOT NULL,
  amount      numeric(12,2) NOT NULL,
  created_at  timestamptz NOT NULL,
  due_on      date NOT NULL,
  score       double precision,
  active      boolean NOT NULL,
  payload     bytea,
  attrs       jsonb NOT NULL
);
INSERT INTO $table
SELECT i,
       (i * 7919) % 100003,
       'item ' || i || ' ' || (ARRAY['café crème', 'Ελληνικά', '東京都', 'naïve 🚀', 'plain ascii'])[1 + i % 5],
       ((i * 7907) % 100000000) / 100.0,
       timestamptz '2020-01-01 00:00:00+00' + i * interval '37 seconds'
         + ((i * 104729) % 1000000) * interval '1 microsecond',
       date '2000-01-01' + (i % 10000)::int,
       CASE WHEN i % 12 = 0 THEN NULL ELSE sqrt(i::double precision) * 1.5 END,
       i % 3 <> 0,
       CASE WHEN i % 4 = 0 THEN decode(md5(i::text), 'hex') END,
       jsonb_build_object('n', i % 1000, 'tag', (ARRAY['red', 'green', 'blue'])[1 + i % 3],
                          'flag', i % 2 = 0)
FROM generate_series(1::bigint, :rows) AS i;
-- Settled, as a production table is: an autovacuum of the fresh rows would otherwise run beside
-- the measured lines, and the first read of each would set every row's hint bits.
VACUUM (ANALYZE) $table;
-- The same shape at $small_rows rows: verifying it costs what any verify pays before its first row
-- (JVM start, JIT, catalogs, planning, the runner's start), which the per-row line takes away.
CREATE TABLE $small_table AS SELECT * FROM $table WHERE id <= $small_rows;
ALTER TABLE $small_table ADD PRIMARY KEY (id);
VACUUM (ANALYZE) $small_table;
SQL

# One job is both the load and what verify checks: verify reads the job's source and its target.
job="$work/job.yaml"
cat >"$job" <<EOF
# Generated by bench/verify.sh.
name: bench_verify
source: {kind: postgres, url: "jdbc:postgresql://127.0.0.1:$pg_port/src", user: bench, password: "\${BENCH_PG_PASSWORD}", tables: [$table]}
target: {kind: postgres, url: "jdbc:postgresql://127.0.0.1:$pg_port/dst", user: bench, password: "\${BENCH_PG_PASSWORD}", schema: public, mode: create}
EOF

small_job="$work/job_small.yaml"
sed -e "s/tables: \[$table\]/tables: [$small_table]/" -e 's/^name: bench_verify$/name: bench_verify_small/' \
  "$job" >"$small_job"

# ./ferry starts a jar with the class archive its first run or verify of that jar recorded (see the
# launcher); so do the ferry lines here. The unmeasured load of the small table records it beside
# the jar when there is none newer than the jar. archive_options is what ferry_java passes.
archive="${ferry_jar%.jar}.jsa"
archive_options=()
if [ -f "$archive" ] && [ "$archive" -nt "$ferry_jar" ]; then
  archive_options=(-XX:SharedArchiveFile="$archive" '-Xlog:cds*=off')
fi

# ferry_java BASE ARGS…: one ferry JVM under GNU time with a GC log, stopped (exit 124) after
# $time_limit seconds; sets status and wall.
ferry_java() {
  local base="$1" start end
  shift
  rm -f "$base".*
  status=0
  start="$(now_ns)"
  BENCH_PG_PASSWORD="$pg_password" /usr/bin/time -v -o "$base.time" timeout "$time_limit" \
    java "-Xmx$xmx" "${ferry_jvm_options[@]}" "${archive_options[@]}" "${ferry_java_opts[@]}" \
    "-Xlog:gc:file=$base.gc.log" -jar "$ferry_jar" "$@" >"$base.out" 2>"$base.err" || status=$?
  end="$(now_ns)"
  wall="$(seconds_between "$start" "$end")"
}

# The target, loaded by ferry itself (not measured here; its wall time is printed under the table).
say "loading dst.$table with ferry run (mode create, not measured)…"
ferry_java "$work/load" run "$job" --report "$work/load.json"
load_wall="$wall"
if [ "$status" -ne 0 ]; then
  tail -n 30 "$work/load.out" "$work/load.err" >&2
  die "ferry run (the load) failed with exit $status: see ${work#"$root"/}/load.out, .err"
fi
problem="$(python3 - "$work/load.json" "$rows" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
n, tot = int(sys.argv[2]), t.get("totals", {})
if (tot.get("read"), tot.get("written"), tot.get("rejected")) != (n, n, 0) or not t.get("reconciled"):
    print(f"read={tot.get('read')} written={tot.get('written')} rejected={tot.get('rejected')} "
          f"reconciled={t.get('reconciled')}, expected {n}/{n}/0/true")
PY
)"
[ -z "$problem" ] || die "the load moved the wrong rows: $problem (${work#"$root"/}/load.json)"
if [ "${#archive_options[@]}" -eq 0 ]; then
  say "recording ferry's class archive ${archive#"$root"/} in that load, as ./ferry's first run does…"
  archive_options=(-XX:ArchiveClassesAtExit="$archive.$$" '-Xlog:cds*=off')
fi
ferry_java "$work/load_small" run "$small_job" --report "$work/load_small.json"
[ "$status" -eq 0 ] || die "ferry run of $small_table failed with exit $status: see ${work#"$root"/}/load_small.out, .err"
[ -f "$archive.$$" ] && mv -f "$archive.$$" "$archive"
[ -f "$archive" ] || die "no class archive at ${archive#"$root"/} after the load"
archive_options=(-XX:SharedArchiveFile="$archive" '-Xlog:cds*=off')
psql_admin -d dst -c "\\d public.$table" >"$work/dst.columns" 2>&1 || true
psql_admin -d dst -c "VACUUM (ANALYZE) public.$table" -c "VACUUM (ANALYZE) public.$small_table" \
  -c 'CHECKPOINT'

# --- cases -----------------------------------------------------------------------------------
# The plain SQL check, per database: the count and an md5 of every row's text form in key order
# (the source's columns, so a column the target may add is left out). string_agg builds one value
# of the whole table's text (~150 MB at 1M rows of this table); PostgreSQL caps a value at 1 GB,
# so this form stops working around 6M such rows.
sql_check="SELECT count(*) || '|' || coalesce(md5(string_agg(ROW($columns)::text, '|' ORDER BY id)), '')
  FROM public.$table"
sql_one() { # DB OUTFILE (its CPU seconds, user and system, go to OUTFILE.cpu)
  as_bench /usr/bin/time -f '%U %S' -o "$2.cpu" \
    psql -X -q -tA -v ON_ERROR_STOP=1 -d "$1" -c "$sql_check" >"$2" 2>&1
}

# The server's CPU seconds so far: the postmaster's own and those of its children that ended (every
# connection's backend, parallel workers). Read before and after a line, once its connections have
# closed, it is the CPU PostgreSQL spent on that line (its background writers are not in it).
clock_ticks="$(getconf CLK_TCK)"
server_cpu() {
  local pid
  pid="$(head -1 "$pg_dir/data/postmaster.pid")"
  sleep 0.5 # let the postmaster reap the line's backends
  sed -E 's/^.*\) //' "/proc/$pid/stat" | awk -v hz="$clock_ticks" '{ printf "%.2f", ($12 + $13 + $14 + $15) / hz }'
}
# time_cpu FILE… → the user + system seconds in GNU time records (-v or '%U %S').
time_cpu() {
  awk '/User time|System time/ { s += $NF; next } NF == 2 && $1 ~ /^[0-9.]+$/ { s += $1 + $2 }
    END { printf "%.2f", s }' "$@"
}

# json_table REPORT → "source_rows target_rows chunks chunks_differing missing extra changed
# orphans equal seconds" of the report's first table.
json_table() {
  python3 - "$1" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
    t = r["tables"][0]
    print(t["source_rows"], t["target_rows"], t["chunks"], t["chunks_differing"], t["missing"],
          t["extra"], t["changed"], t["orphans"], str(r["equal"]).lower(), r["seconds"])
except (OSError, ValueError, KeyError, IndexError) as e:
    print("- - - - - - - - - -")
PY
}

# run_case NAME RUN → sets status wall rss heap_after problem detail client_cpu server_cpu_s.
run_case() {
  local name="$1" base="$work/$1_$2" start end cpu0 cpu1
  problem="" detail="" rss=0 heap_after=0
  psql_admin -d postgres -c 'CHECKPOINT'
  cpu0="$(server_cpu)"
  case "$name" in
    verify_start|verify_start_cold)
      local kept=("${archive_options[@]}")
      [ "$name" = verify_start_cold ] && archive_options=()
      ferry_java "$base" verify "$small_job" --report "$base.json"
      archive_options=("${kept[@]}")
      client_cpu="$(time_cpu "$base.time")"
      read -r rss _ heap_after <<<"$(memory_of "$base")"
      local sr tr eq
      read -r sr tr _ _ _ _ _ _ eq _ <<<"$(json_table "$base.json")"
      detail="$small_table: source $sr, target $tr, equal $eq"
      if [ "$status" -ne 0 ] || [ "$sr" != "$small_rows" ] || [ "$tr" != "$small_rows" ]; then
        problem="exit $status, source_rows=$sr target_rows=$tr, expected 0 and $small_rows"
        tail -n 25 "$base.out" "$base.err" >&2
      fi
      ;;
    verify_equal|verify_changed|verify_changed_small)
      local expect_exit=0 chunks=(${chunk_rows:+--chunk-rows "$chunk_rows"})
      [ "$name" != verify_equal ] && expect_exit=1
      [ "$name" = verify_changed_small ] && chunks=(--chunk-rows "$small_chunk_rows")
      ferry_java "$base" verify "$job" --report "$base.json" "${chunks[@]}"
      client_cpu="$(time_cpu "$base.time")"
      read -r rss _ heap_after <<<"$(memory_of "$base")"
      local sr tr ch cd mi ex cg orph eq secs
      read -r sr tr ch cd mi ex cg orph eq secs <<<"$(json_table "$base.json")"
      detail="source $sr, target $tr, $ch chunks, $cd differing; missing $mi, extra $ex, changed $cg, orphans $orph; pipeline $secs s"
      if [ "$status" -eq 124 ]; then
        problem="stopped after $time_limit s (--time-limit)"
        detail="stopped after $time_limit s; its last progress line: $(grep '^\[' "$base.err" | tail -1)"
      elif grep -q 'OutOfMemoryError' "$base.out" "$base.err"; then
        problem="out of memory at -Xmx$xmx (exit $status)"
        detail="out of memory after $wall s; its last progress line: $(grep '^\[' "$base.err" | tail -1)"
      elif [ "$status" -ne "$expect_exit" ]; then
        problem="exit $status, expected $expect_exit"
      elif [ "$sr" != "$rows" ] || [ "$tr" != "$rows" ]; then
        problem="source_rows=$sr target_rows=$tr, expected $rows"
      elif [ "$name" = verify_equal ] && { [ "$eq" != true ] || [ "$cd" != 0 ]; }; then
        problem="equal=$eq chunks_differing=$cd on the equal pair"
      elif [ "$name" != verify_equal ] && { [ "$cg" != "$changed_rows" ] || [ "$mi" != 0 ] \
          || [ "$ex" != 0 ] || [ "$cd" = 0 ] || [ "$eq" != false ]; }; then
        problem="changed=$cg missing=$mi extra=$ex chunks_differing=$cd equal=$eq, expected $changed_rows changed"
      fi
      if [ -n "$problem" ]; then
        say "$name: $problem; the end of its output (${base#"$root"/}.out, .err):"
        tail -n 25 "$base.out" "$base.err" >&2
      fi
      ;;
    sql_sequential|sql_parallel)
      status=0
      start="$(now_ns)"
      if [ "$name" = sql_sequential ]; then
        sql_one src "$base.src" || status=$?
        sql_one dst "$base.dst" || status=$?
      else
        local p1 p2 s1=0 s2=0
        sql_one src "$base.src" & p1=$!
        sql_one dst "$base.dst" & p2=$!
        wait "$p1" || s1=$?
        wait "$p2" || s2=$?
        status=$((s1 > s2 ? s1 : s2))
      fi
      end="$(now_ns)"
      wall="$(seconds_between "$start" "$end")"
      client_cpu="$(time_cpu "$base.src.cpu" "$base.dst.cpu")"
      local a b
      a="$(tail -1 "$base.src")" b="$(tail -1 "$base.dst")"
      detail="src ${a}; dst ${b}"
      if [ "$status" -ne 0 ]; then problem="psql exit $status"; say "$name: $a / $b"
      elif [ "${a%%|*}" != "$rows" ] || [ "${b%%|*}" != "$rows" ]; then problem="counts ${a%%|*} / ${b%%|*}, expected $rows"
      elif [ "$a" != "$b" ]; then problem="md5 differs (the text forms differ)"
      fi
      ;;
  esac
  cpu1="$(server_cpu)"
  server_cpu_s="$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')"
  detail="$detail; CPU s: client $client_cpu, server $server_cpu_s"
}

declare -A R
failed=0
# measure CASE…: each case once per round, the rounds --repeat times, so a slow spell of a shared
# machine falls on every case of a round rather than on all the runs of one; keeps each case's
# best wall time (and that run's CPU seconds and detail), and its highest memory figures.
measure() {
  local name r
  for ((r = 1; r <= repeat; r++)); do
    for name in "$@"; do
      say "$name (round $r of $repeat)…"
      run_case "$name" "$r"
      if [ -n "$problem" ]; then
        R[$name.fail]="$problem"; failed=1
      fi
      if [ -z "${R[$name.wall]:-}" ] || awk -v a="$wall" -v b="${R[$name.wall]}" 'BEGIN { exit !(a < b) }'; then
        R[$name.wall]="$wall"; R[$name.detail]="$detail"
        R[$name.cpu]="$(awk -v a="$client_cpu" -v b="$server_cpu_s" 'BEGIN { printf "%.2f", a + b }')"
      fi
      R[$name.rss]="$(( ${R[$name.rss]:-0} > rss ? ${R[$name.rss]:-0} : rss ))"
      R[$name.ha]="$(( ${R[$name.ha]:-0} > heap_after ? ${R[$name.ha]:-0} : heap_after ))"
    done
  done
}

# The equal pair first (both checks), then ten rows changed in the target (four amounts a cent up,
# three names with a character appended, three created_at one microsecond later), verified again.
load_before="$(load_average)"
measure sql_sequential sql_parallel verify_start verify_start_cold verify_equal
say "changing $changed_rows rows in dst.$table…"
as_bench psql -X -q -v ON_ERROR_STOP=1 -d dst -v step="$((rows / changed_rows))" >"$work/change.log" <<SQL
CREATE TEMP TABLE picked AS SELECT k, 1 + k * :step AS id FROM generate_series(0, $((changed_rows - 1))) AS k;
UPDATE public.$table t SET amount = amount + 0.01 FROM picked p WHERE t.id = p.id AND p.k % 3 = 0;
UPDATE public.$table t SET name = name || '·' FROM picked p WHERE t.id = p.id AND p.k % 3 = 1;
UPDATE public.$table t SET created_at = created_at + interval '1 microsecond' FROM picked p WHERE t.id = p.id AND p.k % 3 = 2;
VACUUM (ANALYZE) public.$table;
SQL
measure verify_changed verify_changed_small
load_after="$(load_average)"

# --- table -----------------------------------------------------------------------------------
machine_facts
label() {
  case "$1" in
    verify_equal) echo "ferry verify (equal)" ;;
    verify_start) echo "  $small_rows-row pair" ;;
    verify_start_cold) echo "  same, no class archive" ;;
    beyond_start) echo "  per row beyond that" ;;
    verify_changed) echo "ferry verify ($changed_rows changed)" ;;
    verify_changed_small) echo "  same, chunks of $small_chunk_rows" ;;
    sql_sequential) echo "SQL md5, sequential" ;;
    sql_parallel) echo "SQL md5, parallel" ;;
  esac
}
# The per-row line: the equal pair less the small one, i.e. without what any verify pays first.
if [ -z "${R[verify_equal.fail]:-}${R[verify_start.fail]:-}" ] && [ -n "${R[verify_equal.wall]:-}" ] \
    && [ -n "${R[verify_start.wall]:-}" ]; then
  R[beyond_start.wall]="$(awk -v a="${R[verify_equal.wall]}" -v b="${R[verify_start.wall]}" 'BEGIN { printf "%.2f", a - b }')"
  R[beyond_start.cpu]="$(awk -v a="${R[verify_equal.cpu]}" -v b="${R[verify_start.cpu]}" 'BEGIN { printf "%.2f", a - b }')"
  R[beyond_start.detail]="the equal pair's wall and CPU seconds less the $small_rows-row pair's, for $((rows - small_rows)) rows"
  awk -v w="${R[beyond_start.wall]}" -v c="${R[beyond_start.cpu]}" 'BEGIN { exit !(w > 0 && c > 0) }' \
    || R[beyond_start.fail]="the small pair took as long as the big one (a noisy machine?)"
else
  R[beyond_start.fail]="needs both verify lines"
fi
cases=(verify_equal verify_start verify_start_cold beyond_start verify_changed verify_changed_small sql_sequential sql_parallel)
table_file="$work/table.txt"
{
  printf 'verify PostgreSQL → PostgreSQL, %s, %s, %s cores, %s GiB RAM, PostgreSQL %s, java %s, ferry -Xmx%s%s%s%s\n' \
    "$today" "${cpu:-unknown cpu}" "$cores" "$mem_gib" "$pg_version" "$java_version" "$xmx" \
    "${FERRY_JAVA_OPTS:+ $FERRY_JAVA_OPTS}" "${chunk_rows:+, --chunk-rows $chunk_rows}" \
    "$( [ "$repeat" -gt 1 ] && echo ", best of $repeat" )"
  printf '%-24s %9s %8s %9s %13s %7s %7s %12s %6s %8s %10s  %s\n' line rows "wall s" "rows/s" \
    "rows/min/core" "vs DVT" "CPU s" "rows/CPU-min" "vs DVT" "RSS MiB" "postGC MiB" check
  for c in "${cases[@]}"; do
    n="$rows"
    [[ "$c" == verify_start* ]] && n="$small_rows"
    [ "$c" = beyond_start ] && n="$((rows - small_rows))"
    awk -v name="$(label "$c")" -v n="$n" -v wall="${R[$c.wall]:-}" -v cores="$cores" \
      -v dvt="$dvt_rows_min_core" -v rss="${R[$c.rss]:-0}" -v ha="${R[$c.ha]:-0}" \
      -v fail="${R[$c.fail]:-}" -v java="$( [[ "$c" == verify_* ]] && echo 1 )" \
      -v cpu="${R[$c.cpu]:-0}" 'BEGIN {
        mem = java ? sprintf("%.0f", rss / 1024) : "-"; heap = java ? ha : "-";
        if (fail != "") { # a stopped or failed line has no rate
          f = fail ~ /^stopped/ ? ">%.0f" : "%.1f";
          printf "%-24s %9d %8s %9s %13s %7s %7s %12s %6s %8s %10s  %s\n", name, n, sprintf(f, wall),
            "-", "-", "-", sprintf(f, cpu), "-", "-", mem, heap, fail; exit }
        rpm = n / wall * 60 / cores;
        cpm = cpu > 0 ? n / cpu * 60 : 0;
        printf "%-24s %9d %8.1f %9.0f %13.0f %7.2f %7.1f %12.0f %6.2f %8s %10s  %s\n", name, n, wall,
          n / wall, rpm, rpm / dvt, cpu, cpm, cpm / dvt, mem, heap, "ok" }'
  done
  for c in "${cases[@]}"; do
    printf '%s: %s\n' "$(label "$c")" "${R[$c.detail]:-}"
  done
  printf 'load of the target (ferry run, mode create, not in the table): %.1f s, %.0f rows/s\n' \
    "$load_wall" "$(awk -v n="$rows" -v w="$load_wall" 'BEGIN { print n / w }')"
} >"$table_file"
# per_core_minute CASE ROWS SECONDS → rows/min per core on SECONDS (wall: ÷ cores), or nothing
per_core_minute() {
  [ -z "${R[$1.fail]:-}" ] && awk -v n="$2" -v s="${3:-0}" 'BEGIN { if (s > 0) printf "%.0f", n / s * 60 }'
}
for c in verify_equal verify_changed; do
  ratio verify "$(label "$c"), rows/min per core on wall time" \
    "$(per_core_minute "$c" "$((rows / cores))" "${R[$c.wall]:-}")" "DVT's published rate" "$dvt_rows_min_core" rows/min
  ratio verify "$(label "$c"), rows per CPU-minute" \
    "$(per_core_minute "$c" "$rows" "${R[$c.cpu]:-}")" "DVT's published rate" "$dvt_rows_min_core" rows/min
done
ratio verify "ferry verify (equal) beside SQL count + md5, rows per CPU-minute" \
  "$(per_core_minute verify_equal "$rows" "${R[verify_equal.cpu]:-}")" "SQL md5, sequential" \
  "$(per_core_minute sql_sequential "$rows" "${R[sql_sequential.cpu]:-}")" rows/min

echo
cat "$table_file"
cat <<EOF

rows: the source table's rows, each compared with its copy in the target. wall s: the whole
command, process start to exit (for ferry, JVM start, catalog reads and planning included; for
SQL, both databases' queries). rows/s = rows / wall s. rows/min/core = rows/s × 60 ÷ $cores
(nproc: the cores the processes could use; the PostgreSQL server runs on the same cores, and on
both sides of the comparison). vs DVT = rows/min/core ÷ 1.5M, DVT's published rows/min per vCPU.
CPU s: the CPU seconds of the line, the client's (GNU time: ferry's JVM, or
the two psql) plus the server's (the postmaster's children that ended during the line: every
backend and parallel worker); rows/CPU-min = rows ÷ CPU s × 60, the same per-core figure measured
on the CPU the line used, so other work on a shared machine does not lower it; vs DVT on it too.
RSS, postGC: ferry's peak resident set size (GNU time) and most heap in use after a GC pause
(-Xlog:gc); the SQL lines' work is in the server, not in psql. "same, chunks of N": the changed
pair again with --chunk-rows N, so the drill-down re-reads 10 small chunks instead of 10 of the
default size. "N-row pair": a table of the same shape with its first N rows, verified alone: what
every verify pays before its first row (JVM start, JIT, catalogs, planning, the runner's start).
"same, no class archive": that pair again without the class archive ./ferry maps (CDS: classes
loaded, parsed and verified by its first run of the jar, recorded beside it); every other ferry
line maps it, as ./ferry does.
"per row beyond that": the equal pair less the N-row pair, the rate once started, in wall and in
CPU seconds (its RSS and heap columns are the equal pair's). A line over --time-limit is stopped and shows ">limit". SQL md5 sequential runs the
query on src, then on dst; parallel runs both at once. The SQL check compares PostgreSQL's text
forms, so it would false-alarm across dialects (1 vs true, 12.5 vs 12.50, time zones), says
nothing about which rows differ, and needs the whole table as one value (1 GB cap); ferry's
digests are mapping-aware, chunked and drill down to rows.
EOF

# --- RESULTS.md ------------------------------------------------------------------------------
if [ "$write_results" -eq 1 ]; then
  record_results '<!-- bench/verify.sh puts new runs below this line -->' "## Verify (PostgreSQL → PostgreSQL)

Written by \`bench/verify.sh\` (see \`bench/README.md\`), newest first. \`ferry verify\` of a
generated table and the copy \`ferry run\` loaded of it, beside a plain SQL count + md5 of the
ordered rows on both databases, in rows/min per core against DVT's 1.5M rows/min per vCPU;
compare the lines of one table, not figures from different runs." "$table_file"
fi

[ "$failed" -eq 0 ] || die "some lines failed or found the wrong differences (see above)"
