#!/usr/bin/env bash
# The lakehouse backfill benchmark: a generated PostgreSQL table of DAYS × ROWS-PER-DAY events,
# one day per partition, backfilled into bronze by ferry (`--layers bronze --from D1 --to DN`),
# backfilled again (an idempotent rewrite, checked to hold the same rows), rebuilt into silver
# (`--layers silver`), beside a plain parquet-avro loop over the same rows (ParquetCeiling).
# Prints one table and records it in bench/RESULTS.md.
#
#   bench/backfill.sh                                  # 30 days × 1,000,000 rows, -Xmx1g
#   bench/backfill.sh --days 30 --rows-per-day 200000  # 6M rows
#   bench/backfill.sh --days 3 --rows-per-day 20000 --no-results   # quick look
#   bench/backfill.sh --xmx 2g --no-build              # ferry's heap; measure the jars as built
#   FERRY_JAVA_OPTS='-XX:+UseParallelGC' bench/backfill.sh   # more JVM options for ferry
#
# Installs postgresql, python3 and GNU time with apt-get when missing; needs JDK 17 and Maven
# (`mvn package`, never install). Starts a throwaway PostgreSQL on a free 127.0.0.1 port and
# removes it on exit. The lake, job file and logs go to bench/work/backfill/ (git-ignored).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

days=30
per_day=1000000
xmx=1g
build=1
write_results=1
command_line="bench/backfill.sh${*:+ $*}"

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
# die, say, need_packages, memory_of, pg_start/psql_admin, machine_facts, record_results, timing.
source "$root/bench/common.sh"

while [ $# -gt 0 ]; do
  case "$1" in
    --days) days="${2:?--days needs a number}"; shift 2 ;;
    --rows-per-day) per_day="${2:?--rows-per-day needs a number}"; shift 2 ;;
    --xmx) xmx="${2:?--xmx needs a size such as 1g}"; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-results) write_results=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
for n in "$days" "$per_day"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "'$n' is not a positive whole number"
done
[[ "$xmx" =~ ^[0-9]+[kKmMgG]$ ]] || die "--xmx takes a heap size such as 1g or 512m, not '$xmx'"
rows=$((days * per_day))
first_day=2025-01-01
last_day="$(date -u -d "$first_day + $((days - 1)) days" +%Y-%m-%d)"

work="$root/bench/work/backfill"
lake="$work/lake"
mkdir -p "$work"

need_packages postgresql python3 time
command -v java >/dev/null 2>&1 || die "no java: install JDK 17 (apt-get install openjdk-17-jdk-headless)"

