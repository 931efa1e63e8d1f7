# shellcheck shell=bash
# Shared by the bench scripts (sourced, not run): messages, apt-get installs, free ports and
# secrets, timing, memory figures of a finished JVM, and a throwaway PostgreSQL.
#
#   source "$root/bench/common.sh"
#   need_packages postgresql time        # installs what is missing with apt-get
#   pg_start "$tmp/pg" "$work"           # sets pg_bin pg_port pg_password pg_version
#   psql_admin -d postgres -c 'SELECT 1' # the superuser over the socket
#   pg_stop                              # from the caller's EXIT trap
#
# The caller sets `set -euo pipefail` and owns the EXIT trap; pg_stop is safe to call when
# PostgreSQL never started.

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

# The JVM options ./ferry runs the jar with (runners/jvm.options, where each is explained), so the
# ferry lines of a bench measure what users run; FERRY_JAVA_OPTS comes after them.
ferry_jvm_options=()
while read -r line; do
  case "$line" in '' | '#'*) ;; *) ferry_jvm_options+=("$line") ;; esac
done <"$(dirname "${BASH_SOURCE[0]}")/../runners/jvm.options"

now_ns() { date +%s%N; }
# seconds_between START_NS END_NS → seconds with three decimals
seconds_between() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.3f", (e - s) / 1e9 }'; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
secret() { python3 -c 'import secrets; print(secrets.token_hex(12))'; }

# The newest Debian PostgreSQL server binaries, or "".
find_pg_bin() {
  local v
  for v in 15 16 17 14; do
    [ -x "/usr/lib/postgresql/$v/bin/initdb" ] && { echo "/usr/lib/postgresql/$v/bin"; return; }
  done
}

# need_packages PACKAGE…: the Debian packages among postgresql, pgloader, mariadb-server, python3,
# sqlite3 and time whose commands are missing, installed with apt-get (sudo when not root).
need_packages() {
  local missing=() p
  for p in "$@"; do
    case "$p" in
      postgresql) [ -n "$(find_pg_bin)" ] && command -v psql >/dev/null 2>&1 || missing+=("$p") ;;
      pgloader) command -v pgloader >/dev/null 2>&1 || missing+=("$p") ;;
      mariadb-server)
        { command -v mariadb-install-db && command -v mariadb; } >/dev/null 2>&1 \
          && [ -x /usr/sbin/mariadbd ] || missing+=("$p") ;;
      python3) python3 -c 'import sqlite3' >/dev/null 2>&1 || missing+=("$p") ;;
      sqlite3) command -v sqlite3 >/dev/null 2>&1 || missing+=("$p") ;;
      time) [ -x /usr/bin/time ] || missing+=("$p") ;;
      *) die "need_packages does not know '$p'" ;;
    esac
  done
  [ "${#missing[@]}" -eq 0 ] && return
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and apt-get is not here: install them yourself"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "installing ${missing[*]} (apt-get)…"
  if ! { $sudo apt-get update -qq >&2 \
    && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2; }; then
    die "could not install ${missing[*]}; install them and run again"
  fi
  if [[ " ${missing[*]} " == *" postgresql "* ]] && [ -z "$(find_pg_bin)" ]; then
    die "postgresql is installed but no /usr/lib/postgresql/*/bin/initdb was found"
  fi
}

# ratio BENCH LINE FERRY BASELINE_NAME BASELINE UNIT: one line of the table bench/all.sh prints
# (figures where more is better, such as rows/s; the ratio is ferry ÷ baseline), appended to
# $FERRY_BENCH_RATIOS when all.sh runs the script. A line with a figure missing (a failed case) is
# written with "-" so the summary shows it failed rather than leaving it out.
ratio() {
  [ -n "${FERRY_BENCH_RATIOS:-}" ] || return 0
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "${3:--}" "$4" "${5:--}" "$6" >>"$FERRY_BENCH_RATIOS"
}

# per_second N SECONDS → N / SECONDS, rounded; nothing when SECONDS is empty or 0.
per_second() { awk -v n="$1" -v s="${2:-0}" 'BEGIN { if (s > 0) printf "%.0f", n / s }'; }

# memory_of BASE → "rss_kib max_heap_before_mib max_heap_after_mib" of a finished JVM run under
# `/usr/bin/time -v -o BASE.time` with `-Xlog:gc:file=BASE.gc.log`.
memory_of() {
  local base="$1" rss heap
  rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$base.time" 2>/dev/null)"
  heap="$(grep -oE '[0-9]+[KMG]->[0-9]+[KMG]' "$base.gc.log" 2>/dev/null | awk -F'->' '
    function mib(v) { u = substr(v, length(v)); x = substr(v, 1, length(v) - 1) + 0;
                      return u == "K" ? x / 1024 : (u == "G" ? x * 1024 : x) }
    { b = mib($1); a = mib($2); if (b > mb) mb = b; if (a > ma) ma = a }
    END { printf "%.0f %.0f", mb, ma }')"
  echo "${rss:-0} ${heap:-0 0}"
}

