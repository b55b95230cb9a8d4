#!/usr/bin/env python3
"""Summarises the execution samples of a JFR recording: the hottest top frames (self time)
and the frames most often on the stack (total time), optionally only those matching a
pattern.

    python3 benchmarks/http/jfr-summary.py recording.jfr [regex-for-total] [top-n]
"""
import collections
import re
import subprocess
import sys

recording = sys.argv[1]
pattern = re.compile(sys.argv[2]) if len(sys.argv) > 2 else None
top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "300", recording],
                     capture_output=True, text=True, check=True).stdout
self_counts = collections.Counter()
total_counts = collections.Counter()
samples = 0
for event in out.split("jdk.ExecutionSample")[1:]:
    frames = re.findall(r"^\s+([\w$.<>/]+\([^)]*\))\s+line:", event, re.M)
    if not frames:
        continue
    # only request-handling threads
    thread = re.search(r'sampledThread = "([^"]*)"', event)
    if thread and "http-nio" not in thread.group(1):
        continue
    samples += 1
    self_counts[frames[0]] += 1
    for frame in set(frames):
        if pattern is None or pattern.search(frame):
            total_counts[frame] += 1
print(f"{samples} samples on http-nio threads")
print("\nself (top frame):")
for frame, n in self_counts.most_common(top):
    print(f"{100.0 * n / samples:6.1f}%  {frame}")
print("\ntotal (on the stack):")
for frame, n in total_counts.most_common(top):
    print(f"{100.0 * n / samples:6.1f}%  {frame}")
