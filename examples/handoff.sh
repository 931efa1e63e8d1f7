#!/usr/bin/env bash
# The hand-off chain in one command: the quickstart's SQLite shop dumped to S3 with its bad rows set
# aside (examples/handoff-dump.yaml), then the latest dump checked file by file and restored into
# PostgreSQL (examples/handoff-restore.yaml), each table's rows compared with the dump's manifest.
#
#   examples/handoff.sh          # test servers (S3 and PostgreSQL), started and stopped here
#   S3_BUCKET=b S3_ENDPOINT=https://s3.eu-west-1.amazonaws.com AWS_ACCESS_KEY_ID=… \
#   AWS_SECRET_ACCESS_KEY=… examples/handoff.sh      # a real S3 (or MinIO); AWS_REGION if not
#                                                    # us-east-1, AWS_SESSION_TOKEN if needed
#   PG_URL=jdbc:postgresql://pg:5432/shop PG_USER=loader PG_PASSWORD=… examples/handoff.sh
#                                                    # a real PostgreSQL (schema shop must not exist)
#
# Without S3_BUCKET: an S3-protocol server (s3proxy) with the bucket ferry-handoff; without PG_URL:
# embedded PostgreSQL 17; both from testkit's jars (no Docker, no install), stopped when the run
# ends however it ends. Each group may be set on its own; the keys and password are never printed.
# Exit code: ferry run's (0 done, 1 a rejected-row limit crossed or a dump file missing or altered,
# 2 bad job, 3 failure); 2 or 3 when this script fails before ferry runs. Needs JDK 17, Maven 3.8+
# and Python 3.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dump_job="examples/handoff-dump.yaml"
restore_job="examples/handoff-restore.yaml"
shop_db="$root/examples/data/shop.db"
classpath_file="$root/testkit/target/demo-classpath.txt"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
bucket=ferry-handoff # on the test S3 server
database=shop        # on embedded PostgreSQL
schema=shop          # the restore job's target.schema

say() { echo "handoff: $*" >&2; }
die() {
  say "$1"
  exit "${2:-3}"
}
usage() { sed -n '2,19s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

for arg in "$@"; do
  case "$arg" in
    -h | --help) usage && exit 0 ;;
    *) die "unknown argument '$arg': the servers come from the environment (see --help)" 2 ;;
  esac
done

# S3: S3_BUCKET set means a real store, with all of its variables; else the test server.
embedded_s3=1
if [ -n "${S3_BUCKET:-}" ]; then
  for v in S3_ENDPOINT AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY; do
    [ -n "${!v:-}" ] || die "S3_BUCKET is set, so $v must be too (or unset S3_BUCKET for the test S3)" 2
  done
  embedded_s3=0
fi
# PostgreSQL: PG_URL set means a real server, with PG_USER and PG_PASSWORD; else embedded.
embedded_pg=1
if [ -n "${PG_URL:-}${PG_USER:-}${PG_PASSWORD:-}" ]; then
  if [ -z "${PG_URL:-}" ] || [ -z "${PG_USER:-}" ] || [ -z "${PG_PASSWORD+set}" ]; then
    die "set all of PG_URL, PG_USER and PG_PASSWORD, or none of them for embedded PostgreSQL" 2
  fi
  embedded_pg=0
fi

command -v "$java" >/dev/null 2>&1 ||
  die "no java found: install JDK 17 (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
command -v python3 >/dev/null 2>&1 || die "python3 is needed: install Python 3"

if [ ! -s "$shop_db" ]; then
  say "generating examples/data/shop.db"
  python3 "$root/examples/make_shop_db.py" --out "$shop_db" >/dev/null
fi

# testkit's classpath, without `mvn install`: compiled in place, cached until a source changes.
classpath_stale() {
  [ ! -s "$classpath_file" ] && return 0
  [ ! -f "$root/testkit/target/classes/dev/ferry/testkit/DemoServers.class" ] && return 0
  [ ! -d "$root/schemas/target/classes/dev" ] && return 0
  [ ! -s "$root/testkit-s3proxy/target/classes/dev/ferry/testkit/s3proxy/classpath.txt" ] && return 0
  [ -n "$(find "$root/pom.xml" "$root"/{schemas,testkit,testkit-s3proxy}/{pom.xml,src/main} \
    -newer "$classpath_file" -type f 2>/dev/null | head -1)" ]
}
if classpath_stale; then
  command -v mvn >/dev/null 2>&1 || die "Maven is needed to build the test servers: install Maven 3.8+"
  say "building testkit for the test servers (first run, or sources changed)…"
  (cd "$root" && mvn -B -q -pl testkit -am -DskipTests -Dspotless.check.skip=true compile \
    dependency:build-classpath -Dmdep.outputFile=target/demo-classpath.txt \
    -Dmdep.includeScope=runtime) >&2 || die "the build failed; see the Maven output above"
  touch "$classpath_file" # the plugin leaves an unchanged file as it was
fi
classpath="$root/testkit/target/classes:$(cat "$classpath_file")"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/ferry-handoff.XXXXXX")"
env_file="$tmp/servers.env"
servers_pid="" servers_in="" ferry_pid=""

