#!/usr/bin/env bash
# `npm test`: the type check, then every suite, in order — unit; db and api on the embedded database; db and api again on a
# PostgreSQL + PostGIS server; the browser test in Debian's Chromium against the built app. Installs what is
# missing when it can (root with apt: PostGIS, Chromium, CJK fonts, poppler). Set ZD_TEST_SERVER=0 to skip the
# server database on a machine without one. Ends with the line "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/*.json
status=0
can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }

run() { # run NAME [ENV=…] -- vitest args
  local name=$1; shift
  echo "=== $name"
  if ! env "$@" --reporter=default --reporter=json --outputFile.json="$PWD/test-results/$name.json"; then status=1; fi
}

echo "=== typecheck"
npx tsc -p tsconfig.json || { echo "type errors"; status=1; }
run unit npx vitest run --project unit
# The PDF report test (api) renders pages with poppler's pdftoppm and sets text in Noto Sans CJK.
if { ! command -v pdftoppm >/dev/null || [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; } && can_install; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils fonts-noto-cjk >/dev/null
fi
run embedded ZD_TEST_DB=embedded npx vitest run --project db --project api

if [ "${ZD_TEST_SERVER:-1}" != 0 ]; then
  if [ -z "${DATABASE_URL:-}" ]; then
    if command -v pg_lsclusters >/dev/null || can_install; then
      DATABASE_URL=$(bash tests/setup-postgres.sh) || { echo "could not prepare a PostgreSQL server"; status=1; }
    else
      echo "no PostgreSQL here and no way to install it: set DATABASE_URL, or ZD_TEST_SERVER=0 to skip"; status=1
    fi
  fi
  if [ -n "${DATABASE_URL:-}" ]; then run server ZD_TEST_DB=server DATABASE_URL="$DATABASE_URL" npx vitest run --project db --project api; fi
fi

chromium=${ZD_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ] && can_install; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
if npx vite build --logLevel warn; then
  run e2e ZD_CHROMIUM="$chromium" npx vitest run --project e2e
else
  echo "the client did not build"; status=1
fi

node -e '
  const fs = require("fs"); let passed = 0, failed = 0
  for (const f of fs.readdirSync("test-results").filter((f) => f.endsWith(".json"))) {
    const r = JSON.parse(fs.readFileSync("test-results/" + f, "utf8"))
    passed += r.numPassedTests; failed += r.numFailedTests + (r.numFailedTestSuites || 0)
  }
  console.log(`${passed} passed, ${failed} failed`)
  if (passed === 0) process.exit(1)
' || status=1
exit $status
