#!/usr/bin/env python3
"""CPython asyncio running the workloads of the yieldfrom benchmarks, in its own process.

  bench_asyncio.py LOOP switches TASKS SWITCHES REPEATS   TASKS tasks each sleep(0) SWITCHES times
  bench_asyncio.py LOOP timers N REPEATS                  N call_later timers, delays over 0..10 ms, all fired (no warm-up run)
  bench_asyncio.py LOOP sleepers N SECONDS                N tasks each sleeping SECONDS, gathered (the published program)

LOOP is "cpython" (asyncio's own event loop) or "uvloop" (the same program on uvloop's loop;
prints LOOP.skipped=... and exits 0 where uvloop is not installed).

Each prints key=value lines: the median, min and max time of REPEATS runs after one warm-up run,
or the wall time and the peak RSS (VmHWM) of the whole process.
"""
import asyncio
import statistics
import sys
import time


def peak_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return -1.0


async def switcher(switches):
    for _ in range(switches):
        await asyncio.sleep(0)


async def switchers(tasks, switches):
    # Same shape as Templates.switchers: create all, then await each in turn.
    all_tasks = [asyncio.create_task(switcher(switches)) for _ in range(tasks)]
    for task in all_tasks:
        await task


new_event_loop = asyncio.new_event_loop


def run_switches(tasks, switches):
    loop = new_event_loop()
    try:
        start = time.perf_counter()
        loop.run_until_complete(switchers(tasks, switches))
        return time.perf_counter() - start
    finally:
        loop.close()


def run_timers(n):
    loop = new_event_loop()
    fired = 0

    def fire():
        nonlocal fired
        fired += 1
        if fired == n:
            loop.stop()

    try:
        start = time.perf_counter()
        for i in range(n):
            loop.call_later(((i * 7919) % 1000) * 1e-5, fire)
        loop.run_forever()
        took = time.perf_counter() - start
        assert fired == n
        return took
    finally:
        loop.close()


async def perform_task(seconds):
    await asyncio.sleep(seconds)


async def sleepers(n, seconds):
    tasks = []
    for _ in range(n):
        tasks.append(asyncio.create_task(perform_task(seconds)))
    await asyncio.gather(*tasks)


def times_of(run, repeats, warm_up=True):
    if warm_up:
        run()
    return sorted(run() for _ in range(repeats))


def put_stats(key, values):
    print(f"{key}.median={statistics.median(values):.6g}")
    print(f"{key}.min={min(values):.6g}")
    print(f"{key}.max={max(values):.6g}")
    print(f"{key}.n={len(values)}")


def main(argv):
    global new_event_loop
    name, what = argv[1], argv[2]
    if name == "uvloop":
        try:
            import uvloop
        except ImportError as e:
            print(f"uvloop.skipped=skipped: {e}")
            return
        new_event_loop = uvloop.new_event_loop
        print(f"machine.uvloop={uvloop.__version__}")
    elif name != "cpython":
        raise SystemExit(__doc__)
    if what == "switches":
        tasks, switches, repeats = int(argv[3]), int(argv[4]), int(argv[5])
        took = times_of(lambda: run_switches(tasks, switches), repeats)
        # Per switch, as the JMH figure: ns per switch, loop and task creation included.
        put_stats(f"{name}.taskSwitches.nsPerSwitch", [t * 1e9 / (tasks * switches) for t in took])
    elif what == "timers":
        n, repeats = int(argv[3]), int(argv[4])
        took = times_of(lambda: run_timers(n), repeats, warm_up=False)
        put_stats(f"{name}.timers.ms", [t * 1e3 for t in took])
    elif what == "sleepers":
        n, seconds = int(argv[3]), float(argv[4])
        start = time.perf_counter()
        loop = new_event_loop()
        try:
            loop.run_until_complete(sleepers(n, seconds))
        finally:
            loop.close()
        print(f"sleepers.{name}.wallSeconds={time.perf_counter() - start:.6g}")
        print(f"sleepers.{name}.peakRssMB={peak_rss_mb():.6g}")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
