#!/usr/bin/env bash
# The extension built from this checkout in real VS Code (code-server 4.100.3, VS Code 1.100.3),
# with the `ward-lsp` and `ward` built from it, driven by editor.mjs in headless Chromium on
# 127.0.0.1. Run by tests/run after editors/vscode/scripts/test.sh has built ward.vsix.
# code-server is installed once into WARD_TEST_CACHE (default ~/.cache/ward-tests) and
# reused; screenshots, results and VS Code's logs go to target/vscode-e2e.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$PWD
cache=${WARD_TEST_CACHE:-$HOME/.cache/ward-tests}
cs=$cache/code-server
vsix=editors/vscode/ward.vsix
[ -f "$vsix" ] || { echo "dev.sh: $vsix is missing; run editors/vscode/scripts/test.sh first" >&2; exit 1; }
if [ ! -x "$cs/node_modules/.bin/code-server" ]; then
  echo "-- installing code-server 4.100.3 into $cs (once)"
  # On a fresh machine the cache directory does not exist yet; the log goes beside the install.
  mkdir -p "$cache"
  bash editors/vscode/e2e/install-code-server.sh "$cs" >"$cache/code-server-install.log" 2>&1 \
    || { tail -20 "$cache/code-server-install.log" >&2; exit 1; }
fi
(cd editors/vscode/e2e && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; })
cargo build --quiet --locked -p ward-cli -p ward-lsp
bin=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug
out=$root/target/vscode-e2e
rm -rf "$out"; mkdir -p "$out"
# A copy of the example policies, so the edits the test makes touch nothing here.
ws=$(mktemp -d)/policies
cp -r policies "$ws"
trap 'rm -rf "$(dirname "$ws")"' EXIT
settings="\"ward.server.path\": \"$bin/ward-lsp\", \"ward.cli.path\": \"$bin/ward\""
if SETTINGS=$settings PORT=${PORT:-18081} SHOT_DIR=$out LOG_DIR=$out/logs \
  editors/vscode/e2e/run.sh "$cs" "$root/$vsix" "$ws" editor.mjs >"$out/run.out" 2>&1; then
  grep -E '^check_' "$out/run.out"
  echo "ok: the extension in VS Code (screenshots in target/vscode-e2e)"
else
  cat "$out/run.out" | cut -c1-600 | tail -n 60 >&2
  echo "VS Code end-to-end test failed (screenshots and logs in target/vscode-e2e)" >&2
  exit 1
fi
