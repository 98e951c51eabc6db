#!/usr/bin/env bash
# Installs the Debian 12 packages rcuctx needs, only those missing.
# Usage: scripts/install-deps.sh [--kernel]   (--kernel adds linux-source-6.12 and sparse)
set -euo pipefail

pkgs=(clang-19 llvm-19-dev libclang-19-dev clang-tidy-19 llvm-19-tools
      liburcu-dev cmake ninja-build libgtest-dev libgmock-dev python3 pkg-config
      dpkg-dev file python3-yaml util-linux)   # cpack -G DEB (dpkg-shlibdeps, file), the CI-recipe and install tests
if [[ "${1:-}" == "--kernel" ]]; then
  pkgs+=(linux-source-6.12 linux-config-6.12 lld-19 sparse bc flex bison libelf-dev libssl-dev xz-utils time
         graphviz)   # renders the KVM lock-order graph (kernel/whole-program-kvm.sh)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "rcuctx: all packages present"
  exit 0
fi

echo "rcuctx: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
