#!/usr/bin/env bash
# Fresh machine to first result: installs dependencies, builds, and runs the platform on its
# built-in default configuration (the paper's drive). Arguments go to optimstore-vp.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/install-deps.sh"
bash "$root/scripts/build.sh"
exec "${BUILD_DIR:-$root/build}/platform/optimstore-vp" "$@"
