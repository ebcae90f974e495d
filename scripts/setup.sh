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
  # The asan preset: clang with its sanitizer runtimes and libFuzzer (fuzz/).
  clang-14
  libclang-rt-14-dev
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
  # The HTML report's browser tests (headless Chromium, driven by playwright-core from npm).
  chromium
)

missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "${package}" 2>/dev/null || true)"
  if [[ "${status}" != "install ok installed" ]]; then
    missing+=("${package}")
  fi
done

# The report's chart library (Apache ECharts) and the browser-test driver come from npm,
# pinned by report/package-lock.json; the build embeds them into the library.
install_npm_packages() {
  local report_dir
  report_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../report" && pwd)"
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: npm is missing (Node.js 18 or later with npm is needed for report/)" >&2
    exit 1
  fi
  local installed="${report_dir}/node_modules/.package-lock.json"
  if [[ -f "${installed}" && "${installed}" -nt "${report_dir}/package-lock.json" ]]; then
    echo "setup: report/node_modules up to date" >&2
    return
  fi
  echo "setup: npm ci in report/" >&2
  (cd "${report_dir}" && npm ci --no-audit --no-fund --loglevel=error >&2)
}

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: all dependencies present" >&2
  install_npm_packages
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
install_npm_packages
echo "setup: done" >&2
