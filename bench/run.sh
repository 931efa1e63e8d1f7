#!/usr/bin/env bash
# The bronze benchmark: a generated SQLite table → bronze with ferry, beside a plain parquet-avro
# writer loop over the same rows (the libraries' own ceiling). Prints one table and records it in
# bench/RESULTS.md. See bench/README.md for what the numbers mean.
#
#   bench/run.sh                              # 100k and 1M rows, -Xmx1g
#   bench/run.sh --rows 1000000 --small 100000 --xmx 1g --repeat 3
#   bench/run.sh --rows 200000 --small 20000 --no-results   # quick look, RESULTS.md untouched
#   bench/run.sh --no-build                   # measure the jars as built, even if sources changed
#
# Needs JDK 17 and Maven (to build the jars), sqlite3 and GNU time (installed with apt-get when
# missing). Everything generated goes to bench/work/ (git-ignored).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

rows=1000000
small=100000
xmx=1g
repeat=1
write_results=1
build=1
command_line="bench/run.sh${*:+ $*}"

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
# die, need_packages, memory_of, now_ns.
source "$root/bench/common.sh"

while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="${2:?--rows needs a number}"; shift 2 ;;
    --small) small="${2:?--small needs a number}"; shift 2 ;;
    --xmx) xmx="${2:?--xmx needs a size such as 1g}"; shift 2 ;;
    --repeat) repeat="${2:?--repeat needs a number}"; shift 2 ;;
    --no-results) write_results=0; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
for n in "$rows" "$small" "$repeat"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "'$n' is not a positive whole number"
done

work="$root/bench/work"
mkdir -p "$work"

# --- tools -----------------------------------------------------------------------------------
need_packages sqlite3 time
command -v java >/dev/null 2>&1 || die "no java: install JDK 17 (apt-get install openjdk-17-jdk-headless)"

# --- jars ------------------------------------------------------------------------------------
# ./ferry rebuilds runners/target/ferry.jar when it is missing or older than the sources (and
# installs the modules bench depends on); the bench jar is rebuilt when older than its sources.
ferry_jar="$root/runners/target/ferry.jar"
bench_jar="$root/bench/target/ferry-bench.jar"
if [ "$build" -eq 1 ]; then
  ./ferry --version >/dev/null || die "could not build runners/target/ferry.jar"
  if [ ! -f "$bench_jar" ] \
    || [ -n "$(find bench/pom.xml bench/src/main "$ferry_jar" -newer "$bench_jar" -type f 2>/dev/null | head -1)" ]; then
    echo "bench: building bench/target/ferry-bench.jar…" >&2
    mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl bench >&2 \
      || die "the bench build failed; see the Maven output above"
  fi
fi
for jar in "$ferry_jar" "$bench_jar"; do
  [ -f "$jar" ] || die "${jar#"$root"/} is missing: run without --no-build"
done
# Measure copies, so a rebuild during the run (another shell, an IDE) cannot swap the jar mid-way.
mkdir -p "$work/jars"
cp "$ferry_jar" "$work/jars/ferry.jar"
cp "$bench_jar" "$work/jars/ferry-bench.jar"
ferry_jar="$work/jars/ferry.jar"
bench_jar="$work/jars/ferry-bench.jar"

# --- data ------------------------------------------------------------------------------------
# Deterministic rows of a mixed schema. Bump the version when the generator changes.
generator=v1
table=events
make_db() {
  local n="$1" db="$2"
  rm -f "$db" "$db.tmp"
  sqlite3 "$db.tmp" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE $table (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,            -- foreign-key-like, 50k distinct values
  title       TEXT NOT NULL,               -- accented Latin, Greek, CJK, emoji
  amount      DECIMAL(12,2) NOT NULL,      -- stored REAL with two decimals
  created_at  DATETIME NOT NULL,           -- 'YYYY-MM-DD HH:MM:SS.ffffff', UTC
  due_on      DATE NOT NULL,
  score       REAL,                        -- ~8% NULL
  note        TEXT,                        -- 10% NULL
  payload     BLOB                         -- 16 bytes on every 4th row, else NULL
);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $n)
INSERT INTO $table
SELECT
  i,
  1 + (i * 7919) % 50000,
  'order ' || i || ' ' || CASE i % 5
    WHEN 0 THEN 'café crème – Grüße aus Köln'
    WHEN 1 THEN 'naïve résumé, señor Muñoz'
    WHEN 2 THEN '東京の注文 ' || char(0x4E00 + i % 2000)
    WHEN 3 THEN 'Ωμέγα straße 🚀'
    ELSE 'plain ascii text of middling length' END,
  ((i * 104729) % 1000000000) / 100.0,
  strftime('%Y-%m-%d %H:%M:%S', 1767225600 - i * 37, 'unixepoch')
    || printf('.%06d', (i * 7919) % 1000000),
  date(1767225600 - (i % 3650) * 86400, 'unixepoch'),
  CASE WHEN i % 13 = 0 THEN NULL ELSE (i % 100000) / 7.0 END,
  CASE WHEN i % 10 = 3 THEN NULL
       ELSE printf('note %08x for customer %d', (i * 2654435761) % 4294967296, 1 + (i * 7919) % 50000) END,
  CASE WHEN i % 4 = 0
       THEN CAST(printf('%08x%08x', (i * 2654435761) % 4294967296, (i * 40503) % 4294967296) AS BLOB)
       END
