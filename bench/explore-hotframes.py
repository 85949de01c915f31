#!/usr/bin/env python3
"""Hot frames from thread dumps taken with `jcmd PID Thread.dump_to_file -format=text FILE` under load, or from the
execution samples of a JFR recording (`jfr print --events jdk.ExecutionSample --stack-depth 64 REC.jfr > FILE`).

Usage: explore-hotframes.py [--top N] FILE...

Keeps the threads that were running Java code (RUNNABLE with at least one frame, idle frames such as epoll waits,
park, accept and the dump's own attach listener left out); a virtual thread that waits for a carrier has no
frame and is not counted. Prints, over all such stacks:
  - the top frame (where the CPU was), with file:line;
  - the first GéoÉduc frame (fr.geoeduc.*) from the top: the project code responsible for that work;
  - a coarse split: query engine, JSON/CSV writing, HTTP and sockets (Jetty, NIO), other.
"""
import collections
import re
import sys

FRAME = re.compile(r"^\s+at (\S+)\((.*)\)\s*$")
HEAD = re.compile(r'^#\d+ "(.*)"( virtual)? (\w+)')
IDLE = ("EPoll.wait", "Unsafe.park", "Object.wait0", "waitForReferencePendingList", "takeVirtualThreadListToUnblock",
        "Net.accept", "ServerSocketChannelImpl.accept", "Thread.sleep", "Thread.sleep0", "Thread.yield0",
        "SelectorImpl.lockAndDoSelect", "KQueue.poll", "Poller.poll", "VirtualThread.park", "VirtualThread.parkNanos",
        "Continuation.yield0",
        # a carrier thread: the virtual thread it carries is in the dump with its own frames
        "Continuation.run")


JFR_FRAME = re.compile(r"^\s+([\w$.<>]+)\((.*)\) line: (\d+)")
JFR_THREAD = re.compile(r'^\s+sampledThread = "(.*)" \(')


def source(method, line):
    """fr.geoeduc.core.query.exec.QueryEngine$Grouping.run, 554 → QueryEngine.java:554 (JFR has no file names)."""
    cls = method.rsplit(".", 1)[0]
    return cls.rsplit(".", 1)[-1].split("$")[0] + ".java:" + line


def jfr_stacks(path):
    name, frames, inside = None, [], False
    for line in open(path, encoding="utf-8", errors="replace"):
        t = JFR_THREAD.match(line)
        if t:
            name = t.group(1)
        elif line.strip() == "stackTrace = [":
            inside, frames = True, []
        elif inside and line.strip() == "]":
            inside = False
            yield name, "RUNNABLE", frames
        elif inside:
            f = JFR_FRAME.match(line)
            if f:
                frames.append((f.group(1), source(f.group(1), f.group(3))))


def stacks(path):
    with open(path, encoding="utf-8", errors="replace") as probe:
        if "jdk.ExecutionSample" in probe.read(4096):
            yield from jfr_stacks(path)
            return
    name, state, frames = None, None, []
    for line in open(path, encoding="utf-8", errors="replace"):
        h = HEAD.match(line)
        if h:
            if name is not None:
                yield name, state, frames
            name, state, frames = h.group(1), h.group(3), []
            continue
        f = FRAME.match(line)
        if f and name is not None:
            method, where = f.group(1), f.group(2)
            method = method.split("/")[-1]  # drop the module prefix (java.base/)
            frames.append((method, where))
    if name is not None:
        yield name, state, frames


def category(frames):
    for method, _ in frames:
        if method.startswith(("fr.geoeduc.core.query", "fr.geoeduc.core.engine")):
            return "query engine (fr.geoeduc.core.query, .engine)"
        if method.startswith(("fr.geoeduc.server.explore.ExploreValues", "fr.geoeduc.server.explore.ExportWriters",
                              "com.fasterxml.jackson")):
            return "JSON/CSV writing (ExploreValues, ExportWriters, Jackson)"
        if method.startswith(("org.eclipse.jetty", "sun.nio", "io.javalin")):
            return "HTTP and sockets (Jetty, Javalin, NIO)"
    return "other"


def main():
    args = sys.argv[1:]
    top = 8
    if args[:1] == ["--top"]:
        top, args = int(args[1]), args[2:]
    self_c, geo_c, cat_c = collections.Counter(), collections.Counter(), collections.Counter()
    n = 0
    for path in args:
        for name, state, frames in stacks(path):
            if state != "RUNNABLE" or not frames or name == "Attach Listener":
                continue
            if any(frames[0][0].endswith(i) for i in IDLE):
                continue
            n += 1
            self_c[f"{frames[0][0]}({frames[0][1]})"] += 1
            geo = next((f for f in frames if f[0].startswith("fr.geoeduc.")), None)
            geo_c[f"{geo[0]}({geo[1]})" if geo else "(no GéoÉduc frame)"] += 1
            cat_c[category(frames)] += 1
    jfr = any("jdk.ExecutionSample" in open(a, encoding="utf-8", errors="replace").read(4096) for a in args)
    print(f"    {n} JFR execution samples" if jfr else f"    {n} running stacks in {len(args)} dumps")
    if not n:
        return
    print("    where the time goes: " + "; ".join(f"{k} {100 * v / n:.0f}%" for k, v in cat_c.most_common()))
    print("    top frames (self):")
    for k, v in self_c.most_common(top):
        print(f"      {100 * v / n:5.1f}%  {k}")
    print("    first GéoÉduc frame from the top:")
    for k, v in geo_c.most_common(top):
        print(f"      {100 * v / n:5.1f}%  {k}")


if __name__ == "__main__":
    main()
