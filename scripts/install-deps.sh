#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the evaluation need (as root, or with sudo).
set -euo pipefail
packages=(cmake g++ make pkg-config libsystemc-dev nlohmann-json3-dev libboost-program-options-dev
          libgtest-dev gdb time python3 python3-matplotlib)
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