FROM n;
SQL
  local count
  count="$(sqlite3 "$db.tmp" "SELECT count(*) FROM $table")"
  [ "$count" = "$n" ] || die "generated $count rows in $db, expected $n"
  mv "$db.tmp" "$db"
}

label() { # 100000 → 100k, 1000000 → 1M
  local n="$1"
  if (( n % 1000000 == 0 )); then echo "$((n / 1000000))M"
  elif (( n % 1000 == 0 )); then echo "$((n / 1000))k"
  else echo "$n"; fi
}

write_job() {
  local n="$1" db="$2" job="$3"
  cat >"$job" <<YAML
# Generated by bench/run.sh: SQLite → bronze, no normalization, no rules.
name: bench_$n
source:
  kind: sqlite
  url: jdbc:sqlite:$db
  tables: ["$table"]
  timezone: UTC
target:
  kind: lakehouse
  path: $work/lake_$n
YAML
}

# --- measuring -------------------------------------------------------------------------------
# Every case runs in its own JVM with the same flags; peak RSS comes from GNU time, heap figures
# from the JVM's own GC log (heap in use before and after each collection).
jvm_flags=("-Xmx$xmx")

# JSON number of the first "key" in a report (one table per job: its entry precedes the totals).
json_number() {
  grep -oE "\"$1\" *: *-?[0-9.eE+-]+" "$2" | head -1 | sed -E 's/.*: *//'
}
json_bool() {
  grep -oE "\"$1\" *: *(true|false)" "$2" | head -1 | sed -E 's/.*: *//'
}

# run_case KIND N RUN → sets: wall work_s table_s rss heap_before heap_after out_bytes
run_case() {
  local kind="$1" n="$2" run="$3"
  local base="$work/${kind}_${n}_$run"
  local db="$work/${table}_${generator}_$n.db"
  rm -f "$base".*
  local start end status=0
  case "$kind" in
    ferry)
      local job="$work/job_$n.yaml"
      rm -rf "$work/lake_$n"
      start="$(now_ns)"
      /usr/bin/time -v -o "$base.time" \
        java "${jvm_flags[@]}" "${ferry_jvm_options[@]}" "-Xlog:gc:file=$base.gc.log" -jar "$ferry_jar" \
        run "$job" --report "$base.json" >"$base.out" 2>"$base.err" || status=$?
      end="$(now_ns)"
      if [ "$status" -ne 0 ]; then
        echo "bench: ferry FAILED on $(label "$n") rows with -Xmx$xmx (exit $status); its output:" >&2
        tail -n 40 "$base.out" "$base.err" >&2
        die "ferry failed: see $base.out and $base.err"
      fi
      local read written rejected reconciled
      read="$(json_number read "$base.json")"
      written="$(json_number written "$base.json")"
      rejected="$(json_number rejected "$base.json")"
      reconciled="$(json_bool reconciled "$base.json")"
      if [ "$read" != "$n" ] || [ "$written" != "$n" ] || [ "$rejected" != "0" ] \
        || [ "$reconciled" != "true" ]; then
        die "ferry moved the wrong rows on $(label "$n"): read=$read written=$written" \
          "rejected=$rejected reconciled=$reconciled, expected read = written = $n and no rejects" \
          "(report: $base.json, dead letters under $work/lake_$n)"
      fi
      work_s="$(json_number seconds "$base.json")"
      # The first "seconds" is the whole run's, the second the table's (its entry in "tables").
      table_s="$(grep -oE '"seconds" *: *[0-9.eE+-]+' "$base.json" | sed -n 2p | sed -E 's/.*: *//')"
      out_bytes="$(json_number bytes "$base.json")"
      ;;
    ceiling)
      local out="$work/ceiling_$n.parquet"
      start="$(now_ns)"
      /usr/bin/time -v -o "$base.time" \
        java "${jvm_flags[@]}" "-Xlog:gc:file=$base.gc.log" -cp "$bench_jar:$ferry_jar" \
        dev.ferry.bench.ParquetCeiling "$db" "$table" "$out" >"$base.out" 2>"$base.err" || status=$?
      end="$(now_ns)"
      if [ "$status" -ne 0 ]; then
        echo "bench: the ceiling FAILED on $(label "$n") rows (exit $status):" >&2
        tail -n 40 "$base.out" "$base.err" >&2
        die "ceiling failed: see $base.out and $base.err"
      fi
      local got
      got="$(sed -nE 's/^ceiling rows=([0-9]+) .*/\1/p' "$base.out")"
      [ "$got" = "$n" ] || die "the ceiling wrote $got rows on $(label "$n"), expected $n ($base.out)"
      work_s="$(sed -nE 's/.* seconds=([0-9.]+) .*/\1/p' "$base.out")"
      table_s="$work_s"
      out_bytes="$(stat -c %s "$out")"
      ;;
  esac
  wall="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')"
  read -r rss heap_before heap_after <<<"$(memory_of "$base")"
}