# shellcheck disable=SC2317 # called by the trap
cleanup() {
  if [ -n "$ferry_pid" ] && kill -0 "$ferry_pid" 2>/dev/null; then
    kill -TERM "$ferry_pid" 2>/dev/null || true
  fi
  if [ -n "$servers_pid" ]; then
    say "stopping the test servers"
    [ -z "$servers_in" ] || exec {servers_in}>&-
    kill -TERM "$servers_pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$servers_pid" 2>/dev/null; do
      if [ "$waited" -eq 300 ]; then
        say "the test servers (pid $servers_pid) did not stop within a minute"
        break
      fi
      sleep 0.2
      waited=$((waited + 1))
    done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

args=()
[ "$embedded_s3" = 0 ] || args+=(--s3 "$bucket")
[ "$embedded_pg" = 0 ] || args+=(--postgres "$database")
if [ "${#args[@]}" -gt 0 ]; then
  say "starting the test servers:$([ "$embedded_s3" = 0 ] || echo " S3 (s3proxy)")$([ "$embedded_pg" = 0 ] || echo " PostgreSQL 17")"
  args+=(--env-file "$env_file")
  # Their standard input is a pipe from this script alone (job_env closes it in children): when
  # the script ends, even by SIGKILL, the pipe closes and they stop.
  exec {servers_in}> >(exec "$java" -cp "$classpath" dev.ferry.testkit.DemoServers "${args[@]}")
  servers_pid=$!
  waited=0
  until [ -s "$env_file" ]; do
    kill -0 "$servers_pid" 2>/dev/null || {
      servers_pid=""
      die "the test servers did not start (see above)"
    }
    [ "$waited" -lt 900 ] || die "the test servers did not start within 3 minutes"
    sleep 0.2
    waited=$((waited + 1))
  done
fi

# The jobs' ${S3_BUCKET}, ${S3_ENDPOINT}, AWS keys and ${PG_*}, in a subshell: from the servers'
# env file (so the secrets are on no command line and no screen) or from this environment.
job_env() {
  if [ -s "$env_file" ]; then
    set -a
    # shellcheck source=/dev/null
    . "$env_file"
    set +a
  fi
  [ -z "$servers_in" ] || exec {servers_in}>&- # only this script holds the servers' stdin
}

# Runs `./ferry run JOB` from the repository root, its output on the screen and in OUT; returns its
# exit code. In the background, so that Ctrl-C or SIGTERM reaches this script's trap at once.
run_ferry() {
  local job=$1 out=$2 code=0 tee_fd tee_pid
  say "./ferry run $job"
  exec {tee_fd}> >(tee "$out")
  tee_pid=$!
  (job_env && cd "$root" && exec "$root/ferry" run "$job" >&"$tee_fd" {tee_fd}>&-) &
  ferry_pid=$!
  wait "$ferry_pid" || code=$?
  ferry_pid=""
  exec {tee_fd}>&-
  wait "$tee_pid" 2>/dev/null || true # bash 4.4+; older ones may print the last lines late
  return "$code"
}

# Prints the S3 object at URL: a signed GET in Python, so that no AWS CLI is needed.
s3_get() { (job_env && exec python3 "$root/examples/s3_get.py" "$1"); }

rc=0
run_ferry "$dump_job" "$tmp/dump.out" || rc=$?
if [ "$rc" -ne 0 ]; then
  [ "$rc" -ne 1 ] || say "more rows rejected than max_rejected: look at the dump's rejected/ before restoring it"
  say "the dump did not finish cleanly (exit $rc): nothing restored"
  exit "$rc"
fi
dump_dir="$(sed -n 's|^ferry: dump complete: \(s3://[^ ]*\) (.*|\1|p' "$tmp/dump.out" | tail -1)"
[ -n "$dump_dir" ] || die "the dump's directory is not in ferry's output"

s3_get "$dump_dir/manifest.json" >"$tmp/manifest.json" || die "cannot read $dump_dir/manifest.json"
say "the dump's files ($dump_dir/):"
python3 - "$tmp/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
for f in sorted(m["files"], key=lambda f: f["path"]):
    print(f"  {f['bytes']:>10,}  {f['path']}")
print(f"  {'':>10}  manifest.json (written last)")
PY

rc=0
run_ferry "$restore_job" "$tmp/restore.out" || rc=$?
if [ "$rc" -le 1 ] || [ "$rc" -eq 3 ]; then
  (job_env && exec "$java" -cp "$classpath" dev.ferry.testkit.DemoServers --count "$PG_URL" "$schema") \
    >"$tmp/counts.txt" || say "could not count the rows (see above)"
  if [ -s "$tmp/counts.txt" ]; then
    say "rows per table: restored into schema $schema, and as the dump's manifest says"
    python3 - "$tmp/manifest.json" "$tmp/counts.txt" "$schema" <<'PY'
import json, sys
manifest = {t["name"]: t["rows"] for t in json.load(open(sys.argv[1]))["tables"]}
restored = {}
for line in open(sys.argv[2]):
    parts = line.split()
    if len(parts) == 2 and parts[0].startswith(sys.argv[3] + "."):
        restored[parts[0].split(".", 1)[1]] = int(parts[1].replace(",", ""))
print(f"  {'table':<16}{'restored':>10}{'manifest':>10}")
for name in sorted(manifest):
    r, m = restored.get(name), manifest[name]
    mark = "" if r == m else "   <- differs"
    print(f"  {name:<16}{'-' if r is None else f'{r:,}':>10}{m:>10,}{mark}")
dead = restored.get("ferry_dead_letters", 0)  # the restore's own rejected rows, if any
if dead:
    print(f"  {dead:,} rows in {sys.argv[3]}.ferry_dead_letters")
PY
  fi
fi
marker="$(sed -n 's|^ferry: restore verified.*; marked \(s3://[^ ]*\)$|\1|p' "$tmp/restore.out" | tail -1)"
if [ -n "$marker" ]; then
  say "$marker:"
  s3_get "$marker" || say "cannot read $marker"
  echo
else
  say "the restore was not verified (exit $rc): no restored.json"
fi
exit "$rc"