# --- jars ------------------------------------------------------------------------------------
# One `mvn package` (never install) builds ferry's shaded jar and the bench jar, and writes the
# bench module's class path (pgjdbc, DuckDB) to bench/target/classpath.txt.
ferry_jar="$root/runners/target/ferry.jar"
bench_jar="$root/bench/target/ferry-bench.jar"
classpath_file="$root/bench/target/classpath.txt"
if [ "$build" -eq 1 ]; then
  stale=0
  for jar in "$ferry_jar" "$bench_jar" "$classpath_file"; do
    if [ ! -f "$jar" ] || [ -n "$(find pom.xml {schemas,transforms,pipelines,runners,bench}/{pom.xml,src/main} \
      -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
      stale=1
    fi
  done
  if [ "$stale" -eq 1 ]; then
    say "building runners/target/ferry.jar and bench/target/ferry-bench.jar (mvn package)…"
    mvn -B -q -Dmaven.test.skip=true -Dspotless.check.skip=true package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -pl bench -am >&2 \
      || die "the build failed; see the Maven output above"
  fi
fi
for jar in "$ferry_jar" "$bench_jar" "$classpath_file"; do
  [ -f "$jar" ] || die "${jar#"$root"/} is missing: run without --no-build"
done
# Measure copies, so a rebuild during the run (another shell, an IDE) cannot swap a jar mid-way.
mkdir -p "$work/jars"
cp "$ferry_jar" "$bench_jar" "$work/jars/"
ferry_jar="$work/jars/ferry.jar"
# The ceiling runs on ferry's own classes (the same parquet-avro and pgjdbc); the checksum reader
# on the bench module's class path (DuckDB).
ceiling_cp="$work/jars/ferry-bench.jar:$ferry_jar"
checksum_cp="$(cat "$classpath_file"):$work/jars/ferry-bench.jar"
read -r -a ferry_java_opts <<<"${FERRY_JAVA_OPTS:-}"
jvm_flags=("-Xmx$xmx" -XX:+ExitOnOutOfMemoryError)

# --- server and data -------------------------------------------------------------------------
tmp="$(mktemp -d /tmp/ferry-backfill-bench.XXXXXX)"
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
as_bench() { PGHOST=127.0.0.1 PGPORT="$pg_port" PGUSER=bench PGPASSWORD="$pg_password" "$@"; }

# events: row i is a function of i (every run holds the same rows); day d (from 0) holds rows
# d*N+1 … (d+1)*N, spread evenly over its 24 hours with microseconds. A realistic event table:
# bigint key, timestamp, int, numeric(12,2), a text of five values, ~40 characters of payload,
# and an index on event_time, as a table read by day would have.
say "generating $days × $per_day = $rows rows in src.events (not measured)…"
gen_start="$(now_ns)"
psql_admin -d postgres -c 'CREATE DATABASE src OWNER bench'
as_bench psql -X -q -v ON_ERROR_STOP=1 -d src -v n="$per_day" -v rows="$rows" \
  -v first="$first_day" >"$work/generate.log" <<'SQL'
SET synchronous_commit = off;
CREATE TABLE events (
  id         bigint PRIMARY KEY,
  event_time timestamp NOT NULL,
  user_id    integer NOT NULL,
  amount     numeric(12,2) NOT NULL,
  kind       text NOT NULL,
  payload    text NOT NULL
);
INSERT INTO events
SELECT i,
       timestamp :'first' + ((i - 1) / :n) * interval '1 day'
         + (((i - 1) % :n) * 86399999999 / :n) * interval '1 microsecond',
       ((i * 7919) % 1000003)::int,
       ((i * 7907) % 100000000) / 100.0,
       (ARRAY['view', 'click', 'cart', 'purchase', 'refund'])[1 + i % 5],
       'evt:' || md5(i::text) || ':' || (i % 1000)
FROM generate_series(1::bigint, :rows) AS i;
CREATE INDEX events_event_time ON events (event_time);
ANALYZE events;
SQL
source_count="$(psql_admin -d src -tAc 'SELECT count(*) FROM events')"
[ "$source_count" = "$rows" ] || die "src.events holds $source_count rows, expected $rows"
psql_admin -d postgres -c 'CHECKPOINT'
say "generated in $(seconds_between "$gen_start" "$(now_ns)") s"

cat >"$work/job.yaml" <<EOF
# Generated by bench/backfill.sh.
name: backfill
source: {kind: postgres, url: "jdbc:postgresql://127.0.0.1:$pg_port/src", user: bench, password: "\${BENCH_PG_PASSWORD}", tables: [events]}
target:
  kind: lakehouse
  path: "$lake"
  partition_by: {events: event_time}
EOF

# --- the lake's figures ----------------------------------------------------------------------
# delta_figures TABLE_DIR LIST → "partitions min avg max bytes": the latest snapshot's data files
# per partition, from a replay of the Delta log's JSON commits (adds minus removes); their paths
# go to LIST, one a line, for the checksum.
delta_figures() {
  python3 - "$1" "$2" <<'PY'
import json, os, sys, urllib.parse
table, listing = sys.argv[1], sys.argv[2]
log = os.path.join(table, "_delta_log")
files = {}
if os.path.isdir(log):
    for name in sorted(n for n in os.listdir(log) if n.endswith(".json")):
        for line in open(os.path.join(log, name)):
            action = json.loads(line)
            if "add" in action:
                a = action["add"]
                files[a["path"]] = (tuple(sorted(a.get("partitionValues", {}).items())), a["size"])
            elif "remove" in action:
                files.pop(action["remove"]["path"], None)
per_partition = {}
for part, _ in files.values():
    per_partition[part] = per_partition.get(part, 0) + 1
with open(listing, "w") as out:
    for path in sorted(files):
        out.write(os.path.join(table, urllib.parse.unquote(path)) + "\n")
counts = list(per_partition.values()) or [0]
print(len(per_partition), min(counts), f"{sum(counts) / len(counts):.1f}", max(counts),
      sum(size for _, size in files.values()))
PY
}

# checksum LIST → "rows=N checksum=S" over the source's columns (not the ingest columns, which
# name the run), read by DuckDB.
checksum() {
  java -Xmx512m -cp "$checksum_cp" dev.ferry.bench.LakeChecksum "$1" \
    id,event_time,user_id,amount,kind,payload 2>"$1.err" | tail -1 \
    || { say "the checksum reader failed: $(tail -3 "$1.err")"; echo "rows=? checksum=failed"; }
}

# report_problem REPORT EXPECTED → "" when the report's tables say read = written = EXPECTED,
# nothing rejected, and it reconciles; else what it says instead.
report_problem() {
  python3 - "$1" "$2" <<'PY'
import json, sys
try:
    t = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print(f"no report ({e})"); sys.exit()
# The table lines, not "totals": a --layers silver run's totals count no silver table (all 0).
n, tables = int(sys.argv[2]), t.get("tables", [])
read, written, rejected = (sum(x.get(k, 0) for x in tables) for k in ("read", "written", "rejected"))
if (read, written, rejected) != (n, n, 0) or not t.get("reconciled"):
    print(f"report: read={read} written={written} rejected={rejected} "
          f"reconciled={t.get('reconciled')}, expected {n}/{n}/0/true")
PY
}

# --- cases -----------------------------------------------------------------------------------
declare -A R
failed=0

# run_case NAME: one measured JVM under time -v, with a GC log; sets R[NAME.*].
run_case() {
  local name="$1" base="$work/$1" start end status=0 problem="" table="" sum parts fmin favg fmax bytes
  rm -f "$base".*
  psql_admin -d postgres -c 'CHECKPOINT'
  say "$name…"
  start="$(now_ns)"
  case "$name" in
    ceiling)
      BENCH_PG_USER=bench BENCH_PG_PASSWORD="$pg_password" /usr/bin/time -v -o "$base.time" \
        java "${jvm_flags[@]}" "-Xlog:gc:file=$base.gc.log" -cp "$ceiling_cp" \
        dev.ferry.bench.ParquetCeiling "jdbc:postgresql://127.0.0.1:$pg_port/src" events \
        "$work/ceiling.parquet" >"$base.out" 2>"$base.err" || status=$? ;;
    bronze|bronze_again|silver)
      local layer_args=(--layers bronze --from "$first_day" --to "$last_day")
      [ "$name" = silver ] && layer_args=(--layers silver)
      BENCH_PG_PASSWORD="$pg_password" /usr/bin/time -v -o "$base.time" \
        java "${jvm_flags[@]}" "${ferry_jvm_options[@]}" "${ferry_java_opts[@]}" "-Xlog:gc:file=$base.gc.log" \
        -jar "$ferry_jar" run "$work/job.yaml" "${layer_args[@]}" --report "$base.json" \
        >"$base.out" 2>"$base.err" || status=$? ;;
  esac
  end="$(now_ns)"
  R[$name.wall]="$(seconds_between "$start" "$end")"
  read -r "R[$name.rss]" _ "R[$name.postgc]" <<<"$(memory_of "$base")"
  if [ "$status" -ne 0 ]; then
    say "$name FAILED (exit $status) after ${R[$name.wall]} s; the end of its output (${base#"$root"/}.out, .err):"
    tail -n 15 "$base.out" "$base.err" >&2
    R[$name.check]="FAILED (exit $status)"
    grep -q 'OutOfMemoryError' "$base.out" "$base.err" 2>/dev/null \
      && R[$name.check]="FAILED (out of memory at -Xmx$xmx)"
    failed=1
    return
  fi
  case "$name" in
    ceiling)
      R[$name.files]="1 file"
      R[$name.bytes]="$(stat -c %s "$work/ceiling.parquet")"
      R[$name.check]=ok
      return ;;
    silver) table="$lake/silver/events" ;;
    *) table="$lake/bronze/events" ;;
  esac
  problem="$(report_problem "$base.json" "$rows")"
  read -r parts fmin favg fmax bytes <<<"$(delta_figures "$table" "$base.files")"
  R[$name.files]="$fmin/$favg/$fmax"
  R[$name.parts]="$parts"
  R[$name.bytes]="$bytes"
  sum="$(checksum "$base.files")"
  R[$name.sum]="$sum"
  [ "$parts" = "$days" ] || problem="${problem:+$problem; }$parts partitions, expected $days"
  [ "${sum%% *}" = "rows=$rows" ] || problem="${problem:+$problem; }the lake holds ${sum%% *}, expected $rows"
  if [ "$name" != bronze ] && [ -n "${R[bronze.sum]:-}" ] && [ "$sum" != "${R[bronze.sum]}" ]; then
    problem="${problem:+$problem; }rows differ from the first backfill ($sum, was ${R[bronze.sum]})"
  fi
  if [ -n "$problem" ]; then
    say "$name: $problem"
    R[$name.check]="wrong rows"
    failed=1
  elif [ "$name" = bronze ]; then
    R[$name.check]=ok
  else
    R[$name.check]="ok, same rows"
  fi
}

