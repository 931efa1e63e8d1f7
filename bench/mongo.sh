#!/usr/bin/env bash
# The MongoDB benchmark: generated bank-credit contracts (examples/make_contracts.py) from a
# MongoDB-protocol server into the eight related PostgreSQL tables of examples/mongo-contracts.yaml,
# with ferry (without and with the example's rules) beside a plain loop over the same documents:
# driver find() → hand-written flattening → COPY (MongoCopyBaseline). Prints one table and records
# it in bench/RESULTS.md.
#
#   bench/mongo.sh                            # 200k contracts; ferry and the baseline also at 50k
#   bench/mongo.sh --docs 20000 --small 5000 --no-results   # quick look; RESULTS.md untouched
#   bench/mongo.sh --repeat 3 --xmx 512m      # best wall time of 3 runs per line; the heap of
#                                             # ferry and the baseline
#   bench/mongo.sh --no-build                 # measure the jars as built
#   FERRY_JAVA_OPTS='-XX:+UseParallelGC' bench/mongo.sh   # more JVM options for ferry, as ./ferry
#
# Needs JDK 17 and Maven (the jars are built with `mvn package`, never installed); installs
# postgresql, python3 and GNU time with apt-get when missing. The source is mongo-java-server (in
# memory, in a JVM of its own), the target a throwaway PostgreSQL, both on free 127.0.0.1 ports and
# removed on exit. Data, job files and logs go to bench/work/mongo/ (git-ignored).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

docs=200000
small=50000
xmx=1g
repeat=1
build=1
write_results=1
command_line="bench/mongo.sh${*:+ $*}"

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }
# die, say, need_packages, memory_of, the throwaway PostgreSQL (pg_start, psql_admin…), timing,
# machine_facts and record_results (the table's heading, RESULTS.md).
source "$root/bench/common.sh"

while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs="${2:?--docs needs a number}"; shift 2 ;;
    --small) small="${2:?--small needs a number}"; shift 2 ;;
    --xmx) xmx="${2:?--xmx needs a size such as 1g}"; shift 2 ;;
    --repeat) repeat="${2:?--repeat needs a number}"; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-results) write_results=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
for n in "$docs" "$small" "$repeat"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "'$n' is not a positive whole number"
done
[ "$small" -le "$docs" ] || die "--small ($small) must not be larger than --docs ($docs)"
[[ "$xmx" =~ ^[0-9]+[kKmMgG]$ ]] || die "--xmx takes a heap size such as 1g or 512m, not '$xmx'"

work="$root/bench/work/mongo"
mkdir -p "$work"

need_packages postgresql python3 time
command -v java >/dev/null 2>&1 || die "no java: install JDK 17 (apt-get install openjdk-17-jdk-headless)"

# --- jars ------------------------------------------------------------------------------------
# One `mvn package` builds ferry's shaded jar and the bench jar, and writes the bench module's
# class path (the MongoDB driver, pgjdbc and mongo-java-server) to bench/target/classpath.txt.
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
bench_cp="$(cat "$classpath_file"):$work/jars/ferry-bench.jar"
read -r -a ferry_java_opts <<<"${FERRY_JAVA_OPTS:-}"
# Both measured JVMs stop at their first OutOfMemoryError: ferry's would otherwise go on running
# (the direct runner's worker threads keep the JVM alive after main has died), and the bench wait.
jvm_flags=("-Xmx$xmx" -XX:+ExitOnOutOfMemoryError)

# --- data ------------------------------------------------------------------------------------
# One file of the largest size: the generator is deterministic, so its first N lines are the N
# contracts it would generate alone (the server loads a prefix). Regenerated when the generator
# changes or the file is too short.
data="$work/contracts.jsonl"
stamp="$(sha1sum examples/make_contracts.py | cut -c1-12)"
read -r have_stamp have_docs <<<"$(cat "$data.stamp" 2>/dev/null || echo "- 0")"
if [ ! -f "$data" ] || [ "$have_stamp" != "$stamp" ] || [ "$have_docs" -lt "$docs" ]; then
  say "generating $docs contracts into ${data#"$root"/} (not measured; ~1 min per 100k)…"
  python3 examples/make_contracts.py --count "$docs" --out "$data.tmp" \
    || die "examples/make_contracts.py failed"
  mv "$data.tmp" "$data"
  echo "$stamp $docs" >"$data.stamp"
fi

