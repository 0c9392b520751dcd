#!/usr/bin/env bash
# Een release-archief van loket voor Linux (x86_64):
#   dist/loket-VERSIE-x86_64-linux.tar.gz  met het programma, README.md, CHANGELOG.md, LICENSE (als
#   die er is) en de documentatie (docs/: handleiding, installatiehandleiding, configuratie, met de
#   plaatjes), en dist/SHA256SUMS met de controlegetallen.
# Het programma mag de OpenSSL van het systeem niet gebruiken (TLS gaat via rustls): als `ldd`
# libssl of libcrypto laat zien, stopt het script met een fout.
#
#   scripts/release.sh              bouwt met `cargo build --release` (een volledige build)
#   scripts/release.sh --proef      gebruikt het debug-programma dat `cargo test` al bouwde en
#                                   schrijft naar target/release-proef/ (voor CI: dezelfde
#                                   controle en hetzelfde archief, zonder tweede build)
set -euo pipefail
cd "$(dirname "$0")/.."

proef=0
case "${1:-}" in
  --proef) proef=1 ;;
  "") ;;
  *) echo "gebruik: scripts/release.sh [--proef]" >&2; exit 2 ;;
esac

versie="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
doel="${CARGO_TARGET_DIR:-target}"
if [ "$proef" = 1 ]; then
  bin="$doel/debug/loket"
  # `cargo build` here would build it again: without the dev-dependencies the features of
  # shared crates differ, so a few minutes of CI went to a second copy of the same program.
  if [ ! -x "$bin" ]; then
    cargo build --bin loket
  fi
  uit="$doel/release-proef"
else
  cargo build --release --bin loket
  bin="$doel/release/loket"
  uit="dist"
fi

# Geen OpenSSL van het systeem.
if ldd "$bin" | grep -E 'libssl|libcrypto'; then
  echo "FOUT: $bin gebruikt de OpenSSL van het systeem (zie hierboven); loket hoort rustls te gebruiken" >&2
  exit 1
fi
echo "ldd $bin: geen libssl, geen libcrypto"

naam="loket-$versie-x86_64-linux"
werk="$(mktemp -d)"
trap 'rm -rf "$werk"' EXIT
mkdir -p "$werk/$naam" "$uit"
cp "$bin" "$werk/$naam/loket"
strip "$werk/$naam/loket" 2>/dev/null || true
for f in README.md CHANGELOG.md LICENSE LICENSE.txt; do
  [ -f "$f" ] && cp "$f" "$werk/$naam/"
done
# De documentatie voor de gebruikers en de beheerder, met de plaatjes (de README linkt ernaar).
mkdir -p "$werk/$naam/docs"
cp -r docs/handleiding.md docs/installatiehandleiding.md docs/configuratie.md docs/plaatjes "$werk/$naam/docs/"
(cd "$werk/$naam" && sha256sum loket > SHA256SUMS)
tar -C "$werk" --owner=0 --group=0 --sort=name -czf "$uit/$naam.tar.gz" "$naam"
(cd "$uit" && sha256sum "$naam.tar.gz" > SHA256SUMS && cat SHA256SUMS)
echo "klaar: $uit/$naam.tar.gz"
