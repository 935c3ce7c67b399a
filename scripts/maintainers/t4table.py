#!/usr/bin/python3
"""Prints the README's Table-4 table (markdown) from data/reproduction/versus-paper.csv (`cbrnn summarize --half-of
paper` writes it): per task and condition, n finished networks, kit mean ± SD and the paper's mean ± SD for max N,
t½ and AUC, and Welch's p of each difference (the Holm-adjusted verdicts are in the CSV's last column).
   /usr/bin/python3 scripts/maintainers/t4table.py [data/reproduction/versus-paper.csv]"""
import csv
import sys

ORDER = [(t, c) for t in ("parity", "dms") for c in ("CB-RNN", "Interleaved reservoir", "Full reservoir", "RNN-202")]
METRICS = ("max N", "t½", "AUC")


def fmt(metric, mean, sd):
    if metric == "AUC":
        return f"{float(mean):,.0f} ± {float(sd):,.0f}" if sd not in ("", None) else f"{float(mean):,.0f}"
    digits = 1 if metric == "t½" else 2
    m = f"{float(mean):.{digits}f}".rstrip("0").rstrip(".") if metric == "max N" else f"{float(mean):.1f}"
    if sd in ("", None):
        return m
    s = f"{float(sd):.{digits}f}".rstrip("0").rstrip(".") if metric == "max N" else f"{float(sd):.1f}"
    return f"{m} ± {s}"


def main(path):
    rows = {(r["task"], r["condition"], r["metric"]): r for r in csv.DictReader(open(path, encoding="utf-8"))}
    print("| task | condition | n | max N (kit) | max N (paper) | t½ (kit) | t½ (paper) | AUC (kit) | AUC (paper) | p (max N / t½ / AUC) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for task, cond in ORDER:
        cells, ps, n = [], [], ""
        for m in METRICS:
            r = rows.get((task, cond, m))
            if r is None:
                cells += ["–", "–"]
                ps.append("–")
                continue
            n = r["n"]
            cells += [fmt(m, r["mean"], r["sd"] if int(r["n"]) >= 2 else ""), fmt(m, r["paper_mean"], r["paper_sd"])]
            ps.append(f"{float(r['p']):.2f}" if r["p"] not in ("", None) else "–")
        print(f"| {task} | {cond} | {n} | " + " | ".join(cells) + " | " + " / ".join(ps) + " |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "data/reproduction/versus-paper.csv")
