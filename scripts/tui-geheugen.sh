#!/usr/bin/env bash
# Peak memory of the TUI on a generated map (issue 9), as a desk worker uses it.
#
# Uses the maps of scripts/vergelijk-fzf.sh (WORK, default /tmp/loket-vergelijk; made here with
# `loket genereer N --seed 1` when missing, and their search snapshot with one `loket zoek`).
# Starts the release binary in tmux (120x40, fresh HOME), types a query letter by letter, waits
# for the results, walks 40 rows down (each row's details shown) and sets a filter (wet), then
# reads the process's peak resident set (VmHWM: the mapped snapshot pages it touched count).
# RUNS times per size; prints every figure and the median.
#
#   cargo build --release && scripts/tui-geheugen.sh
#   SIZES=100000 RUNS=3 scripts/tui-geheugen.sh
set -euo pipefail

LOKET=$(realpath "${LOKET:-target/release/loket}")
WORK=${WORK:-/tmp/loket-vergelijk}
SIZES=${SIZES:-"100000 1000000"}
RUNS=${RUNS:-3}
SOCK=$WORK/tmux.sock

[ -x "$LOKET" ] || { echo "$LOKET ontbreekt: cargo build --release" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tmux ontbreekt: apt-get install tmux" >&2; exit 2; }
mkdir -p "$WORK"
t() { tmux -S "$SOCK" "$@"; }
wait_for() { # text, seconds
    for _ in $(seq 1 $(($2 * 10))); do
        t capture-pane -p -J -t geheugen | grep -q -- "$1" && return 0
        sleep 0.1
    done
    echo "niet gezien: $1" >&2
    t capture-pane -p -t geheugen >&2
    return 1
}

for n in $SIZES; do
    dir="$WORK/kaart-$n"
    if [ ! -f "$dir/.klaar" ]; then
        rm -rf "$dir"
        echo "== genereer $n"
        "$LOKET" --data-dir "$dir" genereer "$n" --seed 1
        touch "$dir/.klaar"
    fi
    "$LOKET" --data-dir "$dir" zoek dagbest >/dev/null # the snapshot is current
    peaks=()
    for run in $(seq 1 "$RUNS"); do
        home=$(mktemp -d)
        t kill-server 2>/dev/null || true
        t new-session -d -s geheugen -x 120 -y 40 "exec env HOME=$home $LOKET --data-dir $dir"
        wait_for "Uw naam" 20
        t send-keys -t geheugen "Proef" Enter
        wait_for "Resultaten" 30
        for c in d a g b e s t; do
            t send-keys -t geheugen "$c"
            sleep 0.05
        done
        wait_for "Dagbesteding" 30
        for _ in $(seq 1 40); do
            t send-keys -t geheugen Down
            sleep 0.02
        done
        t send-keys -t geheugen M-w # filter wet (alt-w)
        sleep 0.3
        t send-keys -t geheugen Enter
        sleep 0.5
        pid=$(t list-panes -t geheugen -F '#{pane_pid}')
        peak=$(awk '/^VmHWM:/ {print int($2 / 1024)}' "/proc/$pid/status")
        t kill-server 2>/dev/null || true
        rm -rf "$home"
        echo "$n run $run: piek ${peak} MiB"
        peaks+=("$peak")
    done
    med=$(printf "%s\n" "${peaks[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "== $n voorzieningen: TUI-piek mediaan ${med} MiB (${peaks[*]})"
done