# --- servers ---------------------------------------------------------------------------------
tmp="$(mktemp -d /tmp/ferry-mongo-bench.XXXXXX)"
chmod 755 "$tmp"
mongo_pid=""
stop_mongo() {
  if [ -n "$mongo_pid" ] && kill -0 "$mongo_pid" 2>/dev/null; then
    kill "$mongo_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$mongo_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$mongo_pid" 2>/dev/null || true
  fi
  mongo_pid=""
}
cleanup() {
  local status=$?
  stop_mongo
  pg_stop
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start "$tmp/pg" "$work"
psql_admin -d postgres -c 'CREATE DATABASE bench OWNER bench'
pg_url="jdbc:postgresql://127.0.0.1:$pg_port/bench"

# start_mongo N: mongo-java-server holding the first N contracts as credit.contracts; sets
# mongo_url. Its heap holds the whole collection (~19 KiB of Java objects per contract).
start_mongo() {
  local n="$1" heap_mib=$((512 + $1 * 24 / 1024))
  say "starting mongo-java-server and loading $n contracts (not measured)…"
  java "-Xmx${heap_mib}m" -XX:+UseParallelGC -cp "$bench_cp" dev.ferry.bench.MongoSourceServer \
    "$data" credit contracts "$n" >"$work/mongo_$n.out" 2>"$work/mongo_$n.err" &
  mongo_pid=$!
  for _ in $(seq 1 3600); do
    grep -q '^mongo ready' "$work/mongo_$n.out" && break
    kill -0 "$mongo_pid" 2>/dev/null \
      || { tail -n 20 "$work/mongo_$n.err" >&2; die "mongo-java-server did not start"; }
    sleep 0.5
  done
  mongo_url="$(sed -nE 's/^mongo ready url=([^ ]+) .*/\1/p' "$work/mongo_$n.out")"
  [ -n "$mongo_url" ] || die "mongo-java-server did not load $n contracts within 30 minutes"
  say "$(cat "$work/mongo_$n.out")"
}

# --- jobs ------------------------------------------------------------------------------------
# The example job itself, into a fresh schema with mode create; "ferry" without its rules.
write_job() {
  local line="$1" job="$work/$1.yaml"
  {
    echo "# Generated by bench/mongo.sh from examples/mongo-contracts.yaml."
    sed -E -e "s/^name: .*/name: bench_$line/" -e "s/^(  schema:) .*/\1 $line/" \
      -e 's/^(  mode:) .*/\1 create/' examples/mongo-contracts.yaml \
      | if [ "$line" = ferry ]; then awk '/^rules:/ {skip = 1; next} /^[a-z_]+:/ {skip = 0} !skip'; else cat; fi
  } >"$job"
  if ! grep -q "^  schema: $line\$" "$job" || ! grep -q '^  mode: create$' "$job"; then
    die "could not make $job from examples/mongo-contracts.yaml (its schema: or mode: line moved?)"
  fi
}
write_job ferry
write_job ferry_rules

# --- measuring -------------------------------------------------------------------------------
tables=(clients identities addresses contacts bank_accounts operations installments cet_details)

# Prints "documents read written rejected seconds" from a ferry report: the collection's entry
# (its documents), else the totals.
report_documents() {
  python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = next((t for t in r.get("tables", []) if "document" in t.get("table", "")), None) or r["totals"]
print(t.get("read", 0), t.get("written", 0), t.get("rejected", 0), r.get("seconds", 0))
PY
}

# check_line SCHEMA NAME → "rows|rejected_docs" or a reason; compares the line's tables with the
# baseline's: every row the line wrote is a row the baseline wrote; per table, as many rows as the
# baseline has for the documents the line kept; every document the line did not keep is in its
# dead letters; without rules, the same documents as the baseline.
check_line() {
  local s="$1" name="$2" problems="" rows=0 t key got want extra
  for t in "${tables[@]}"; do
    key=_root_id
    [ "$t" = clients ] && key=_id
    read -r got want extra <<<"$(psql_admin -d bench -tA -F' ' -c "SELECT
        (SELECT count(*) FROM $s.$t),
        (SELECT count(*) FROM baseline.$t b WHERE b.$key IN (SELECT _id FROM $s.clients)),
        (SELECT count(*) FROM (SELECT * FROM $s.$t EXCEPT ALL SELECT * FROM baseline.$t) x)" 2>&1 \
      | tail -1 || true)"
    if ! [[ "$got" =~ ^[0-9]+$ ]]; then
      problems+="$t: $got $want $extra; "
      continue
    fi
    [ "$got" = "$want" ] || problems+="$t: $got rows, the baseline $want for the same documents; "
    [ "$extra" = 0 ] || problems+="$t: $extra rows the baseline does not have; "
    rows=$((rows + got))
  done
  local lost dead="SELECT NULL::jsonb AS row_values WHERE false"
  [ -n "$(psql_admin -d bench -tAc "SELECT to_regclass('$s.ferry_dead_letters')" || true)" ] \
    && dead="SELECT row_values FROM $s.ferry_dead_letters"
  lost="$(psql_admin -d bench -tA -c "SELECT count(*) FROM baseline.clients b
    WHERE NOT EXISTS (SELECT 1 FROM $s.clients f WHERE f._id = b._id)
      AND NOT EXISTS (SELECT 1 FROM ($dead) d WHERE d.row_values -> '_id' ->> '\$oid' = b._id)" \
    2>&1 | tail -1 || true)"
  [ "$lost" = 0 ] || problems+="documents neither loaded nor in the dead letters: $lost; "
  if [ "$name" = ferry ]; then
    local ours theirs
    ours="$(psql_admin -d bench -tAc "SELECT count(*) FROM $s.clients" 2>&1 || true)"
    theirs="$(psql_admin -d bench -tAc "SELECT count(*) FROM baseline.clients" 2>&1 || true)"
    [ "$ours" = "$theirs" ] || problems+="$ours documents loaded, the baseline $theirs; "
  fi
  if [ -n "$problems" ]; then echo "${problems%; }"; else echo "$rows"; fi
}

# run_case LINE N RUN → sets wall status rss heap_before heap_after documents rows rejected
# work_s problem
run_case() {
  local line="$1" n="$2" base="$work/$1_$2_$3" start end schema
  rm -f "$base".*
  schema="$line"
  [ "$line" = read ] || psql_admin -d bench -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c 'CHECKPOINT'
  status=0
  problem=""
  work_s=""
  case "$line" in
    read)
      start="$(now_ns)"
      /usr/bin/time -v -o "$base.time" \
        java "${jvm_flags[@]}" "-Xlog:gc:file=$base.gc.log" -cp "$bench_cp" dev.ferry.bench.MongoReadCeiling \
        "$mongo_url" contracts >"$base.out" 2>"$base.err" || status=$?
      end="$(now_ns)"
      documents="$(sed -nE 's/^read documents=([0-9]+).*/\1/p' "$base.out")"
      work_s="$(sed -nE 's/.* seconds=([0-9.]+).*/\1/p' "$base.out")"
      rows=0
      rejected=0
      [ "$status" -ne 0 ] || [ "$documents" = "$n" ] || problem="read $documents documents of $n"
      ;;
    baseline)
      start="$(now_ns)"
      PG_USER=bench PG_PASSWORD="$pg_password" /usr/bin/time -v -o "$base.time" \
        java "${jvm_flags[@]}" "-Xlog:gc:file=$base.gc.log" -cp "$bench_cp" dev.ferry.bench.MongoCopyBaseline \
        "$mongo_url" contracts "$pg_url" baseline >"$base.out" 2>"$base.err" || status=$?
      end="$(now_ns)"
      local summary
      summary="$(grep '^baseline ' "$base.out" || true)"
      documents="$(sed -nE 's/.* documents=([0-9]+).*/\1/p' <<<"$summary")"
      rejected="$(sed -nE 's/.* skipped=([0-9]+).*/\1/p' <<<"$summary")"
      rows="$(sed -nE 's/.* rows=([0-9]+).*/\1/p' <<<"$summary")"
      work_s="$(sed -nE 's/.* seconds=([0-9.]+).*/\1/p' <<<"$summary")"
      if [ "$status" -eq 0 ]; then
        local counted
        counted="$(psql_admin -d bench -tA -c "SELECT $(printf '(SELECT count(*) FROM baseline.%s) + ' \
          "${tables[@]}") 0" 2>&1 || true)"
        [ "$counted" = "$rows" ] || problem="it printed $rows rows, PostgreSQL holds $counted"
        [ "$documents" = "$n" ] || problem="read $documents documents of $n"
      fi
      ;;
    ferry|ferry_rules)
      start="$(now_ns)"
      MONGO_URL="$mongo_url" PG_URL="$pg_url" PG_USER=bench PG_PASSWORD="$pg_password" \
        /usr/bin/time -v -o "$base.time" \
        java "${jvm_flags[@]}" "${ferry_jvm_options[@]}" "${ferry_java_opts[@]}" "-Xlog:gc:file=$base.gc.log" -jar "$ferry_jar" \
        run "$work/$line.yaml" --report "$base.json" >"$base.out" 2>"$base.err" || status=$?
      end="$(now_ns)"
      if [ "$status" -eq 0 ]; then
        read -r documents _ rejected work_s <<<"$(report_documents "$base.json")"
        [ "$documents" = "$n" ] || problem="read $documents documents of $n"
        local checked
        checked="$(check_line "$schema" "$line")"
        if [[ "$checked" =~ ^[0-9]+$ ]]; then rows="$checked"; else problem="$checked"; fi
      fi
      ;;
  esac
  wall="$(seconds_between "$start" "$end")"
  read -r rss _ heap_after <<<"$(memory_of "$base")"
  failure=""
  if [ "$status" -ne 0 ]; then
    failure="FAILED (exit $status)"
    grep -q 'OutOfMemoryError' "$base.err" "$base.out" 2>/dev/null \
      && failure="FAILED (out of memory at -Xmx$xmx)"
    say "$line $failure on $n contracts after $wall s; the end of its output (${base#"$root"/}.out, .err):"
    tail -n 15 "$base.out" "$base.err" >&2
  elif [ -n "$problem" ]; then
    say "$line on $n contracts left the wrong rows: $problem"
  fi
}

