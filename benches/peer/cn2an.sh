#!/usr/bin/env bash
# The peer: cn2an (https://github.com/Ailln/cn2an), a Python library that finds Chinese
# numerals in text and rewrites them as Arabic ones. Times `cn2an.transform(text, "cn2an")` on
# the same files minsheng reads, single-threaded, in MB/s of input bytes (decoding excluded),
# so docs/BENCHMARKS.md can put the two side by side. A far smaller job than minsheng's
# extract (no units, subjects, years or status), so the ratio flatters cn2an if anything.
#
# Usage: benches/peer/cn2an.sh DIR [MAX_MB]   (files *.txt under DIR, at most MAX_MB of them)
# Env:   PEER_VENV  virtualenv to install cn2an into (default /tmp/minsheng-peer-venv)
set -euo pipefail
dir="${1:?usage: cn2an.sh DIR [MAX_MB]}"
max_mb="${2:-0}"
venv="${PEER_VENV:-/tmp/minsheng-peer-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import cn2an" 2>/dev/null; then
  "$venv/bin/pip" install --quiet cn2an
fi
exec "$venv/bin/python" "$(dirname "$0")/cn2an_bench.py" "$dir" "$max_mb"
