#!/usr/bin/env python3
"""Checks once that GéoÉduc and the PostgreSQL endpoint answer alike for each query of scale.sh.

Usage: scale-check.py CHECK_FILE
CHECK_FILE: one query a line, "name|GéoÉduc URL|PostgreSQL endpoint URL".
JSON answers: total_count and the number of results; for aggregates (a select= in the Explore query), the rows'
values as a set (numbers to 6 significant digits; the column names differ: avg/count in SQL, the alias in the
Explore query). CSV exports: the number of data rows.
Prints "OK" or "WARNING" per query; never fails (a benchmark reports).
"""
import csv
import io
import json
import sys
import urllib.request


def fetch(url):
    with urllib.request.urlopen(url, timeout=300) as r:
        return r.read()


def canon(v):
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return float("%.6g" % v)
    try:
        return float("%.6g" % float(v))
    except (TypeError, ValueError):
        return v


def values(rows):
    return sorted((json.dumps([canon(v) for v in r.values()], ensure_ascii=False) for r in rows))


def main():
    for line in open(sys.argv[1], encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            continue
        name, gurl, purl = line.split("|")
        try:
            g, p = fetch(gurl), fetch(purl)
        except Exception as e:  # noqa: BLE001 - reported, not raised
            print(f"WARNING {name}: {e}")
            continue
        if "/exports/" in gurl:
            gn = sum(1 for _ in csv.reader(io.StringIO(g.decode("utf-8-sig")), delimiter=";")) - 1
            pn = sum(1 for _ in csv.reader(io.StringIO(p.decode("utf-8-sig")), delimiter=";")) - 1
            print(f"{'OK' if gn == pn else 'WARNING'} {name}: CSV rows GéoÉduc {gn}, PostgreSQL {pn}")
            continue
        gj, pj = json.loads(g), json.loads(p)
        gt, pt = gj.get("total_count"), pj.get("total_count")
        gr, pr = gj.get("results", []), pj.get("results", [])
        ok = gt == pt and len(gr) == len(pr)
        detail = f"total_count GéoÉduc {gt}, PostgreSQL {pt}; rows {len(gr)} / {len(pr)}"
        if "select=" in gurl:  # an aggregate: its rows, compared by value (the column names differ)
            same = values(gr) == values(pr)
            ok = ok and same
            diff = sorted(set(values(gr)) ^ set(values(pr)))
            detail += "; values " + ("equal" if same else f"differ ({len(diff)} rows), e.g. {diff[:2]}")
        print(f"{'OK' if ok else 'WARNING'} {name}: {detail}")


if __name__ == "__main__":
    main()