# measure LINE N: $repeat runs; keeps the fastest wall time and the highest memory figures, so
# noise makes the speed optimistic and the memory pessimistic. A failed or wrong run marks the line.
declare -A R
failed=0
measure() {
  local line="$1" n="$2" key="$1_$2" r
  for ((r = 1; r <= repeat; r++)); do
    say "$line, $n contracts (run $r of $repeat)…"
    run_case "$line" "$n" "$r"
    if [ "$status" -ne 0 ]; then
      R[$key.fail]="$failure"; R[$key.wall]="$wall"; R[$key.rss]="$rss"; R[$key.ha]="$heap_after"
      failed=1
      return
    fi
    [ -z "$problem" ] || { R[$key.fail]="wrong rows"; failed=1; }
    if [ -z "${R[$key.wall]:-}" ] || awk -v a="$wall" -v b="${R[$key.wall]}" 'BEGIN { exit !(a < b) }'; then
      R[$key.wall]="$wall"; R[$key.work]="$work_s"
    fi
    R[$key.docs]="$documents"; R[$key.rows]="$rows"; R[$key.rejected]="$rejected"
    R[$key.rss]="$(( ${R[$key.rss]:-0} > rss ? ${R[$key.rss]:-0} : rss ))"
    R[$key.ha]="$(( ${R[$key.ha]:-0} > heap_after ? ${R[$key.ha]:-0} : heap_after ))"
  done
}

