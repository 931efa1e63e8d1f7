#!/usr/bin/env bash
# The migration benchmark: the same generated `orders` rows SQLite → PostgreSQL and MariaDB →
# PostgreSQL with ferry, beside pgloader on the same paths and beside `psql \copy` of a CSV of the
# same rows (the ingest ceiling). Prints one table and records it in bench/RESULTS.md.
#
#   bench/migrate.sh                          # 1M rows, both paths, ferry with -Xmx1g
#   bench/migrate.sh --rows 100000 --no-results   # quick look; RESULTS.md untouched
#   bench/migrate.sh --only sqlite            # or mariadb: one path (the copy line always runs)
#   bench/migrate.sh --repeat 3 --xmx 2g      # best wall time of 3 runs per line; ferry's heap
#   bench/migrate.sh --no-build               # measure runners/target/ferry.jar as built
#   FERRY_JAVA_OPTS='-XX:+UseParallelGC' bench/migrate.sh   # more JVM options for ferry, as ./ferry
#
# Installs postgresql, pgloader, mariadb-server and python3 with apt-get when missing; needs JDK
# 17 and Maven for ferry. Starts a throwaway PostgreSQL and MariaDB on free 127.0.0.1 ports and
# removes both on exit. Data, job files and logs go to bench/work/migrate/ (git-ignored).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

rows=1000000
only=all
xmx=1g
repeat=1
build=1
write_results=1
command_line="bench/migrate.sh${*:+ $*}"

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
# die, say, need_packages, memory_of, the throwaway PostgreSQL (pg_start, psql_admin…), timing,
# machine_facts and record_results (the table's heading, RESULTS.md).
source "$root/bench/common.sh"

while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="${2:?--rows needs a number}"; shift 2 ;;
    --only) only="${2:?--only needs sqlite or mariadb}"; shift 2 ;;
    --xmx) xmx="${2:?--xmx needs a size such as 1g}"; shift 2 ;;
    --repeat) repeat="${2:?--repeat needs a number}"; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-results) write_results=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
for n in "$rows" "$repeat"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "'$n' is not a positive whole number"
done
case "$only" in
  all) paths=(sqlite mariadb) ;;
  sqlite|mariadb) paths=("$only") ;;
  *) die "--only takes sqlite or mariadb, not '$only'" ;;
esac
[[ "$xmx" =~ ^[0-9]+[kKmMgG]$ ]] || die "--xmx takes a heap size such as 1g or 512m, not '$xmx'"

work="$root/bench/work/migrate"
mkdir -p "$work"

# --- tools -----------------------------------------------------------------------------------
packages=(postgresql pgloader python3 time)
[[ " ${paths[*]} " == *" mariadb "* ]] && packages+=(mariadb-server)
need_packages "${packages[@]}"
command -v java >/dev/null 2>&1 || die "no java: install JDK 17 (apt-get install openjdk-17-jdk-headless)"

# --- ferry -----------------------------------------------------------------------------------
ferry_jar="$root/runners/target/ferry.jar"
if [ "$build" -eq 1 ]; then
  ./ferry --version >/dev/null || die "could not build runners/target/ferry.jar"
fi
[ -f "$ferry_jar" ] || die "runners/target/ferry.jar is missing: run without --no-build"
# Measure a copy, so a rebuild during the run (another shell, an IDE) cannot swap the jar mid-way.
mkdir -p "$work/jars"
cp "$ferry_jar" "$work/jars/ferry.jar"
ferry_jar="$work/jars/ferry.jar"
read -r -a ferry_java_opts <<<"${FERRY_JAVA_OPTS:-}"

