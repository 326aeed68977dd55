#!/usr/bin/env bash
# The import benchmark of issue 5: installs the sqlite3 shell when missing (the
# benchmark compares Backbone's import with the shell's .import of the same file in the
# same run), then runs it. Prints both rates, their ratio and the peak memory of one import.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "bench-import: installing sqlite3"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends sqlite3
fi
exec cargo bench -p backbone --bench import "$@"
