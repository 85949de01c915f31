#!/usr/bin/env python3
"""Writes a large pupil-like CSV by replicating the rows of a file of `geoeduc synthetic eleves`.

Usage: gen-eleves.py SOURCE.csv OUT.csv ROWS

`geoeduc synthetic eleves` keeps every pupil and every INE it draws in memory (its heap grows with the rows: it fails
with -Xmx1g past about 6.7 million rows), so scale.sh draws at most 1,000,000 pupils and this script repeats them.
The first copy keeps the rows as drawn; in the next copies the INE (first column) of the n-th row written becomes
"0" + nine digits of n + a letter, unique, and distinct from the drawn INEs (which never start with 0).
"""
import sys

LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    source, out, wanted = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(source, "rb") as f:
        header = f.readline()
        rows = [line for line in f if line.strip()]
    if not rows:
        sys.exit(f"{source}: no data rows")
    n = 0
    with open(out, "wb", buffering=1 << 20) as w:
        w.write(header)
        copy = 0
        while n < wanted:
            for line in rows:
                if n >= wanted:
                    break
                n += 1
                if copy == 0:
                    w.write(line)
                else:
                    w.write(b"0%09d%s%s" % (n, LETTERS[n % 23].encode(), line[line.index(b";"):]))
            copy += 1


if __name__ == "__main__":
    main()
