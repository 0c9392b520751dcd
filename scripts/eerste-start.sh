#!/usr/bin/env bash
# The TUI's start on a data directory, timed and its memory read: until a typed search shows
# "Dagbesteding" (the catalog's details), then the resident memory 5 and 15 s later (anon and
# file pages), quit with ctrl-q, and the peak from /usr/bin/time -v.
#
#   scripts/eerste-start.sh DATA_DIR eerste   # without a snapshot: rm DATA_DIR/zoekindex.bin first
#   scripts/eerste-start.sh DATA_DIR actueel  # as it is (a current or a stale snapshot)
#
# LOKET (default target/release/loket) picks the binary. The map: `loket --data-dir DATA_DIR
# genereer 1000000`.
set -euo pipefail

BIN=$(realpath "${LOKET:-target/release/loket}")
D=$(realpath "$1")
MODE=${2:-eerste}
WORK=$(mktemp -d)
S=$WORK/tmux.sock
SES=eerste
t() { tmux -S "$S" "$@"; }
wait_for() { # text, seconds
    for _ in $(seq 1 $(($2 * 10))); do
        t capture-pane -p -J -t $SES | grep -q -- "$1" && return 0
        sleep 0.1
    done
    echo "niet gezien: $1" >&2
    t capture-pane -p -t $SES >&2
    return 1
}
status() { awk -v k="$1:" '$1 == k {print int($2 / 1024)}' "/proc/$pid/status"; }

[ -x "$BIN" ] || { echo "$BIN ontbreekt: cargo build --release" >&2; exit 2; }
[ "$MODE" = eerste ] && rm -f "$D/zoekindex.bin"
t0=$(date +%s.%N)
t new-session -d -s $SES -x 120 -y 40 \
    "env HOME=$WORK XDG_DATA_HOME=$WORK/.local/share /usr/bin/time -v $BIN --data-dir $D 2> $WORK/time"
wait_for "Uw naam" 60
t send-keys -t $SES "Proef" Enter
for c in d a g b e s t; do
    t send-keys -t $SES "$c"
    sleep 0.05
done
wait_for "Dagbesteding" 600
t1=$(date +%s.%N)
pid=$(pgrep -n -f "^$BIN --data-dir $D")
sleep 5
rss5=$(status VmRSS)
sleep 10
rss15=$(status VmRSS)
anon=$(status RssAnon)
file=$(status RssFile)
t send-keys -t $SES C-q
sleep 1
t capture-pane -p -J -t $SES 2>/dev/null | grep -q "Toch afsluiten" && t send-keys -t $SES j
for _ in $(seq 1 100); do
    grep -q "Exit status" "$WORK/time" 2>/dev/null && break
    sleep 0.2
done
t kill-server 2>/dev/null || true
piek=$(awk -F': ' '/Maximum resident/ {print int($2 / 1024)}' "$WORK/time")
rm -rf "$WORK"
echo "$MODE: doorzoekbaar na $(echo "$t1 - $t0" | bc) s; RSS na 5 s ${rss5} MiB, na 15 s ${rss15} MiB (anon ${anon}, bestand ${file}); piek ${piek} MiB; belasting $(cut -d' ' -f1-3 /proc/loadavg)"