load_before="$(load_average)"
for c in ceiling bronze bronze_again silver; do run_case "$c"; done
load_after="$(load_average)"

# --- table -----------------------------------------------------------------------------------
machine_facts
label() {
  case "$1" in
    ceiling) echo "ceiling (parquet-avro)" ;; bronze) echo "bronze backfill" ;;
    bronze_again) echo "bronze backfill again" ;; silver) echo "silver rebuild" ;;
  esac
}
table_file="$work/table.txt"
{
  printf 'lakehouse backfill, %s, %s, %s cores, %s GiB RAM, PostgreSQL %s source, java %s, -Xmx%s%s\n' \
    "$today" "${cpu:-unknown cpu}" "$cores" "$mem_gib" "$pg_version" "${java_version:-none}" \
    "$xmx" "${FERRY_JAVA_OPTS:+ $FERRY_JAVA_OPTS}"
  printf '%d days × %d rows = %d rows, backfill --from %s --to %s\n' "$days" "$per_day" "$rows" \
    "$first_day" "$last_day"
  printf '%-22s %9s %8s %9s %12s %8s %8s %10s %8s  %s\n' case rows "wall s" "rows/s" \
    "files/part" "MiB" "RSS MiB" "postGC MiB" "vs ceil" check
  for c in ceiling bronze bronze_again silver; do
    awk -v name="$(label "$c")" -v n="$rows" -v wall="${R[$c.wall]}" -v files="${R[$c.files]:--}" \
      -v bytes="${R[$c.bytes]:-0}" -v rss="${R[$c.rss]:-0}" -v postgc="${R[$c.postgc]:-0}" \
      -v ceil="${R[ceiling.wall]}" -v cf="${R[ceiling.check]}" -v check="${R[$c.check]}" 'BEGIN {
        if (check ~ /^FAILED/) {
          printf "%-22s %9s %8.1f %9s %12s %8s %8.0f %10s %8s  %s\n", name, "-", wall, "-", "-", "-",
            rss / 1024, "-", "-", check; exit }
        ratio = (cf == "ok") ? sprintf("%.2f", ceil / wall) : "-";
        printf "%-22s %9d %8.1f %9.0f %12s %8.1f %8.0f %10.0f %8s  %s\n", name, n, wall, n / wall,
          files, bytes / 1048576, rss / 1024, postgc, ratio, check }'
  done
  for c in bronze bronze_again silver; do
    [ -f "$work/$c.json" ] || continue
    python3 - "$work/$c.json" "$(label "$c")" "${R[$c.sum]:-}" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]}: ferry's report {t.get('seconds', 0):.1f} s; lake {sys.argv[3] or '-'}")
