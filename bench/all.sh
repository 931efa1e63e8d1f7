#!/usr/bin/env bash
# Every benchmark of the project in one command: runs each bench script in turn (each prints its own
# table and records it in bench/RESULTS.md), then prints one table of ferry beside each baseline,
# as ratios, and records it too. See bench/README.md.
#
#   bench/all.sh                       # every benchmark at its own default size (about an hour)
#   bench/all.sh --quick --no-results  # small sizes, a smoke run of every script (~10 minutes)
#   bench/all.sh --only verify,migrate # some of them (names: bronze migrate scale mongo dump
#                                      #   backfill verify flink)
#   bench/all.sh --no-build            # measure the jars as built
#
# "scale" is the 10M-row SQLite → PostgreSQL migration with ferry's heap capped at 1 GiB
# (bench/migrate.sh --only sqlite --rows 10000000 --xmx 1g): it must complete, and its peak RSS
# and live heap are in the table. Needs what the scripts need (they install their packages).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=0
only=""
pass=()
write_results=1
command_line="bench/all.sh${*:+ $*}"

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
# die, say, machine_facts, load_average, record_results, ratio's file format.
source "$root/bench/common.sh"

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --only) only="${2:?--only needs names, such as verify,migrate}"; shift 2 ;;
    --no-build) pass+=(--no-build); shift ;;
    --no-results) write_results=0; pass+=(--no-results); shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done

all=(bronze migrate scale mongo dump backfill verify flink)
selected=("${all[@]}")
if [ -n "$only" ]; then
  IFS=',' read -r -a selected <<<"$only"
  for name in "${selected[@]}"; do
    [[ " ${all[*]} " == *" $name "* ]] || die "no benchmark '$name' (there are: ${all[*]})"
  done
fi

# args NAME → the script and its arguments, at the default or the quick size.
args() {
  case "$1:$quick" in
    bronze:0) echo bench/run.sh ;;
    bronze:1) echo bench/run.sh --rows 100000 --small 20000 ;;
    migrate:0) echo bench/migrate.sh ;;
    migrate:1) echo bench/migrate.sh --rows 100000 ;;
    scale:0) echo bench/migrate.sh --only sqlite --rows 10000000 --xmx 1g ;;
    scale:1) echo bench/migrate.sh --only sqlite --rows 300000 --xmx 1g ;;
    mongo:0) echo bench/mongo.sh ;;
    mongo:1) echo bench/mongo.sh --docs 20000 --small 5000 ;;
    dump:0) echo bench/dump.sh ;;
    dump:1) echo bench/dump.sh --rows 100000 ;;
    backfill:0) echo bench/backfill.sh ;;
    backfill:1) echo bench/backfill.sh --days 3 --rows-per-day 20000 ;;
    verify:0) echo bench/verify.sh ;;
    verify:1) echo bench/verify.sh --rows 100000 ;;
    flink:0) echo bench/flink.sh ;;
    flink:1) echo bench/flink.sh --rows 100000 ;;
  esac
}

work="$root/bench/work/all"
mkdir -p "$work"
ratios="$work/ratios.tsv"
: >"$ratios"
load_before="$(load_average)"
declare -A STATUS
for name in "${selected[@]}"; do
  read -r -a cmd <<<"$(args "$name")"
  if [ ! -x "${cmd[0]}" ]; then
    STATUS[$name]="no ${cmd[0]}"
    continue
  fi
  say "── $name: ${cmd[*]} ${pass[*]}"
  start="$(now_ns)"
  status=0
  FERRY_BENCH_RATIOS="$ratios.$name" "${cmd[@]}" "${pass[@]}" >"$work/$name.log" 2>&1 || status=$?
  STATUS[$name]="$( [ "$status" -eq 0 ] && echo ok || echo "FAILED (exit $status, bench/work/all/$name.log)")"
  STATUS[$name]+=", $(seconds_between "$start" "$(now_ns)") s"
  # the scale line is migrate's, under its own name
  [ -f "$ratios.$name" ] && sed "s/^migrate\t/$name\t/" "$ratios.$name" >>"$ratios"
  rm -f "$ratios.$name"
  say "   $name: ${STATUS[$name]}"
done
load_after="$(load_average)"

# --- table -----------------------------------------------------------------------------------
machine_facts
table_file="$work/table.txt"
{
  printf 'all benchmarks, %s, %s, %s cores, %s GiB RAM, java %s%s\n' "$today" "${cpu:-unknown cpu}" \
    "$cores" "$mem_gib" "$java_version" "$( [ "$quick" -eq 1 ] && echo ", quick sizes" )"
  printf '%-9s %-66s %12s %-28s %12s %-9s %6s\n' bench line ferry baseline figure unit ratio
  awk -F'\t' '{
    ratio = ($3 != "-" && $5 != "-" && $5 > 0) ? sprintf("%.2f", $3 / $5) : "-";
    printf "%-9s %-66s %12s %-28s %12s %-9s %6s\n", $1, substr($2, 1, 66), $3, substr($4, 1, 28),
      ($5 == "" ? "" : $5), $6, ratio }' "$ratios"
  for name in "${selected[@]}"; do printf '%s: %s\n' "$name" "${STATUS[$name]}"; done
} >"$table_file"

echo
cat "$table_file"
cat <<'EOF'

ferry and figure: ferry's and the baseline's figure on the line's unit (more is better, except
MiB); ratio = ferry ÷ baseline, above 1 where ferry is ahead. Each script's own table (in
bench/RESULTS.md and bench/work/all/NAME.log) says how each figure was measured; compare lines of
one run, not runs of different days or machines.
EOF

if [ "$write_results" -eq 1 ]; then
  record_results "<!-- bench/all.sh puts new runs below this line -->" "## All benchmarks

Written by \`bench/all.sh\` (see \`bench/README.md\`), newest first: one line per comparison of
ferry with its baseline, from the scripts' own runs (their tables are in the sections below)." \
    "$table_file"
fi
for name in "${selected[@]}"; do
  [[ "${STATUS[$name]}" == ok* || "${STATUS[$name]}" == no\ * ]] || exit 1
done
