#!/bin/sh
# The fault harness of issue 18 on the embedded store: STORING_PROEVEN trials (300 by default),
# each a desk's work killed with SIGKILL at a random moment, abruptly at a named write point,
# or after its small file system filled up (root: a tmpfs of its own),
# then the store checked from what it holds. Prints trials, violations and data lost.
#   scripts/storing.sh            # 300 trials
#   STORING_PROEVEN=50 scripts/storing.sh
set -eu
cd "$(dirname "$0")/.."
export STORING_PROEVEN="${STORING_PROEVEN:-300}"
exec cargo test --test storing -- --ignored --exact storing_lang --nocapture
