#!/usr/bin/env bash
# Peer comparison: blanko against its SimPy 3 reference model (blanko_peer.py) on
# peer-network.yaml; checks that the network fill rates agree within sampling error and
# prints the speed ratio. See bench/peers/README.md.
# Usage: bench/peers/run_peer.sh [BUILD_DIR] [REPLICATIONS] [SEED]
#        (defaults: build/bench, 200, 20250101; BUILD_DIR must hold cli/blanko)
# Needs Debian's python3-simpy3 and python3-yaml, under /usr/bin/python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! /usr/bin/python3 -c 'import simpy, yaml' 2>/dev/null; then
  echo "run_peer.sh: /usr/bin/python3 needs SimPy 3 and PyYAML: apt-get install python3-simpy3 python3-yaml" >&2
  exit 2
fi
exec /usr/bin/python3 "$here/run_peer.py" "$@"
