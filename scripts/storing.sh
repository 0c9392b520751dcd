#!/bin/sh
# The fault harness of issue 18, on both stores: STORING_PROEVEN trials each (300 by default).
# Embedded store: a desk's work killed with SIGKILL at a random moment, abruptly at a named write
# point, or after its small file system filled up (root: a tmpfs of its own).
# PostgreSQL (a cluster of its own): three desks racing for the same times, ended by kill -9, by a
# server crash (pg_ctl stop -m immediate) or at a named write point of the handoff.
# After each trial the store is checked from what it holds. Prints trials, violations, data lost.
#   scripts/storing.sh                  # both, 300 trials each
#   STORING_PROEVEN=50 scripts/storing.sh
#   scripts/storing.sh pg               # only PostgreSQL (sled: only the embedded store)
set -eu
cd "$(dirname "$0")/.."
export STORING_PROEVEN="${STORING_PROEVEN:-300}"
case "${1:-beide}" in
  sled) cargo test --test storing -- --ignored --exact storing_lang --nocapture ;;
  pg) cargo test --test storing_pg -- --ignored --exact storing_pg_lang --nocapture ;;
  *)
    cargo test --test storing -- --ignored --exact storing_lang --nocapture
    cargo test --test storing_pg -- --ignored --exact storing_pg_lang --nocapture
    ;;
esac