label() { # 50000 → 50k, 1000000 → 1M
  local n="$1"
  if (( n % 1000000 == 0 )); then echo "$((n / 1000000))M"
  elif (( n % 1000 == 0 )); then echo "$((n / 1000))k"
  else echo "$n"; fi
}

sizes=("$small" "$docs")
[ "$small" = "$docs" ] && sizes=("$docs")
declare -A LINES
load_before="$(load_average)"
for n in "${sizes[@]}"; do
  start_mongo "$n"
  LINES[$n]="baseline ferry"
  [ "$n" = "$docs" ] && LINES[$n]="read baseline ferry ferry_rules"
  for line in ${LINES[$n]}; do measure "$line" "$n"; done
  stop_mongo
  psql_admin -d bench -c 'DROP SCHEMA IF EXISTS baseline, ferry, ferry_rules CASCADE'
done
load_after="$(load_average)"

# --- table -----------------------------------------------------------------------------------
machine_facts
mjs_version="$(tr ':' '\n' <"$classpath_file" | sed -nE 's#.*/mongo-java-server-([0-9.]+)\.jar$#\1#p' | sed -n 1p)"

line_name() {
  case "$1" in
    read) echo "source read" ;; baseline) echo baseline ;; ferry) echo ferry ;;
    ferry_rules) echo "ferry + rules" ;;
  esac
}
table_file="$work/table.txt"
{
  printf 'MongoDB → PostgreSQL, %s, %s, %s cores, %s GiB RAM, PostgreSQL %s, mongo-java-server %s (in memory, one reader), java %s, -Xmx%s%s%s\n' \
    "$today" "${cpu:-unknown cpu}" "$cores" "$mem_gib" "$pg_version" "${mjs_version:-?}" \
    "$java_version" "$xmx" "${FERRY_JAVA_OPTS:+, ferry $FERRY_JAVA_OPTS}" \
    "$( [ "$repeat" -gt 1 ] && echo ", best of $repeat" )"
  printf '%-20s %9s %9s %8s %8s %8s %8s %10s %6s  %s\n' line documents rows rejected seconds \
    "docs/s" "RSS MiB" "postGC MiB" ratio check
  for ((i = ${#sizes[@]} - 1; i >= 0; i--)); do
    n="${sizes[$i]}"
    for line in ${LINES[$n]}; do
      k="${line}_$n"
      awk -v name="$(line_name "$line") $(label "$n")" -v n="$n" -v docs="${R[$k.docs]:-}" \
        -v rows="${R[$k.rows]:-}" -v rej="${R[$k.rejected]:-}" -v wall="${R[$k.wall]:-}" \
        -v rss="${R[$k.rss]:-0}" -v ha="${R[$k.ha]:-0}" -v fail="${R[$k.fail]:-}" \
        -v bwall="${R[baseline_$n.wall]:-}" -v bfail="${R[baseline_$n.fail]:-}" 'BEGIN {
          if (wall == "") exit;
          if (fail ~ /^FAILED/) {
            printf "%-20s %9s %9s %8s %8.1f %8s %8.0f %10d %6s  %s\n", name, "-", "-", "-", wall, "-",
              rss / 1024, ha, "-", fail; exit }
          ratio = (bwall != "" && bfail == "") ? sprintf("%.2f", bwall / wall) : "-";
          if (name ~ /^source read/) { rows = "-"; rej = "-" }
          printf "%-20s %9d %9s %8s %8.1f %8.0f %8.0f %10d %6s  %s\n", name, docs, rows, rej, wall,
            docs / wall, rss / 1024, ha, ratio, (fail == "" ? "ok" : fail) }'
    done
  done
  for line in ferry ferry_rules; do
    k="${line}_$docs"
    [ -n "${R[$k.work]:-}" ] && [ -n "${R[$k.wall]:-}" ] && awk -v name="$(line_name "$line") $(label "$docs")" \
      -v work="${R[$k.work]}" -v wall="${R[$k.wall]}" -v b="${R[baseline_$docs.work]:-0}" 'BEGIN {
        printf "%s: pipeline %.1f s of %.1f s wall (its report); baseline loop %.1f s\n", name, work, wall, b }'
  done
  if [ "${#sizes[@]}" -eq 2 ]; then
    for line in ferry baseline; do
      [ -z "${R[${line}_$docs.fail]:-}${R[${line}_$small.fail]:-}" ] || continue
      awk -v name="$(line_name "$line")" -v big="$(label "$docs")" -v sm="$(label "$small")" \
        -v r1="${R[${line}_$docs.rss]:-0}" -v r0="${R[${line}_$small.rss]:-0}" \
        -v h1="${R[${line}_$docs.ha]:-0}" -v h0="${R[${line}_$small.ha]:-0}" 'BEGIN {
          if (r0 > 0 && r1 > 0)
            printf "memory growth %s %s / %s: %.2f (peak RSS), %s (heap after GC)\n", name, big, sm,
              r1 / r0, (h0 > 0 ? sprintf("%.2f", h1 / h0) : "n/a") }'
    done
  fi
} >"$table_file"
f=""; [ -z "${R[ferry_$docs.fail]:-}" ] && f="$(per_second "$docs" "${R[ferry_$docs.wall]:-}")"
b=""; [ -z "${R[baseline_$docs.fail]:-}" ] && b="$(per_second "$docs" "${R[baseline_$docs.wall]:-}")"
ratio mongo "MongoDB → PostgreSQL, $(label "$docs") contracts" "$f" "driver read + COPY loop" "$b" docs/s

