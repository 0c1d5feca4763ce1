#!/ usr / bin / env bash
#Firmware debugging walkthrough(README "Debugging the firmware") : builds a Debug platform in
#BUILD_DIR(default build - debug), then runs it under gdb on configs / small.json in block mode,
#stops in osvp::fw::host_interface::dispatch at the first I / O command, prints the simulated time,
#the command, die 0 of channel 0 and the firmware state, and continues to the end.
#Extra arguments go to optimstore - vp, e.g.--mode optimstore.
set - euo pipefail root =
    "$(cd " $(dirname "$0") /.." && pwd)" build_dir = "${BUILD_DIR:-$root/build-debug}" BUILD_DIR =
        "$build_dir" BUILD_TYPE =
            Debug bash "$root/scripts/build.sh" exec gdb - batch - nx -
            ex 'set breakpoint pending on' -
            ex 'break osvp::fw::host_interface::dispatch if fetched.sqid != 0' - ex 'run' -
            ex 'call osvp_time()' - ex 'print fetched.sqe' - ex 'call osvp_command(&fetched)' -
            ex 'call osvp_die(0, 0)' - ex 'call osvp_firmware()' - ex 'delete' -
            ex 'continue' --args "$build_dir/platform/optimstore-vp" -
            c "$root/configs/small.json" --mode block-- total - bytes "1 MiB" --quiet "$@"