# best_case KIND N: runs the case $repeat times; keeps the fastest wall time and the highest
# memory figures, so noise makes the speed optimistic and the memory pessimistic.
declare -A R
best_case() {
  local kind="$1" n="$2" key="$1_$2" r
  for ((r = 1; r <= repeat; r++)); do
    echo "bench: $kind $(label "$n") (run $r of $repeat)…" >&2
    run_case "$kind" "$n" "$r"
    if [ -z "${R[$key.wall]:-}" ] || awk -v a="$wall" -v b="${R[$key.wall]}" 'BEGIN { exit !(a < b) }'; then
      R[$key.wall]="$wall"; R[$key.work]="$work_s"; R[$key.table]="$table_s"
    fi
    R[$key.rss]="$(( ${R[$key.rss]:-0} > rss ? ${R[$key.rss]:-0} : rss ))"
    R[$key.hb]="$(( ${R[$key.hb]:-0} > heap_before ? ${R[$key.hb]:-0} : heap_before ))"
    R[$key.ha]="$(( ${R[$key.ha]:-0} > heap_after ? ${R[$key.ha]:-0} : heap_after ))"
    R[$key.out]="$out_bytes"
  done
}

# --- run -------------------------------------------------------------------------------------
sizes=("$small" "$rows")
[ "$small" = "$rows" ] && sizes=("$rows")
for n in "${sizes[@]}"; do
  db="$work/${table}_${generator}_$n.db"
  if [ ! -f "$db" ]; then
    echo "bench: generating $(label "$n") rows into ${db#"$root"/}…" >&2
    make_db "$n" "$db"
  fi
  write_job "$n" "$db" "$work/job_$n.yaml"
done

load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
for n in "${sizes[@]}"; do
  best_case ceiling "$n"
  best_case ferry "$n"
done

load_after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

# --- table -----------------------------------------------------------------------------------
cpu="$(lscpu 2>/dev/null | sed -nE 's/^Model name: *//p' | head -1)"
cores="$(nproc)"
mem_gib="$(free -g | awk '/^Mem:/ {print $2}')"
java_version="$(java -version 2>&1 | head -1 | sed -E 's/.*version "([^"]+)".*/\1/')"
today="$(date -u +%Y-%m-%d)"

table_file="$work/table.txt"
{
  printf 'bronze benchmark, %s, %s, %s cores, %s GiB RAM, java %s, -Xmx%s%s\n' \
    "$today" "${cpu:-unknown cpu}" "$cores" "$mem_gib" "$java_version" "$xmx" \
    "$( [ "$repeat" -gt 1 ] && echo ", best of $repeat" )"
  printf '%-14s %9s %8s %8s %9s %9s %8s %9s %10s %7s %7s\n' \
    case rows "wall s" "work s" "rows/s" "work r/s" "RSS MiB" "heap MiB" "postGC MiB" ratio "ratio w"
  for n in "${sizes[@]}"; do
    for kind in ceiling ferry; do
      k="${kind}_$n"
      awk -v kind="$kind" -v lab="$(label "$n")" -v n="$n" -v wall="${R[$k.wall]}" \
        -v work="${R[$k.work]}" -v rss="${R[$k.rss]}" -v hb="${R[$k.hb]}" -v ha="${R[$k.ha]}" \
        -v cwall="${R[ceiling_$n.wall]}" -v cwork="${R[ceiling_$n.work]}" 'BEGIN {
          ratio = kind == "ferry" ? sprintf("%.2f", cwall / wall) : "";
          ratiow = kind == "ferry" ? sprintf("%.2f", cwork / work) : "";
          printf "%-14s %9d %8.1f %8.1f %9.0f %9.0f %8.0f %9d %10d %7s %7s\n",
            kind " " lab, n, wall, work, n / wall, n / work, rss / 1024, hb, ha, ratio, ratiow }'
    done
  done
  for n in "${sizes[@]}"; do
    awk -v lab="$(label "$n")" -v t="${R[ferry_$n.table]}" -v w="${R[ferry_$n.work]}" \
      -v c="${R[ceiling_$n.work]}" -v fb="${R[ferry_$n.out]}" -v cb="${R[ceiling_$n.out]}" 'BEGIN {
        printf "ferry %s report: table %.1f s, whole run %.1f s, %.1f MiB of Parquet" \
          " (ceiling: loop %.1f s, %.1f MiB)\n", lab, t, w, fb / 1048576, c, cb / 1048576 }'
  done
  if [ "${#sizes[@]}" -eq 2 ]; then
    for kind in ferry ceiling; do
      awk -v kind="$kind" -v big="$(label "$rows")" -v sm="$(label "$small")" \
        -v r1="${R[${kind}_$rows.rss]}" -v r0="${R[${kind}_$small.rss]}" \
        -v h1="${R[${kind}_$rows.ha]}" -v h0="${R[${kind}_$small.ha]}" 'BEGIN {
          printf "memory growth %s %s / %s: %.2f (peak RSS), %s (heap after GC)\n", kind, big, sm,
            r1 / r0, (h0 > 0 ? sprintf("%.2f", h1 / h0) : "n/a") }'
    done
  fi
} >"$table_file"
for n in "${sizes[@]}"; do
  ratio bronze "SQLite → bronze, $(label "$n") rows" "$(per_second "$n" "${R[ferry_$n.wall]}")" \
    "parquet-avro loop" "$(per_second "$n" "${R[ceiling_$n.wall]}")" rows/s
