#!/usr/bin/env bash
# De plaatjes van de handleiding (docs/plaatjes/*.svg) opnieuw tekenen uit de snapshots van de
# echte schermen (tests/snapshots/*.snap). Welke snapshots: PLAATJES in tests/plaatjes.rs.
# Zonder dit script faalt `cargo test --test plaatjes` zodra een scherm verandert, zodat de
# plaatjes in de handleiding nooit een ander scherm tonen dan loket.
#
#   scripts/plaatjes.sh            eerst de snapshots (insta), dan de plaatjes
set -euo pipefail
cd "$(dirname "$0")/.."
LOKET_PLAATJES_MAKEN=1 cargo test --test plaatjes the_pictures_of_the_handleiding -- --quiet
cargo test --test plaatjes -- --quiet
git status --short docs/plaatjes
