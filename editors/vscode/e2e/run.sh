#!/usr/bin/env bash
# Installs a .vsix into code-server (real VS Code 1.100.3), starts it on 127.0.0.1 with a PATH
# that holds no `ward-lsp` or `ward` and no Ward settings, drives it with puppeteer-core and
# Debian's chromium (SCRIPT), stops it and keeps VS Code's logs. Used by .ci/release-check
# (the release's bundled programs) and dev.sh (the programs built from this checkout).
# Usage: run.sh CODE_SERVER_DIR VSIX WORKSPACE_DIR SCRIPT
#   env: PORT (18080), SHOT_DIR (screenshots and results), LOG_DIR (VS Code's logs),
#        SETTINGS (more user settings, as `"key": value, …`; e.g. the programs to use)
set -euo pipefail
CS=$1 VSIX=$2 WS=$3 SCRIPT=$4
E2E=$(cd "$(dirname "$0")" && pwd)
PORT=${PORT:-18080}
SHOT_DIR=${SHOT_DIR:-$PWD}; LOG_DIR=${LOG_DIR:-$SHOT_DIR/logs}
TMP=$(mktemp -d)
mkdir -p "$TMP/data/User" "$TMP/ext" "$SHOT_DIR" "$LOG_DIR"
# No ward.server.path or ward.cli.path: the extension must find its own.
cat > "$TMP/data/User/settings.json" <<JSON
{ "workbench.startupEditor": "none", "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off", "extensions.autoCheckUpdates": false, "update.mode": "none",
  "workbench.tips.enabled": false, "files.autoSave": "off", "chat.commandCenter.enabled": false,
  ${SETTINGS:+$SETTINGS,} "workbench.colorTheme": "Default Dark Modern" }
JSON
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$TMP/config.yaml"
FLAGS=(--config "$TMP/config.yaml" --user-data-dir "$TMP/data" --extensions-dir "$TMP/ext")
# A PATH with node and the system's programs only.
CLEAN_PATH="$(dirname "$(command -v node)"):/usr/bin:/bin"
for p in ward-lsp ward; do
  if PATH=$CLEAN_PATH command -v "$p" >/dev/null; then
    echo "run.sh: $p is on the clean PATH ($(PATH=$CLEAN_PATH command -v "$p")); the check needs it absent" >&2
    exit 1
  fi
done
env PATH="$CLEAN_PATH" XDG_CONFIG_HOME="$TMP/xdg" "$CS/node_modules/.bin/code-server" "${FLAGS[@]}" --install-extension "$VSIX"
env PATH="$CLEAN_PATH" XDG_CONFIG_HOME="$TMP/xdg" "$CS/node_modules/.bin/code-server" "${FLAGS[@]}" --disable-telemetry \
  --disable-update-check --disable-workspace-trust "$WS" > "$TMP/code-server.log" 2>&1 &
CS_PID=$!
cleanup() {
  kill "$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true
  cp -r "$TMP/data/logs" "$LOG_DIR/" 2>/dev/null || true; cp "$TMP/code-server.log" "$LOG_DIR/" || true
  rm -rf "$TMP"
}
trap cleanup EXIT
for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.5; done
(cd "$E2E" && CS_URL="http://127.0.0.1:$PORT/?folder=$WS" WS="$WS" SHOT_DIR="$SHOT_DIR" EXT_DIR="$TMP/ext" \
  timeout 420 node "$SCRIPT")
