#!/usr/bin/env bash
# `npm test`: every check and suite — the type check, unit, the client build, db and api on the embedded database
# and again on a PostgreSQL + PostGIS server, then the browser tests in Debian's Chromium against the built app.
# Installs what is missing when it can (root with apt: PostGIS, Chromium, CJK fonts, poppler). Set ZD_TEST_SERVER=0
# to skip the server database on a machine without one. Ends with the failed tests, one a line, and "N passed, M failed".
#
# Order and overlap (CI time): steps joined by ∥ run at the same time, each writing to test-results/<step>.log, and
# their logs are printed in full, in a fixed order, when both have ended; the others print as they go.
#   1. typecheck ∥ build (tsc keeps one core busy), then unit alone (it holds timing assertions) — the build comes
#      before the db/api suites because an api test reads the built portal;
#   2. embedded ∥ server — each suite runs its files one after another on its own database (one Node process for
#      PGlite; Node plus PostgreSQL for the server), so the two together keep two cores busy;
#   2b. faults (tests/faults/) from the end of the server suite, beside the embedded suite's last minutes; then replica,
#       when PostgreSQL is installed (a primary and a hot standby of its own);
#   3. e2e alone: Chromium's software rendering takes every core, and its waits have timeouts.
# ZD_TEST_PARALLEL=0 runs every step one after another, printing as it goes.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/*.json test-results/*.exit test-results/*.log
status=0
parallel=${ZD_TEST_PARALLEL:-1}
can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }

# Installs first, so that no step's output interleaves with apt's.
# The PDF tests (api) render pages with poppler's pdftoppm and set text in Noto Sans CJK.
if { ! command -v pdftoppm >/dev/null || [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; } && can_install; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils fonts-noto-cjk >/dev/null
fi
chromium=${ZD_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ] && can_install; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
server_db=0
if [ "${ZD_TEST_SERVER:-1}" != 0 ]; then
  if [ -z "${DATABASE_URL:-}" ]; then
    if command -v pg_lsclusters >/dev/null || can_install; then
      DATABASE_URL=$(bash tests/setup-postgres.sh) || { echo "could not prepare a PostgreSQL server"; status=1; }
    else
      echo "no PostgreSQL here and no way to install it: set DATABASE_URL, or ZD_TEST_SERVER=0 to skip"; status=1
    fi
  fi
  [ -n "${DATABASE_URL:-}" ] && server_db=1
fi
# The server suite's app logs in as zd_app itself (README "Database roles"; tests/db/grants.test.ts fails without it):
# unless DATABASE_APP_URL is set, DATABASE_URL's host, port and database with the login tests/setup-postgres.sh gives
# zd_app.
if [ "$server_db" = 1 ] && [ -z "${DATABASE_APP_URL:-}" ]; then
  DATABASE_APP_URL=$(node -e 'const u = new URL(process.argv[1]); u.username = "zd_app"; u.password = "zhengdi-app-test"; console.log(u.href)' "$DATABASE_URL")
fi

suite() { # suite NAME [ENV=…] npx vitest …: runs vitest with its JSON report in test-results/NAME.json, its exit status in NAME.exit
  local name=$1 r; shift
  env "$@" --reporter=default --reporter=json --outputFile.json="$PWD/test-results/$name.json"
  r=$?
  echo "$r" >"test-results/$name.exit"
  return $r
}
timed() { # timed command…: runs it, then says how long it took
  local t0=$SECONDS r
  "$@"
  r=$?
  echo "--- $((SECONDS - t0)) s, exit $r"
  return $r
}

declare -A pid=() rc=()
start() { # start NAME command…: in the background, output to test-results/NAME.log (in the foreground if not parallel)
  local name=$1; shift
  if [ "$parallel" = 1 ]; then
    echo "=== $name: started (its output follows when it ends)"
    timed "$@" >"test-results/$name.log" 2>&1 &
    pid[$name]=$!
  else
    echo "=== $name"
    timed "$@" 2>&1 | tee "test-results/$name.log"
    rc[$name]=${PIPESTATUS[0]}
  fi
}
finish() { # finish NAME: waits for it, prints its log (when it ran in the background) and returns its status
  local name=$1
  if [ "$parallel" = 1 ]; then
    wait "${pid[$name]}"
    rc[$name]=$?
    echo "=== $name"
    cat "test-results/$name.log"
  fi
  return "${rc[$name]}"
}

start typecheck npx tsc -p tsconfig.json
start build npx vite build --logLevel warn
finish typecheck || { echo "type errors"; status=1; }
built=1
finish build || { echo "the client did not build"; status=1; built=0; }

# The production dependencies against the registry's advisories (tests/lint/npm-audit.sh): fails on a high or
# critical one; reports and passes when the advisory service cannot be reached. A few seconds.
echo "=== audit:deps"
timed bash tests/lint/npm-audit.sh || status=1

echo "=== unit"
timed suite unit npx vitest run --project unit || status=1

# The request-edge files test what happens before SQL (zod issues, body limits, headers, the route table's rules):
# the same code on either database, so with a server they run once, in the server suite (CI time, about 50 s).
edge_files=(tests/api/authorization-matrix.test.ts tests/api/hostile-requests.test.ts tests/api/security-headers.test.ts
  tests/api/mass-assignment.test.ts tests/api/schema-issues.test.ts)
embedded_excludes=()
if [ "$server_db" = 1 ]; then for f in "${edge_files[@]}"; do embedded_excludes+=(--exclude "$f"); done; fi
start embedded suite embedded ZD_TEST_DB=embedded npx vitest run --project db --project api "${embedded_excludes[@]}"
if [ "$server_db" = 1 ]; then start server suite server ZD_TEST_DB=server DATABASE_URL="$DATABASE_URL" DATABASE_APP_URL="$DATABASE_APP_URL" npx vitest run --project db --project api; fi
if [ "$server_db" = 1 ]; then finish server || status=1; fi

# The infrastructure faults (tests/faults/): the server process on a private cluster of its own that the tests stop,
# restart, fill up and kill the server over, and the embedded database under a killed server; their clusters and
# ports are their own. Started as soon as the server suite ends, so that it shares the cores with the embedded
# suite's last minutes (the embedded suite is the longer one). Without PostgreSQL only the embedded half runs.
# ZD_TEST_FAULTS=0 skips it.
faults=0
if [ "${ZD_TEST_FAULTS:-1}" != 0 ]; then faults=1; start faults suite faults npx vitest run --project faults; fi
finish embedded || status=1

# The read replica (tests/replica/): a primary and a hot standby as two private clusters in a temp folder. Only
# where PostgreSQL with PostGIS is installed (the server suite's setup installs it); ZD_TEST_REPLICA=0 skips it.
pg_major=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)
if [ "${ZD_TEST_REPLICA:-1}" != 0 ] && [ -n "$pg_major" ] && [ -x "/usr/lib/postgresql/$pg_major/bin/initdb" ] &&
  [ -e "/usr/share/postgresql/$pg_major/extension/postgis.control" ]; then
  echo "=== replica"
  timed suite replica npx vitest run --project replica || status=1
fi
if [ "$faults" = 1 ]; then finish faults || status=1; fi

if [ "$built" = 1 ]; then
  echo "=== e2e"
  timed suite e2e ZD_CHROMIUM="$chromium" npx vitest run --project e2e || status=1
fi

echo "=== the run took $SECONDS s"
# Each failed test as "suite: file > title: first line", then "N passed, M failed" (tests/run-summary.ts).
npx tsx tests/run-summary.ts test-results || status=1
exit $status