done

echo
cat "$table_file"
cat <<'EOF'

wall s: whole process (JVM start to exit); work s: ferry's report seconds / the ceiling's own loop
timer. rows/s = rows / wall s. ratio = ferry rows/s ÷ ceiling rows/s on wall time; ratio w on work
time (1.00 = as fast as the bare library loop). RSS: GNU time's maximum resident set size; heap:
most heap in use before a GC; postGC: most heap in use after a GC pause (live data plus old garbage
not yet collected). The strict streaming check: the large size still finishes with a small --xmx.
EOF

# --- RESULTS.md ------------------------------------------------------------------------------
if [ "$write_results" -eq 1 ]; then
  results="$root/bench/RESULTS.md"
  block="$work/block.md"
  {
    echo "### $today $(date -u +%H:%M) UTC — ${cpu:-unknown cpu}, $cores cores"
    echo
    echo "- machine: ${cpu:-unknown cpu}, $cores cores ($(nproc --all) online), $mem_gib GiB RAM," \
      "$(uname -sr), java $java_version"
    echo "- ferry: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
      "$( [ -n "$(git -C "$root" status --porcelain -- . ':!bench' 2>/dev/null | head -1)" ] \
        && echo "(with uncommitted changes outside bench/)")"
    echo "- command: \`$command_line\`"
    echo "- load average (1, 5, 15 min) before: $load_before; after: $load_after" \
      "(on $cores cores; other work on the machine slows every case)"
    echo
    echo '```'
    cat "$table_file"
    echo '```'
    echo
  } >"$block"
  previous_latest=""
  previous_earlier=""
  if [ -f "$results" ]; then
    previous_latest="$(awk '/^## Earlier runs/ {exit} f; /^## Latest run/ {f = 1}' "$results")"
    previous_earlier="$(awk 'f; /^## Earlier runs/ {f = 1}' "$results")"
  fi
  {
    cat <<'EOF'
# Benchmark results

Written by `bench/run.sh` (see `bench/README.md` for what each column means). The newest run is
first; older runs move under "Earlier runs". Figures from different machines or days do not
compare: compare the rows of one table. The runs of `bench/migrate.sh` (SQLite/MariaDB →
PostgreSQL), `bench/mongo.sh` (MongoDB → PostgreSQL), `bench/dump.sh` (PostgreSQL → dump →
PostgreSQL), `bench/backfill.sh` (a day-partitioned lakehouse backfill) and `bench/verify.sh`
(`ferry verify` of a PostgreSQL pair) are in their own sections at the end.

## Latest run

EOF
    cat "$block"
    echo "## Earlier runs"
    echo
    [ -n "$(echo "$previous_latest" | tr -d '[:space:]')" ] && printf '%s\n\n' "$(echo "$previous_latest" | sed -e '/./,$!d')"
    [ -n "$(echo "$previous_earlier" | tr -d '[:space:]')" ] && printf '%s\n' "$(echo "$previous_earlier" | sed -e '/./,$!d')"
    true
  } >"$results.tmp"
  mv "$results.tmp" "$results"
  echo "bench: results recorded in bench/RESULTS.md" >&2
fi