echo
cat "$table_file"
cat <<'EOF'

source read: the driver's find() alone, nothing written (how fast the source serves at all).
documents: documents read from MongoDB. rows: rows in the eight PostgreSQL tables afterwards.
rejected: documents in the dead letters (ferry) or skipped for a value of the wrong type
(baseline). seconds: the whole command, process start to exit. docs/s = documents / seconds.
RSS: peak resident set size (GNU time); postGC: most heap in use after a GC pause. ratio: the
line's docs/s ÷ the baseline's at the same size. check: every row equals one the baseline wrote,
per table as many as the baseline has for the same documents, every missing document is in the
dead letters.
EOF

# --- RESULTS.md ------------------------------------------------------------------------------
# Runs go into their own section at the end of the file, newest first, below a marker line.
if [ "$write_results" -eq 1 ]; then
  record_results '<!-- bench/mongo.sh puts new runs below this line -->' "## MongoDB → PostgreSQL

Written by \`bench/mongo.sh\` (see \`bench/README.md\`), newest first. The source is
mongo-java-server (in memory, single-threaded, no \`splitVector\`: one reader), in a JVM of its
own; it bounds ferry and the baseline alike, so read the ratio, not the absolute docs/s, as what
a real \`mongod\` would give." "$table_file"
fi

[ "$failed" -eq 0 ] || die "some lines failed or left the wrong rows (see above)"
