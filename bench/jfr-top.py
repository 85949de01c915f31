#!/usr/bin/env python3
"""Summarises the CPU samples of a Java Flight Recorder file: top methods (inclusive) and, for each sample,
the innermost GéoÉduc frame (file:line), which is where to look in our code.

Usage: jfr-top.py RECORDING.jfr [N=25] [THREAD_SUBSTRING=main]
Needs the `jfr` tool of a JDK: $JAVA_HOME/bin/jfr, else `jfr` on the PATH.
Record with a short sampling period, e.g.:
  $JAVA_HOME/bin/jfr configure --input profile jdk.ExecutionSample#period=2ms jdk.NativeMethodSample#period=2ms --output fast.jfc
  java -XX:StartFlightRecording=filename=ingest.jfr,settings=fast.jfc -cp … fr.geoeduc.bench.IngestBench …
"""
import collections
import json
import os
import shutil
import subprocess
import sys


def jfr_tool() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "jfr")):
        return os.path.join(home, "bin", "jfr")
    found = shutil.which("jfr")
    if not found:
        sys.exit("jfr not found: set JAVA_HOME to a JDK")
    return found


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    recording = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    thread = sys.argv[3] if len(sys.argv) > 3 else "main"
    printed = subprocess.run([jfr_tool(), "print", "--json", "--stack-depth", "256", "--events",
                              "jdk.ExecutionSample,jdk.NativeMethodSample", recording],
                             capture_output=True, text=True, check=True).stdout
    events = json.loads(printed)["recording"]["events"]
    inclusive, ours = collections.Counter(), collections.Counter()
    samples = 0
    for e in events:
        v = e["values"]
        name = (v.get("sampledThread") or {}).get("javaName") or "?"
        stack = v.get("stackTrace")
        if thread not in name or not stack:
            continue
        samples += 1
        seen = set()
        for f in stack["frames"]:
            m = f["method"]
            key = m["type"]["name"].replace("/", ".") + "." + m["name"]
            if key not in seen:
                seen.add(key)
                inclusive[key] += 1
        for f in stack["frames"]:
            m = f["method"]
            cls = m["type"]["name"].replace("/", ".")
            if cls.startswith("fr.geoeduc.core") or cls.startswith("fr.geoeduc.app"):
                ours[f"{cls}.{m['name']}:{f.get('lineNumber')}"] += 1
                break
    if samples == 0:
        sys.exit(f"no samples for a thread named like '{thread}'")
    print(f"{samples} samples of thread '{thread}'")
    print("--- top methods (inclusive)")
    for k, c in inclusive.most_common(top):
        print(f"{c:7d} {100 * c / samples:5.1f}%  {k}")
    print("--- innermost GéoÉduc frame")
    for k, c in ours.most_common(top):
        print(f"{c:7d} {100 * c / samples:5.1f}%  {k}")


if __name__ == "__main__":
    main()