PY
  done
} >"$table_file"
for c in bronze silver; do
  f=""; [[ "${R[$c.check]}" != FAILED* ]] && f="$(per_second "$rows" "${R[$c.wall]}")"
  b=""; [ "${R[ceiling.check]}" = ok ] && b="$(per_second "$rows" "${R[ceiling.wall]}")"
  ratio backfill "PostgreSQL → $c backfill, $rows rows" "$f" "pgjdbc → parquet-avro loop" "$b" rows/s
done

echo
cat "$table_file"
cat <<'EOF'

rows/s: rows ÷ wall s, the whole process (JVM start to exit). files/part: the latest Delta
snapshot's data files per day partition, min/avg/max (the ceiling writes one unpartitioned
file). MiB: the snapshot's Parquet bytes. RSS: peak resident set size (GNU time); postGC: the
most heap in use after a GC pause. vs ceil: the line's rows/s ÷ the ceiling's (1.00 = as fast as
the plain pgjdbc → parquet-avro loop). check: the run's report says read = written = rows with
nothing rejected, the lake holds every row in one partition per day, and "same rows" = DuckDB's
count and hash sum over the source columns equal the first backfill's.
EOF

# --- RESULTS.md ------------------------------------------------------------------------------
if [ "$write_results" -eq 1 ]; then
  record_results '<!-- bench/backfill.sh puts new runs below this line -->' "## Lakehouse backfill (PostgreSQL → bronze → silver)

Written by \`bench/backfill.sh\` (see \`bench/README.md\`), newest first. A day-partitioned
bronze table backfilled twice and rebuilt into silver, beside a plain pgjdbc → parquet-avro loop;
compare the lines of one table, not figures from different runs." "$table_file"
fi

[ "$failed" -eq 0 ] || die "some lines failed or left the wrong rows (see above)"
