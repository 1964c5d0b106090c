#!/usr/bin/env bash
# The HTML reports in a real browser: generate them for every example case (and one
# `ward explain` page per outcome, and pages of the `ward doc` site), then open each in Debian's headless Chromium with axe-core
# (WCAG 2.1 AA), checking internal links and printing; screenshots go to
# target/browser-artifacts/; then the web interview of `ward serve` (interview.mjs). Installs what it needs: the npm packages from the lockfile, and
# Chromium with apt-get when it is missing and we are root (as in CI). It never skips.
set -euo pipefail
cd "$(dirname "$0")/../.."

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "-- installing chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "error: $chromium is missing; install Debian's chromium (apt-get install chromium) or set CHROMIUM" >&2
    exit 1
  fi
fi

(
  cd tests/browser
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
)

out=target/browser-artifacts
rm -rf "$out"
mkdir -p "$out"
cargo build --quiet --locked -p ward-cli
ward="${CARGO_TARGET_DIR:-target}/debug/ward"
as_of=2026-11-22
for case in policies/cases/*.yaml policies/cases/*.json; do
  stem="$(basename "${case%.*}")"
  "$ward" eval "$case" --as-of "$as_of" --format html > "$out/$stem.html"
done
# With --all (the duties that do not apply, and why), on the worked example.
"$ward" eval policies/cases/english-trust-ai-imaging-pilot.yaml --as-of "$as_of" --all --format html > "$out/all-english-trust-ai-imaging-pilot.html"
# One explanation that applies and one that does not, on the worked example.
pilot=policies/cases/english-trust-ai-imaging-pilot.yaml
for id in controller-processor-contract ai-drift-bias-monitoring; do
  "$ward" explain "$pilot" "$id" --as-of "$as_of" --format html > "$out/explain-$id.html"
done
# An undetermined one, on the case that leaves most facts out.
"$ward" explain policies/cases/gp-practice-digital-triage-unknowns.yaml controller-processor-contract --as-of "$as_of" --format html > "$out/explain-gp-controller-processor-contract.html"

node tests/browser/check.mjs "$out"

# The reference site of `ward doc`: the index (with its search) and a page of each kind.
"$ward" doc policies/trust -o "$out/doc" >/dev/null
node tests/browser/check.mjs "$out/doc" index.html obligation/dpia.html fact/organisation.html module/nhs.adopters.data.step_2_dpia.html

# The web interview of `ward serve`: an example case answered step by step in the browser,
# with and without JavaScript, axe-core on every page, the record checked against `ward eval`.
node tests/browser/interview.mjs "$ward" "$out/interview"
