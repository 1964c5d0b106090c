#!/usr/bin/env bash
# The VS Code extension's tests and packaging, as the project's test command runs them: install
# the npm packages from the lockfile, type-check and unit-test the client, run the grammar's
# assertion and snapshot tests, bundle the client and build ward.vsix. Works offline once
# the npm cache is warm, and on a fresh machine with access to the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "-- type check"
npm run --silent check
echo "-- unit tests (program lookup, case commands)"
npm run --silent test:unit
echo "-- grammar assertions"
npm run --silent test:grammar
echo "-- grammar snapshots"
npm run --silent test:snap
echo "-- bundle and package"
npm run --silent build
rm -f ward.vsix
npm run --silent package
# The package must carry the bundled client, the grammar, the snippets and the case schema,
# and no sources.
listing="$(if command -v unzip >/dev/null; then unzip -l ward.vsix; else python3 -m zipfile -l ward.vsix; fi)"
for f in extension/dist/extension.js extension/syntaxes/ward.tmLanguage.json extension/snippets/ward.json extension/language-configuration.json extension/schemas/case.schema.json; do
  grep -q "$f" <<<"$listing" || { echo "ward.vsix lacks $f" >&2; exit 1; }
done
if grep -qE "extension/(src|node_modules|tests)/" <<<"$listing"; then
  echo "ward.vsix carries sources or node_modules" >&2
  exit 1
fi
echo "ok: ward.vsix built ($(wc -c < ward.vsix) bytes)"