# --- data ------------------------------------------------------------------------------------
# bench/orders.py writes the SQLite file, the CSV and MariaDB's load file from one pass, plus the
# figures every target must show. Kept between runs; regenerated when the generator changes.
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
tmp="$(mktemp -d /tmp/ferry-migrate-bench.XXXXXX)"
chmod 755 "$tmp"
my_pid=""
cleanup() {
  local status=$?
  pg_stop
  if [ -n "$my_pid" ] && kill -0 "$my_pid" 2>/dev/null; then
    kill "$my_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$my_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$my_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start "$tmp/pg" "$work"

my_port=""
my_password=""
my_version=""
if [[ " ${paths[*]} " == *" mariadb "* ]]; then
  my_port="$(free_port)"
  my_password="$(secret)"
  as_root=()
  [ "$(id -u)" -eq 0 ] && as_root=(--user=root)
  mkdir -p "$tmp/my"
  say "starting MariaDB on 127.0.0.1:$my_port…"
  mariadb-install-db --no-defaults --datadir="$tmp/my/data" --auth-root-authentication-method=normal \
    --skip-test-db "${as_root[@]}" >"$work/mariadb-install.log" 2>&1 \
    || { cat "$work/mariadb-install.log" >&2; die "mariadb-install-db failed"; }
  # The buffer pool holds the whole table, so both tools read the source from memory.
  /usr/sbin/mariadbd --no-defaults --datadir="$tmp/my/data" --socket="$tmp/my/sock" \
    --port="$my_port" --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$tmp/my/pid" \
    --log-error="$tmp/my/error.log" --innodb-buffer-pool-size=1G "${as_root[@]}" >"$work/mariadbd.log" 2>&1 &
  my_pid=$!
  for _ in $(seq 1 300); do
    mariadb-admin --no-defaults -S "$tmp/my/sock" -u root ping >/dev/null 2>&1 && break
    kill -0 "$my_pid" 2>/dev/null || { cat "$tmp/my/error.log" >&2; die "MariaDB did not start"; }
    sleep 0.2
  done
  mariadb_root() { mariadb --no-defaults -S "$tmp/my/sock" -u root "$@"; }
  mariadb_root -e 'SELECT 1' >/dev/null || { cat "$tmp/my/error.log" >&2; die "MariaDB did not start"; }
  my_version="$(mariadb_root -N -e 'SELECT VERSION()' | cut -d- -f1)"
  say "loading $rows rows into MariaDB (not measured)…"
  mariadb_root --local-infile=1 >"$work/mariadb-load.log" <<SQL
CREATE DATABASE bench CHARACTER SET utf8mb4;
CREATE USER bench@'%' IDENTIFIED BY '$my_password';
GRANT ALL ON bench.* TO bench@'%';
USE bench;
CREATE TABLE orders (
  id          INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id INT NOT NULL,
  status      VARCHAR(20) NOT NULL,
  amount      DECIMAL(12,2) NOT NULL,
  quantity    INT NOT NULL,
  note        TEXT,
  created_at  DATETIME NOT NULL,
  active      TINYINT(1) NOT NULL
) ENGINE=InnoDB;
LOAD DATA LOCAL INFILE '$data/orders.tsv' INTO TABLE orders CHARACTER SET utf8mb4;
ANALYZE TABLE orders;
SQL
  got="$(mariadb_root -N -D bench -e "SELECT CONCAT_WS('|', COUNT(*), SUM(amount), SUM(quantity),
    COUNT(note), SUM(active), DATE_FORMAT(MIN(created_at), '%Y-%m-%d %H:%i:%s'),
    DATE_FORMAT(MAX(created_at), '%Y-%m-%d %H:%i:%s')) FROM orders")"
  [ "$got" = "$expected" ] || die "MariaDB holds '$got' after the load, expected '$expected'"
fi

# --- cases -----------------------------------------------------------------------------------
# The figures the target must show: the same fields, in the same order, as expected.txt. Found in
# whichever schema the tool chose (pgloader puts a MySQL database into a schema of its name). The
# table's definition goes to bench/work/migrate/NAME.columns, to see how each tool mapped types.
target_figures() {
  local name="$1" schema
  schema="$(psql_admin -d bench -tAc "SELECT table_schema FROM information_schema.tables
    WHERE table_name = 'orders' AND table_schema NOT IN ('pg_catalog', 'information_schema')
    ORDER BY table_schema = 'public' DESC LIMIT 1")"
  [ -n "$schema" ] || { echo "no orders table"; return; }
  psql_admin -d bench -c "\\d \"$schema\".orders" >"$work/$name.columns" 2>&1 || true
  psql_admin -d bench -tA -c "SET TimeZone = 'UTC'" -c "SELECT concat_ws('|', count(*),
    sum(amount)::numeric(20,2), sum(quantity), count(note), sum(active::int),
    to_char(min(created_at), 'YYYY-MM-DD HH24:MI:SS'),
    to_char(max(created_at), 'YYYY-MM-DD HH24:MI:SS')) FROM \"$schema\".orders" 2>&1 | tail -1 || true
}

