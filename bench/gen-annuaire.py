#!/usr/bin/env python3
"""Writes a national-size annuaire de l'éducation CSV by replicating the Ille-et-Vilaine file over other départements.

Usage: gen-annuaire.py ANNUAIRE_35.csv DEPARTEMENTS.csv ACADEMIES.csv REGIONS.csv DEPARTEMENTS.geojson OUT.csv ROWS

Copy 0 is the source file unchanged (département 35, real UAIs, real communes and coordinates), so that queries
about Rennes find real data. Copy k ≥ 1 goes to the k-th of 70 metropolitan départements (35 excluded, taken evenly
from the sorted list) and is rewritten consistently:
  - UAI (identifiant_de_l_etablissement): the three département digits of the target (Corsica: 620/720, as the
    ministry does) + the original four last digits, check letter "ABCDEFGHJKLMNPRSTUVWXYZ"[int(first7) % 23];
    the UAI inside the e-mail address follows. Rows that share a UAI in the source (multi-line establishments)
    share the new one, so the key structure is unchanged;
  - code_departement (education code, 001), libelle_departement, code_academie, libelle_academie, code_region,
    libelle_region from the référentiel; code_commune: the target's COG code + the original commune number
    (35238 → 44238: synthetic but consistent within a copy); code postal and adresse_3 likewise;
  - latitude/longitude (and the "lat, lon" position) shifted by the vector between the centres of the
    départements' bounding boxes; coordonnee_X/Y recomputed from them (Lambert 93, EPSG:2154; other EPSGs: blanked).
Everything else (names, types, pupils, dates…) is kept. Byte layout kept: BOM, ';', CRLF, header.
"""
import csv
import json
import math
import sys

LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def read_semicolon(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def bbox_centres(geojson_path):
    with open(geojson_path, encoding="utf-8") as f:
        fc = json.load(f)
    out = {}
    for feat in fc["features"]:
        xs, ys = [], []

        def walk(c):
            if isinstance(c[0], (int, float)):
                xs.append(c[0])
                ys.append(c[1])
            else:
                for x in c:
                    walk(x)

        walk(feat["geometry"]["coordinates"])
        out[feat["properties"]["code"]] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return out


def lambert93(lat, lon):
    """WGS84/RGF93 latitude, longitude (degrees) → Lambert 93 x, y (metres): conformal conic, two standard
    parallels 44° and 49°, origin 46.5° N 3° E, false easting 700 km, false northing 6,600 km, ellipsoid GRS80."""
    a, f = 6378137.0, 1 / 298.257222101
    e = math.sqrt(2 * f - f * f)

    def m(phi):
        return math.cos(phi) / math.sqrt(1 - (e * math.sin(phi)) ** 2)

    def t(phi):
        s = e * math.sin(phi)
        return math.tan(math.pi / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (e / 2)

    p1, p2, p0, l0 = map(math.radians, (49.0, 44.0, 46.5, 3.0))
    n = (math.log(m(p1)) - math.log(m(p2))) / (math.log(t(p1)) - math.log(t(p2)))
    big_f = m(p1) / (n * t(p1) ** n)
    rho0 = a * big_f * t(p0) ** n
    rho = a * big_f * t(math.radians(lat)) ** n
    theta = n * (math.radians(lon) - l0)
    return 700000.0 + rho * math.sin(theta), 6600000.0 + rho0 - rho * math.cos(theta)


def uai(first7):
    return first7 + LETTERS[int(first7) % 23]


def main():
    if len(sys.argv) != 8:
        sys.exit(__doc__)
    src, deps_csv, acads_csv, regions_csv, geojson, out, wanted = sys.argv[1:8]
    wanted = int(wanted)
    deps = {d["code_departement"]: d for d in read_semicolon(deps_csv)}
    acads = {a["code_academie"]: a["nom"] for a in read_semicolon(acads_csv)}
    regions = {r["code_region"]: r["nom"] for r in read_semicolon(regions_csv)}
    centres = bbox_centres(geojson)

    with open(src, "rb") as f:
        raw = f.read()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    header, rows = rows[0], [r for r in rows[1:] if r]
    col = {name.lower(): i for i, name in enumerate(header)}
    need = ["identifiant_de_l_etablissement", "code postal", "adresse_3", "code_commune", "code_departement",
            "code_academie", "code_region", "mail", "position", "libelle_departement", "libelle_academie",
            "libelle_region", "coordonnee_x", "coordonnee_y", "epsg", "latitude", "longitude"]
    missing = [n for n in need if n not in col]
    if missing:
        sys.exit(f"{src}: columns not found: {missing}")
    src_dep = rows[0][col["code_departement"]].lstrip("0") or "0"
    src_centre = centres[src_dep]

    metro = sorted(c for c in deps if c in centres and c != src_dep)
    copies_needed = max(0, -(-wanted // len(rows)) - 1)
    if copies_needed > len(metro):
        sys.exit(f"at most {(len(metro) + 1) * len(rows)} rows with this source")
    if copies_needed:
        step = len(metro) / copies_needed
        targets = [metro[int(i * step)] for i in range(copies_needed)]
    else:
        targets = []

    def fmt(x):
        return repr(float(x))

    n = 0
    with open(out, "w", encoding="utf-8", newline="") as w:
        if bom:
            w.write("\ufeff")
        writer = csv.writer(w, delimiter=";", lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        for r in rows:
            if n == wanted:
                break
            writer.writerow(r)
            n += 1
        for dep in targets:
            if n == wanted:
                break
            d = deps[dep]
            edu = d["code_education"]
            uai_prefix = {"02A": "620", "02B": "720"}.get(edu, edu)
            postal_prefix = "20" if dep in ("2A", "2B") else dep
            acad = d["code_academie"]
            dlon = centres[dep][0] - src_centre[0]
            dlat = centres[dep][1] - src_centre[1]
            for r in rows:
                if n == wanted:
                    break
                r = list(r)
                old = r[col["identifiant_de_l_etablissement"]]
                new = uai(uai_prefix + old[3:7])
                r[col["identifiant_de_l_etablissement"]] = new
                r[col["mail"]] = r[col["mail"]].replace(old, new)
                cp = r[col["code postal"]]
                if len(cp) == 5:
                    r[col["code postal"]] = postal_prefix + cp[2:]
                    a3 = r[col["adresse_3"]]
                    if a3.startswith(cp):
                        r[col["adresse_3"]] = postal_prefix + cp[2:] + a3[5:]
                cc = r[col["code_commune"]]
                if len(cc) == 5:
                    r[col["code_commune"]] = dep + cc[2:]
                r[col["code_departement"]] = edu
                r[col["libelle_departement"]] = d["nom"]
                r[col["code_academie"]] = acad
                r[col["libelle_academie"]] = acads.get(acad, "")
                r[col["code_region"]] = d["code_region"]
                r[col["libelle_region"]] = regions.get(d["code_region"], "")
                lat, lon = r[col["latitude"]], r[col["longitude"]]
                if lat and lon:
                    nlat, nlon = float(lat) + dlat, float(lon) + dlon
                    r[col["latitude"]], r[col["longitude"]] = fmt(nlat), fmt(nlon)
                    if r[col["position"]]:
                        r[col["position"]] = f"{fmt(nlat)}, {fmt(nlon)}"
                x, y = r[col["coordonnee_x"]], r[col["coordonnee_y"]]
                if x and y and lat and lon and r[col["epsg"]] == "EPSG:2154":
                    nx, ny = lambert93(nlat, nlon)
                    r[col["coordonnee_x"]], r[col["coordonnee_y"]] = "%.1f" % nx, "%.1f" % ny
                elif x and y:
                    r[col["coordonnee_x"]] = r[col["coordonnee_y"]] = ""
                writer.writerow(r)
                n += 1
    print(f"{out}: {n} rows ({1 + len(targets)} copies: 35 + {len(targets)} départements)")


if __name__ == "__main__":
    main()
