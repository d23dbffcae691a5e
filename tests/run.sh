#!/usr/bin/env bash
# The project's one test command (README and .ci/run call exactly this). It restores, builds and runs every
# test project, then prints one closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

# A real PostgreSQL server on loopback for the study-storage tests (installed from Debian if missing).
if [ -z "${MLPIPELINE_TEST_POSTGRES:-}" ]; then eval "$(bash tests/ci-postgres.sh)"; fi
# Headless Chromium renders the HTML report in its test.
bash tests/ci-chromium.sh
# Debian's python3-onnx and onnxruntime-node check every exported model from outside .NET.
bash tests/ci-onnx-tools.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# One test project at a time (-m:1): the CLI tests time real runs against their budgets, and the two projects side by
# side on two cores starved them.
dotnet test MlPipeline.sln --configuration Release -m:1 2>&1 | tee "$log" || status=$?

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