pg_url_auth="bench:$pg_password@127.0.0.1:$pg_port/bench"

# run_case NAME: one measured run into a fresh target; sets wall (seconds) and status.
run_case() {
  local name="$1" log="$work/$1" start end rss heap_after
  fresh_target bench
  status=0
  case "$name" in
    copy)
      psql_bench -f - <<'SQL'
CREATE TABLE orders (
  id          integer NOT NULL,
  customer_id integer NOT NULL,
  status      varchar(20) NOT NULL,
  amount      numeric(12,2) NOT NULL,
  quantity    integer NOT NULL,
  note        text,
  created_at  timestamp NOT NULL,
  active      boolean NOT NULL
);
SQL
      start="$(now_ns)"
      psql_bench -c "\\copy orders FROM '$data/orders.csv' CSV" >"$log.out" 2>"$log.err" || status=$?
      end="$(now_ns)"
      # The other tools finish with a primary key; how long that takes here is printed apart.
      local pk_start pk_end
      pk_start="$(now_ns)"
      psql_bench -c 'ALTER TABLE orders ADD PRIMARY KEY (id)' >>"$log.out" 2>>"$log.err" || status=$?
      pk_end="$(now_ns)"
      pk_s="$(awk -v s="$pk_start" -v e="$pk_end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')"
      ;;
    pgloader_sqlite|pgloader_mariadb)
      local from
      if [ "$name" = pgloader_sqlite ]; then from="sqlite://$data/orders.db"
      else from="mysql://bench:$my_password@127.0.0.1:$my_port/bench"; fi
      # A command file keeps the passwords off the process list; no WITH clause: the defaults.
      (umask 077; printf 'LOAD DATABASE\n  FROM %s\n  INTO postgresql://%s;\n' "$from" "$pg_url_auth" \
        >"$tmp/$name.load")
      start="$(now_ns)"
      pgloader --root-dir "$log.pgloader" "$tmp/$name.load" >"$log.out" 2>"$log.err" || status=$?
      end="$(now_ns)"
      ;;
    ferry_sqlite|ferry_mariadb)
      local job="$work/$name.yaml"
      {
        echo "# Generated by bench/migrate.sh."
        echo "name: bench_${name#ferry_}"
        echo "source:"
        if [ "$name" = ferry_sqlite ]; then
          echo "  kind: sqlite"
          echo "  url: jdbc:sqlite:$data/orders.db"
        else
          echo "  kind: mysql"
          # The throwaway server has no TLS (pgloader does not use TLS against it either).
          echo "  url: jdbc:mysql://127.0.0.1:$my_port/bench?sslMode=disable"
          echo "  user: bench"
          echo "  password: \${SRC_PASSWORD}"
        fi
        echo "target:"
        echo "  kind: postgres"
        echo "  url: jdbc:postgresql://127.0.0.1:$pg_port/bench"
        echo "  user: bench"
        echo "  password: \${PG_PASSWORD}"
        echo "  schema: public"
        echo "  mode: create"
      } >"$job"
      start="$(now_ns)"
      PG_PASSWORD="$pg_password" SRC_PASSWORD="$my_password" /usr/bin/time -v -o "$log.time" \
        java "-Xmx$xmx" "${ferry_jvm_options[@]}" "${ferry_java_opts[@]}" "-Xlog:gc:file=$log.gc.log" \
        -jar "$ferry_jar" run "$job" --report "$log.json" >"$log.out" 2>"$log.err" || status=$?
      end="$(now_ns)"
      # peak memory: resident set (GNU time) and the most heap in use after a GC (the live set)
      read -r rss _ heap_after <<<"$(memory_of "$log")"
      RSS[$name]="$((rss / 1024))"
      HEAP[$name]="$heap_after"
      ;;
  esac
  wall="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')"
}

