#!/usr/bin/env bash
# Installs the Debian packages blanko needs to build, test and benchmark, and nothing else.
# Safe to run again: it installs only what is missing and calls `apt-get update` at most
# once, only when something is missing. Uses sudo when not run as root.
set -euo pipefail

packages=(
  build-essential
  cmake
  python3
  libboost-graph-dev
  libboost-random-dev
  libeigen3-dev
  libyaml-cpp-dev
  libfmt-dev
  nlohmann-json3-dev
  libcli11-dev
  libtbb-dev
  libssl-dev
  libgtest-dev
  libgmock-dev
  libbenchmark-dev
  libopenmpi-dev
  openmpi-bin
  python3-yaml
  python3-pandas
  python3-simpy3
  # The Python package (python/) and its tests, notebooks and plots.
  python3-dev
  pybind11-dev
  python3-pybind11
  python3-numpy
  python3-matplotlib
  python3-pytest
  python3-nbclient
  python3-nbformat
  python3-ipykernel
  python3-tqdm
)

missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "${package}" 2>/dev/null || true)"
  if [[ "${status}" != "install ok installed" ]]; then
    missing+=("${package}")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: all dependencies present" >&2
  exit 0
fi

sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "setup: not root and sudo is not installed; install as root: ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
echo "setup: missing: ${missing[*]}" >&2
echo "setup: apt-get update" >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >&2
echo "setup: apt-get install ${missing[*]}" >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >&2
echo "setup: done" >&2
