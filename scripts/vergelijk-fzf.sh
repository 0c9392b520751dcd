#!/usr/bin/env bash
# Compare `loket zoek` with `fzf --filter` on the same records (issue 9).
#
# Builds the synthetic maps of 100,000 and 1,000,000 voorzieningen with `loket genereer`
# (seed 1, the same maps every time), prints every record as one line of the five fields loket
# searches (`loket regels`: naam | categorie en trefwoorden | plaats en organisatie | doelgroep,
# wet en taxonomie | beschrijving, the text the search index gets) for fzf, and times both
# whole processes
# over the same five queries, RUNS times each (page cache warm: one untimed run first).
# Prints per query the median and range of the wall time and peak RSS of each, and the ratio
# of the medians (loket ÷ fzf).
#
#   cargo build --release && scripts/vergelijk-fzf.sh
#   SIZES=100000 RUNS=5 scripts/vergelijk-fzf.sh
#
# Needs fzf (apt-get install fzf) and GNU time (/usr/bin/time). Uses WORK (default
# /tmp/loket-vergelijk) for the maps: about 130 MB for 100k and 1 GB for 1M (store, snapshot, lines).
set -euo pipefail

LOKET=${LOKET:-target/release/loket}
WORK=${WORK:-/tmp/loket-vergelijk}
SIZES=${SIZES:-"100000 1000000"}
RUNS=${RUNS:-3}
QUERIES=("dagbest" "huish hulp gron" "oudernadviseur" "taxi" "mantelz winsum")

command -v fzf >/dev/null || { echo "fzf ontbreekt: apt-get install fzf" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time ontbreekt: apt-get install time" >&2; exit 2; }
[ -x "$LOKET" ] || { echo "$LOKET ontbreekt: cargo build --release" >&2; exit 2; }
mkdir -p "$WORK"
echo "fzf $(fzf --version | cut -d' ' -f1), $(nproc) cores, $RUNS runs per query"

# One timed run of a command line (run by sh): prints "seconds maxrss_kib". The wall time is
# taken around /usr/bin/time (whose own %e has 10 ms steps), the peak from it.
measure() {
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$WORK/time.out" sh -c "$1" >/dev/null 2>"$WORK/err.out" || {
        cat "$WORK/err.out" >&2
        exit 1
    }
    t1=$(date +%s%N)
    echo "$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.4f", d / 1e9 }') $(cat "$WORK/time.out")"
}

# median and range of a list of numbers
stats() { sort -g | awk '{a[NR]=$1} END {printf "%s [%s–%s]", a[int((NR+1)/2)], a[1], a[NR]}'; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for n in $SIZES; do
    dir="$WORK/kaart-$n"
    if [ ! -f "$dir/.klaar" ]; then
        rm -rf "$dir"
        echo "== genereer $n"
        /usr/bin/time -f "genereer: %e s, piek %M KiB" "$LOKET" --data-dir "$dir" genereer "$n" --seed 1
        touch "$dir/.klaar"
    fi
    # The first search builds the snapshot (once per map version).
    /usr/bin/time -f "eerste zoek (bouwt de zoekindex): %e s, piek %M KiB" "$LOKET" --data-dir "$dir" zoek dagbest >/dev/null
    lines="$WORK/regels-$n.txt"
    "$LOKET" --data-dir "$dir" regels >"$lines"
    echo "== $n voorzieningen: $(wc -l <"$lines") regels, $(du -h "$dir/zoekindex.bin" | cut -f1) zoekindex"
    printf "%-18s | %-30s | %-30s | %-24s | %s\n" query "loket zoek s (median [range])" "fzf --filter s" "peak MiB loket ÷ fzf" "ratio"
    for q in "${QUERIES[@]}"; do
        "$LOKET" --data-dir "$dir" zoek $q >/dev/null
        fzf --filter "$q" <"$lines" >/dev/null || true
        : >"$WORK/l.txt"
        : >"$WORK/f.txt"
        for _ in $(seq "$RUNS"); do
            measure "'$LOKET' --data-dir '$dir' zoek $q" >>"$WORK/l.txt"
            # fzf exits 1 when nothing matches: that is a result, not an error
            measure "fzf --filter '$q' <'$lines' || test \$? = 1" >>"$WORK/f.txt"
        done
        ls=$(cut -d' ' -f1 "$WORK/l.txt" | stats)
        fs=$(cut -d' ' -f1 "$WORK/f.txt" | stats)
        lm=$(cut -d' ' -f2 "$WORK/l.txt" | median)
        fm=$(cut -d' ' -f2 "$WORK/f.txt" | median)
        lt=$(cut -d' ' -f1 "$WORK/l.txt" | median)
        ft=$(cut -d' ' -f1 "$WORK/f.txt" | median)
        ratio=$(awk -v a="$lt" -v b="$ft" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "n/a" }')
        mem=$(awk -v a="$lm" -v b="$fm" 'BEGIN { printf "%.0f ÷ %.0f", a / 1024, b / 1024 }')
        printf "%-18s | %-30s | %-30s | %-24s | %s\n" "$q" "$ls" "$fs" "$mem" "$ratio"
    done
done