# measure NAME: $repeat runs, keeps the fastest; any failed run or wrong figures mark the line.
declare -A WALL FIGS FAIL RSS HEAP
pk_s=""
failed=0
measure() {
  local name="$1" r
  for ((r = 1; r <= repeat; r++)); do
    say "$name (run $r of $repeat)…"
    run_case "$name"
    local figs
    figs="$(target_figures "$name")"
    if [ "$status" -ne 0 ]; then
      FAIL[$name]="exit $status"
      say "$name FAILED (exit $status); the end of its output (bench/work/migrate/$name.out, .err):"
      tail -n 15 "$work/$name.out" "$work/$name.err" >&2
      failed=1
      return
    fi
    FIGS[$name]="$figs"
    if [ "$figs" != "$expected" ]; then
      FAIL[$name]="wrong rows"
      say "$name left '$figs' in PostgreSQL, expected '$expected'" \
        "(count|sum amount|sum quantity|notes|active|first|last created_at)"
      failed=1
    fi
    if [ -z "${WALL[$name]:-}" ] || awk -v a="$wall" -v b="${WALL[$name]}" 'BEGIN { exit !(a < b) }'; then
      WALL[$name]="$wall"
    fi
  done
}

load_before="$(load_average)"
cases=(copy)
for p in "${paths[@]}"; do cases+=("pgloader_$p" "ferry_$p"); done
for c in "${cases[@]}"; do measure "$c"; done
load_after="$(load_average)"

