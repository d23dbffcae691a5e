#!/usr/bin/env bash
# Installs the external ONNX checkers the tests use, if missing: Debian's python3-onnx (onnx 1.12: checker and
# strict shape inference) and onnxruntime-node (a second runtime binding) in tests/onnx-node. Idempotent.
set -euo pipefail
cd "$(dirname "$0")"
if ! /usr/bin/python3 -c "import onnx" >/dev/null 2>&1; then
  echo "ci-onnx-tools: installing python3-onnx" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq python3-onnx >&2
fi
if [ ! -d onnx-node/node_modules/onnxruntime-node ]; then
  echo "ci-onnx-tools: installing onnxruntime-node" >&2
  # Its install script would only fetch optional CUDA files.
  (cd onnx-node && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund >&2)
fi
