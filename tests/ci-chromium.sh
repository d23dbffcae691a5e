#!/usr/bin/env bash
# Installs Debian's Chromium for the report-rendering test if it is missing. Idempotent.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  echo "ci-chromium: installing chromium" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
fi
