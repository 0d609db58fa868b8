#!/usr/bin/env python3
"""Page faults and CPU of each benchmark fork, read from /proc while a sweep runs.

An allocator that hands freed pages back to the kernel makes the next pass fault them in again
(and the kernel zero them): minor faults per second tell that apart from noise, which timings
alone cannot on a shared machine. The CPU the rest of the machine used beside each fork is
recorded too, as the noise a timing carried.

  scripts/fork-faults.py watch FILE.jsonl     # in the background while the sweep runs; every 0.5 s
  scripts/fork-faults.py summary FILE.jsonl   # CSV, one row per fork, over the second half of its life
                                              # (after JVM start-up and most of the warm-up)
"""
import collections
import json
import os
import sys
import time

LAUNCH = b"-Deffbench.launch="


def machine_ticks():
    fields = list(map(int, open("/proc/stat").readline().split()[1:]))
    return sum(fields), fields[3] + fields[4]  # all, idle + iowait


def watch(path):
    hz = os.sysconf("SC_CLK_TCK")
    with open(path, "a") as out:
        while True:
            now = time.time()
            total, idle = machine_ticks()
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    args = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
                    launch = [a[len(LAUNCH):].decode() for a in args if a.startswith(LAUNCH)]
                    if not launch:
                        continue
                    stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
                except OSError:
                    continue  # the fork ended meanwhile
                out.write(json.dumps({
                    "t": now, "pid": int(pid), "launch": launch[0],
                    "minflt": int(stat[7]), "utime": int(stat[11]) / hz, "stime": int(stat[12]) / hz,
                    "cpu_total": total, "cpu_idle": idle, "hz": hz}) + "\n")
            out.flush()
            time.sleep(0.5)


def summary(path):
    forks = collections.defaultdict(list)
    for line in open(path):
        r = json.loads(line)
        forks[(r["pid"], r["launch"])].append(r)
    print("launch,pid,seconds,minor_faults_per_s,fork_user_cores,fork_sys_cores,other_busy_cores")
    for (pid, launch), rows in sorted(forks.items(), key=lambda kv: kv[1][0]["t"]):
        rows = rows[len(rows) // 2:]
        if len(rows) < 3:
            continue
        a, b = rows[0], rows[-1]
        dt = b["t"] - a["t"]
        busy = ((b["cpu_total"] - a["cpu_total"]) - (b["cpu_idle"] - a["cpu_idle"])) / b.get("hz", 100) / dt
        user = (b["utime"] - a["utime"]) / dt
        sys_ = (b["stime"] - a["stime"]) / dt
        print(f"{launch},{pid},{dt:.1f},{(b['minflt'] - a['minflt']) / dt:.0f},"
              f"{user:.2f},{sys_:.2f},{max(0.0, busy - user - sys_):.2f}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("watch", "summary"):
        sys.exit("usage: fork-faults.py watch|summary FILE.jsonl")
    (watch if sys.argv[1] == "watch" else summary)(sys.argv[2])
