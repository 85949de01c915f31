#!/usr/bin/env python3
"""Checks once that GéoÉduc and the PostgreSQL endpoint answer the same for each query of explore-vs-postgresql.sh.

Usage: explore-check.py QUERIES_FILE GEOEDUC_BASE PG_BASE
QUERIES_FILE: one query a line, "name|path on GéoÉduc|path on the PostgreSQL endpoint" (paths URL-encoded).
For JSON answers: total_count, the number of results, and the results themselves (the same rows, compared as
sets of canonical JSON when the query has no order_by, as lists otherwise; numbers to 9 significant digits).
For CSV exports: the header and the set of rows. Prints one line per query (OK or MISMATCH with the figures);
exit code 0 whatever it finds (a benchmark reports, it does not fail), 1 only when an endpoint errors.
"""
import csv
import io
import json
import sys
import urllib.request


def fetch(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.status, r.read()


def canon(v):
    if isinstance(v, float):
        return float("%.9g" % v)
    if isinstance(v, dict):
        return {k: canon(x) for k, x in v.items()}
    if isinstance(v, list):
        return [canon(x) for x in v]
    return v


def cell(v):
    """A CSV cell, numbers compared by value (Java writes 343278.0 where PostgreSQL writes 343278)."""
    try:
        return repr(float(v)) if v and v[0] in "-.0123456789" else v
    except ValueError:
        return v


def key(row):
    return json.dumps(canon(row), sort_keys=True, ensure_ascii=False)


def main():
    qfile, gbase, pbase = sys.argv[1:4]
    errors = 0
    for line in open(qfile, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, gpath, ppath = line.split("|")
        try:
            gs, gbody = fetch(gbase + gpath)
            ps, pbody = fetch(pbase + ppath)
        except Exception as e:  # noqa: BLE001 - reported, not raised
            print(f"{name:<12} ERROR {e}")
            errors += 1
            continue
        if "/exports/csv" in gpath:
            g = [[cell(c) for c in r] for r in csv.reader(io.StringIO(gbody.decode("utf-8-sig")), delimiter=";")]
            p = [[cell(c) for c in r] for r in csv.reader(io.StringIO(pbody.decode("utf-8-sig")), delimiter=";")]
            same_rows = sorted(map(tuple, g[1:])) == sorted(map(tuple, p[1:]))
            verdict = "OK" if g[:1] == p[:1] and len(g) == len(p) and same_rows else "MISMATCH"
            detail = f"rows GéoÉduc {len(g) - 1}, PostgreSQL {len(p) - 1}"
            if verdict != "OK":
                gs_, ps_ = set(map(tuple, g[1:])), set(map(tuple, p[1:]))
                detail += f"; header {'same' if g[:1] == p[:1] else 'differs'}; rows only in GéoÉduc {len(gs_ - ps_)}, only in PostgreSQL {len(ps_ - gs_)}"
                diff = sorted(gs_ - ps_)[:1] + sorted(ps_ - gs_)[:1]
                if g[:1] == p[:1] and len(diff) == 2:
                    cols = [g[0][i] for i in range(len(g[0])) if diff[0][i] != diff[1][i]]
                    detail += f"; e.g. columns differing: {cols[:6]}"
            print(f"{name:<12} {verdict:<8} {detail}   ({len(gbody)} / {len(pbody)} bytes)")
            continue
        g, p = json.loads(gbody), json.loads(pbody)
        ordered = "order_by" in gpath
        gr, pr = g.get("results", []), p.get("results", [])
        if ordered:
            same = [key(r) for r in gr] == [key(r) for r in pr]
        else:
            same = sorted(map(key, gr)) == sorted(map(key, pr))
        ok = g.get("total_count") == p.get("total_count") and len(gr) == len(pr) and same
        detail = f"total_count GéoÉduc {g.get('total_count')}, PostgreSQL {p.get('total_count')}; results {len(gr)} / {len(pr)}"
        if not same and not ordered and len(gr) == len(pr) and g.get("total_count") == p.get("total_count") \
                and "/records?" in gpath:
            # a page of an unordered result: any rows may come first; compare the whole results instead
            # (GéoÉduc: the same query as exports/json; PostgreSQL endpoint: no limit)
            strip = "&".join(kv for kv in gpath.split("?", 1)[1].split("&") if not kv.startswith(("limit=", "offset=")))
            _, gall = fetch(gbase + gpath.split("/records?")[0] + "/exports/json?" + strip)
            _, pall = fetch(pbase + ppath.replace("limit=", "nolimit=") + "&limit=1000000")
            gall, pall = json.loads(gall), json.loads(pall)["results"]
            same = sorted(map(key, gall)) == sorted(map(key, pall))
            ok = same
            detail += f"; whole results compared (page order free): {len(gall)} / {len(pall)} rows, " + (
                "same rows" if same else "DIFFERENT rows")
        elif not same and gr and pr:
            gk, pk = set(map(key, gr)), set(map(key, pr))
            detail += f"; rows only in GéoÉduc {len(gk - pk)}, only in PostgreSQL {len(pk - gk)}"
        print(f"{name:<12} {'OK' if ok else 'MISMATCH':<8} {detail}   ({len(gbody)} / {len(pbody)} bytes)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