# --- a throwaway PostgreSQL ------------------------------------------------------------------
pg_dir=""
pg_started=0

# initdb refuses to run as root: the cluster belongs to the postgres user then.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DIR LOGDIR: a new cluster in DIR (which must not exist), stock settings but UTC and the
# C locale, on a free 127.0.0.1 port; a role `bench` that logs in over TCP with a password.
pg_start() {
  pg_dir="$1"
  local logs="$2"
  pg_bin="$(find_pg_bin)"
  [ -n "$pg_bin" ] || die "no PostgreSQL server binaries (apt-get install postgresql)"
  pg_port="$(free_port)"
  pg_password="$(secret)"
  mkdir -p "$pg_dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$pg_dir"
  say "starting PostgreSQL ($pg_bin) on 127.0.0.1:$pg_port…"
  as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -E UTF8 --no-locale \
    --auth-local=trust --auth-host=scram-sha-256 >"$logs/initdb.log" 2>&1 \
    || { cat "$logs/initdb.log" >&2; die "initdb failed"; }
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c TimeZone=UTC" start >/dev/null \
    || { cat "$pg_dir/server.log" >&2; die "PostgreSQL did not start"; }
  pg_started=1
  psql_admin -d postgres -c "CREATE ROLE bench LOGIN PASSWORD '$pg_password'"
  # shellcheck disable=SC2034 # for the scripts that source this file, as pg_port and pg_password
  pg_version="$(psql_admin -d postgres -tAc 'SHOW server_version' | cut -d' ' -f1)"
}

pg_stop() {
  if [ "$pg_started" -eq 1 ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    pg_started=0
  fi
}

# The superuser over the socket (trust) sets things up and checks; every measured tool logs in
# as bench over TCP with a password, the way a migration would.
psql_admin() {
  PGOPTIONS='-c client_min_messages=warning' \
    psql -X -q -v ON_ERROR_STOP=1 -h "$pg_dir" -p "$pg_port" -U postgres "$@"
}
psql_bench() {
  PGPASSWORD="$pg_password" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U bench -d bench "$@"
}

# fresh_target [NAME]: a fresh, empty database NAME (default bench) owned by bench; the
# checkpoint flushes what the previous run left dirty, so no run pays for the one before.
fresh_target() {
  local db="${1:-bench}"
  psql_admin -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
    -c "CREATE DATABASE $db OWNER bench" -c 'CHECKPOINT'
}

# --- ferry's jar -----------------------------------------------------------------------------
# ferry_jar_stale JAR: true when JAR is missing or older than a pom or main source of ferry's
# modules (the test the ./ferry launcher makes). Run from the repository root.
ferry_jar_stale() {
  [ ! -f "$1" ] || [ -n "$(find pom.xml {schemas,transforms,pipelines,runners}/{pom.xml,src/main} \
    -newer "$1" -type f 2>/dev/null | head -1)" ]
}

# --- the table's heading and RESULTS.md --------------------------------------------------------
# machine_facts: sets cpu cores mem_gib java_version today, for the table's first line.
machine_facts() {
  cpu="$(lscpu 2>/dev/null | sed -nE 's/^Model name: *//p' | sed -n 1p)"
  cores="$(nproc)"
  mem_gib="$(free -g | awk '/^Mem:/ {print $2}')"
  java_version="$(java -version 2>&1 | sed -nE '1s/.*version "([^"]+)".*/\1/p')"
  # shellcheck disable=SC2034 # used by the scripts that source this file
  today="$(date -u +%Y-%m-%d)"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }

# record_results MARKER INTRO TABLE_FILE: puts a dated section (machine, ferry commit, command,
# load average, the table) into bench/RESULTS.md just below MARKER, so the newest run comes first.
# Without MARKER the file gets INTRO (a "## …" heading and its text) and MARKER at its end first.
# Reads root work command_line load_before load_after and machine_facts' variables.
# shellcheck disable=SC2154 # root, work, command_line and the loads are the caller's
record_results() {
  local marker="$1" intro="$2" table="$3" results="$root/bench/RESULTS.md" block="$work/block.md"
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
      "(on $cores cores; other work on the machine slows every line)"
    echo
    echo '```'
    cat "$table"
    echo '```'
  } >"$block"
  [ -f "$results" ] || printf '# Benchmark results\n\n' >"$results"
  grep -qF "$marker" "$results" || printf '\n%s\n\n%s\n' "$intro" "$marker" >>"$results"
  awk -v marker="$marker" -v block="$block" '
    { print }
    $0 == marker { print ""; while ((getline line < block) > 0) print line }' \
    "$results" >"$results.tmp"
  mv "$results.tmp" "$results"
  say "results recorded in bench/RESULTS.md"
}
