#!/usr/bin/env bash
# The MongoDB example in one command: the generated bank-credit contracts, from a MongoDB collection
# into eight related PostgreSQL tables (examples/mongo-contracts.yaml), then each table's row count.
#
#   examples/mongo-contracts.sh                               # test servers, started and stopped here
#   examples/mongo-contracts.sh mongodb://db:27017/credit     # read the collection 'contracts' there
#   examples/mongo-contracts.sh mongodb://db:27017/credit --load   # ...after replacing its documents
#                                                             # with the generated contracts
#
# Without a URL: a MongoDB-protocol server in a JVM (mongo-java-server, in memory) loaded with
# examples/data/contracts.jsonl (generated when missing) and embedded PostgreSQL 17, both from
# testkit's jars (no Docker, no install), stopped when the run ends however it ends.
# With a URL: the MongoDB login comes from MONGO_USER / MONGO_PASSWORD, never from the URL;
# PostgreSQL from PG_URL / PG_USER / PG_PASSWORD when set, else embedded PostgreSQL.
# Exit code: ferry run's (0 done, 1 more rows rejected than max_rejected, 2 bad job, 3 failure);
# 2 or 3 when this script fails before ferry runs. Needs JDK 17, Maven 3.8+ and Python 3.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
job="$root/examples/mongo-contracts.yaml"
data="$root/examples/data/contracts.jsonl"
classpath_file="$root/testkit/target/demo-classpath.txt"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
database=credit      # on the test servers, MongoDB and PostgreSQL alike
collection=contracts # the job's source.tables

say() { echo "mongo-contracts: $*" >&2; }
die() {
  say "$1"
  exit "${2:-3}"
}
usage() { sed -n '2,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

mongo_url="" load=0
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage && exit 0 ;;
    --load) load=1 ;;
    mongodb://* | mongodb+srv://*)
      [ -z "$mongo_url" ] || die "give one MongoDB URL" 2
      mongo_url=$arg
      ;;
    *) die "unknown argument '$arg': expected a mongodb:// URL, --load or --help" 2 ;;
  esac
done
if [ -n "$mongo_url" ]; then
  hosts="${mongo_url#*://}"
  case "${hosts%%[/?]*}" in
    *@*) die "the MongoDB URL has a login in it: set MONGO_USER and MONGO_PASSWORD instead" 2 ;;
  esac
elif [ "$load" = 1 ]; then
  die "--load goes with a MongoDB URL (the test server is always loaded)" 2
fi

# PostgreSQL: with a MongoDB URL, the one PG_URL names if set; else embedded PostgreSQL.
embedded_pg=1
if [ -n "$mongo_url" ] && [ -n "${PG_URL:-}${PG_USER:-}${PG_PASSWORD:-}" ]; then
  if [ -z "${PG_URL:-}" ] || [ -z "${PG_USER:-}" ] || [ -z "${PG_PASSWORD+set}" ]; then
    die "set all of PG_URL, PG_USER and PG_PASSWORD, or none of them for embedded PostgreSQL" 2
  fi
  embedded_pg=0
elif [ -z "$mongo_url" ] && [ -n "${PG_URL:-}" ]; then
  say "PG_URL is not used without a MongoDB URL: the test run writes to embedded PostgreSQL"
fi
schema="$(awk '/^target:/ { t = 1; next } /^[^ #]/ { t = 0 } t && $1 == "schema:" { print $2; exit }' "$job")"
schema="${schema:-public}"

command -v "$java" >/dev/null 2>&1 ||
  die "no java found: install JDK 17 (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"

if [ -z "$mongo_url" ] || [ "$load" = 1 ]; then
  if [ ! -s "$data" ]; then
    command -v python3 >/dev/null 2>&1 || die "python3 is needed to generate $data"
    say "generating examples/data/contracts.jsonl"
    python3 "$root/examples/make_contracts.py" --out "$data"
  fi
fi

# testkit's classpath, without `mvn install`: compiled in place, cached until a source changes.
classpath_stale() {
  [ ! -s "$classpath_file" ] && return 0
  [ ! -f "$root/testkit/target/classes/dev/ferry/testkit/DemoServers.class" ] && return 0
  [ ! -d "$root/schemas/target/classes/dev" ] && return 0
  [ -n "$(find "$root/pom.xml" "$root"/{schemas,testkit}/{pom.xml,src/main} \
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

tmp="$(mktemp -d "${TMPDIR:-/tmp}/ferry-mongo-contracts.XXXXXX")"
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
if [ -z "$mongo_url" ]; then
  args+=(--mongo "$database" --load "$data" --collection "$collection")
elif [ "$load" = 1 ]; then
  args+=(--load "$data" --collection "$collection" --into "$mongo_url")
fi
[ "$embedded_pg" = 0 ] || args+=(--postgres "$database")

if [ -z "$mongo_url" ] || [ "$embedded_pg" = 1 ]; then
  if [ -z "$mongo_url" ]; then
    say "starting the test servers: MongoDB-protocol (in memory, loaded with the contracts), PostgreSQL 17"
  else
    say "starting embedded PostgreSQL 17$([ "$load" = 0 ] || echo ", after loading the contracts into $collection")"
  fi
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
elif [ "${#args[@]}" -gt 0 ]; then
  say "loading examples/data/contracts.jsonl into the collection $collection"
  "$java" -cp "$classpath" dev.ferry.testkit.DemoServers "${args[@]}" ||
    die "could not load the contracts (see above)"
fi

# The job's ${MONGO_URL}, ${PG_URL}, ${PG_USER}, ${PG_PASSWORD}, in a subshell: from the servers'
# env file (so the password is on no command line and no screen) or from this environment.
job_env() {
  if [ -s "$env_file" ]; then
    set -a
    # shellcheck source=/dev/null
    . "$env_file"
    set +a
  fi
  [ -z "$mongo_url" ] || export MONGO_URL="$mongo_url"
  [ -z "$servers_in" ] || exec {servers_in}>&- # only this script holds the servers' stdin
}

say "./ferry run examples/mongo-contracts.yaml"
rc=0
# In the background, so that Ctrl-C or SIGTERM reaches this script's trap at once.
(job_env && exec "$root/ferry" run "$job") &
ferry_pid=$!
wait "$ferry_pid" || rc=$?
ferry_pid=""

if [ "$rc" -le 1 ]; then
  say "rows per table in the schema $schema:"
  (job_env && exec "$java" -cp "$classpath" dev.ferry.testkit.DemoServers --count "$PG_URL" "$schema") ||
    say "could not count the rows (see above)"
else
  say "ferry run failed (exit $rc); no tables to count"
fi
exit "$rc"
