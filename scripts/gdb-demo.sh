#!/usr/bin/env bash
# Firmware debugging walk-through (README "Debugging the firmware") in batch mode: builds the
# platform into BUILD_DIR (default: build; every build type carries the firmware's debug
# information), runs it under gdb on configs/small.json in block mode, stops in
# osvp::fw::host_interface::dispatch at the first I/O command, prints the simulated time, the
# command, die 0 of channel 0, the flash interface controller of channel 0 and the firmware
# state, and continues to the end.
# Extra arguments go to optimstore-vp, e.g. --total-bytes "64 KiB".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
BUILD_DIR="$build_dir" bash "$root/scripts/build.sh"
exec gdb -batch -nx \
    -ex 'set breakpoint pending on' \
    -ex 'break osvp::fw::host_interface::dispatch if fetched.sqid != 0' \
    -ex 'run' \
    -ex 'call osvp_time()' \
    -ex 'call osvp_command(&fetched)' \
    -ex 'print fetched.sqe' \
    -ex 'call osvp_die(0, 0)' \
    -ex 'call osvp_channel(0)' \
    -ex 'call osvp_firmware()' \
    -ex 'delete' \
    -ex 'continue' \
    --args "$build_dir/platform/optimstore-vp" -c "$root/configs/small.json" \
    --mode block --request-size "64 KiB" --total-bytes "1 MiB" --quiet "$@"
