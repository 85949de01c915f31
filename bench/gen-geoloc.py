#!/usr/bin/env python3
"""Writes a large géolocalisation CSV by replicating the rows of the national file.

Usage: gen-geoloc.py SOURCE.csv OUT.csv ROWS

Every row keeps its content (BOM, header, delimiter, CRLF, coordinates, communes…) except its UAI
(first column), which is replaced by a new, unique and valid one: the n-th row written gets the seven
digits "%07d" % n and the check letter "ABCDEFGHJKLMNPRSTUVWXYZ"[n % 23], so the dataset key stays unique
and the uai-cle rule sees only valid UAIs. Byte-level: the file's encoding is preserved as is.
"""
import sys

CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    source, out, wanted = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if wanted >= 10_000_000:
        sys.exit("at most 9,999,999 rows (seven UAI digits)")
    with open(source, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    header, rows = lines[0], [l for l in lines[1:] if l.strip()]
    if not rows:
        sys.exit(f"{source}: no data rows")
    if any(b'"' in r.split(b";", 1)[0] for r in rows):
        sys.exit(f"{source}: quoted first column, not supported")
    n = 0
    with open(out, "wb", buffering=1 << 20) as w:
        w.write(header)
        while n < wanted:
            for r in rows:
                if n == wanted:
                    break
                digits = "%07d" % n
                uai = (digits + CHECK_LETTERS[n % 23]).encode("ascii")
                rest = r.split(b";", 1)[1]
                w.write(uai + b";" + rest)
                n += 1
    print(f"{out}: {n} rows")


if __name__ == "__main__":
    main()