# --- table -----------------------------------------------------------------------------------
# No `| head` here: with pipefail, a writer killed by SIGPIPE (pgloader dies of it) would stop the
# script; sed reads its whole input.
machine_facts
pgloader_version="$(pgloader --version 2>/dev/null | sed -nE '1s/.*version "([^"]+)".*/\1/p')"

label() {
  case "$1" in
    copy) echo "copy csv → pg" ;;
    *_sqlite) echo "${1%_sqlite} sqlite → pg" ;;
    *_mariadb) echo "${1%_mariadb} mariadb → pg" ;;
  esac
}
table_file="$work/table.txt"
{
  printf 'SQLite/MariaDB → PostgreSQL, %s, %s, %s cores, %s GiB RAM, PostgreSQL %s%s, pgloader %s, java %s, ferry -Xmx%s%s\n' \
    "$today" "${cpu:-unknown cpu}" "$cores" "$mem_gib" "$pg_version" \
    "${my_version:+, MariaDB $my_version}" "$pgloader_version" "$java_version" \
    "$xmx${FERRY_JAVA_OPTS:+ $FERRY_JAVA_OPTS}" \
    "$( [ "$repeat" -gt 1 ] && echo ", best of $repeat" )"
  printf '%-22s %9s %8s %9s %8s %11s %8s %10s  %s\n' "tool/path" rows "wall s" "rows/s" "vs copy" \
    "vs pgloader" "RSS MiB" "postGC MiB" check
  for c in "${cases[@]}"; do
    base="${c#*_}"
    count="$(cut -d'|' -f1 <<<"${FIGS[$c]:-}")"
    [[ "$count" =~ ^[0-9]+$ ]] || count="-"
    awk -v name="$(label "$c")" -v count="$count" -v wall="${WALL[$c]:-}" -v fail="${FAIL[$c]:-}" \
      -v copy="${WALL[copy]:-}" -v pgl="${WALL[pgloader_$base]:-}" -v tool="${c%%_*}" -v n="$rows" \
      -v rss="${RSS[$c]:--}" -v heap="${HEAP[$c]:--}" 'BEGIN {
        if (fail ~ /^exit/ || wall == "") {
          printf "%-22s %9s %8s %9s %8s %11s %8s %10s  %s\n", name, count, "-", "-", "-", "-", rss, heap,
            "FAILED (" fail ")"; exit }
        vc = (copy != "" && tool != "copy") ? sprintf("%.2f", copy / wall) : (tool == "copy" ? "1.00" : "-");
        vp = (pgl != "" && tool == "ferry") ? sprintf("%.2f", pgl / wall) : (tool == "pgloader" ? "1.00" : "");
        printf "%-22s %9s %8.1f %9.0f %8s %11s %8s %10s  %s\n", name, count, wall, n / wall, vc, vp,
          rss, heap, (fail == "" ? "ok" : fail) }'
  done
  [ -n "$pk_s" ] && printf 'copy: adding the primary key afterwards took another %.1f s (not in the copy line)\n' "$pk_s"
  for p in "${paths[@]}"; do
    f="${WALL[ferry_$p]:-}"; g="${WALL[pgloader_$p]:-}"; k="${WALL[copy]:-}"
    if [ -n "$f" ] && [ -z "${FAIL[ferry_$p]:-}" ] && [ -n "$g" ] && [ -n "$k" ]; then
      awk -v p="$p" -v f="$f" -v g="$g" -v k="$k" 'BEGIN {
        printf "target %s: ferry %.2f× pgloader (goal > 1: %s), %.2f of copy (goal ≥ 0.60: %s)\n", p,
          g / f, (g / f > 1 ? "met" : "missed"), k / f, (k / f >= 0.6 ? "met" : "missed") }'
    fi
  done
} >"$table_file"
for p in "${paths[@]}"; do
  f=""; [ -z "${FAIL[ferry_$p]:-}" ] && f="$(per_second "$rows" "${WALL[ferry_$p]:-}")"
  g=""; [ -z "${FAIL[pgloader_$p]:-}" ] && g="$(per_second "$rows" "${WALL[pgloader_$p]:-}")"
  k=""; [ -z "${FAIL[copy]:-}" ] && k="$(per_second "$rows" "${WALL[copy]:-}")"
  ratio migrate "$p → PostgreSQL, $rows rows" "$f" pgloader "$g" rows/s
  ratio migrate "$p → PostgreSQL, $rows rows" "$f" "psql \\copy of a CSV" "$k" rows/s
  ratio migrate "$p → PostgreSQL, $rows rows, ferry's peak RSS" "${RSS[ferry_$p]:-}" "-Xmx$xmx" "" MiB
  ratio migrate "$p → PostgreSQL, $rows rows, ferry's heap after GC" "${HEAP[ferry_$p]:-}" "-Xmx$xmx" "" MiB
done

echo
cat "$table_file"
cat <<'EOF'

rows: the rows counted in PostgreSQL afterwards. wall s: the whole command (process start to
exit). rows/s = generated rows / wall s. vs copy: rows/s ÷ the copy line's rows/s (1.00 = as fast
as psql \copy of a CSV into a bare table). vs pgloader: ferry's rows/s ÷ pgloader's on the same
path. RSS MiB: ferry's peak resident set (GNU time); postGC MiB: the most heap ferry had in use
right after a garbage collection, its live set (from -Xlog:gc), which must not grow with the rows.
check: count, sums, NULLs and first/last timestamp in PostgreSQL equal the generated rows.
EOF

# --- RESULTS.md ------------------------------------------------------------------------------
# Runs go into their own section at the end of the file, newest first, below a marker line;
# bench/run.sh rewrites only the bronze sections above it.
if [ "$write_results" -eq 1 ]; then
  record_results '<!-- bench/migrate.sh puts new runs below this line -->' "## SQLite/MariaDB → PostgreSQL

Written by \`bench/migrate.sh\` (see \`bench/README.md\`), newest first. Compare the lines
of one table, not figures from different runs." "$table_file"
fi

[ "$failed" -eq 0 ] || die "some lines failed or left the wrong rows (see above)"
