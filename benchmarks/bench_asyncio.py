#!/usr/bin/env python3
"""CPython asyncio running the workloads of the yieldfrom benchmarks, in its own process.

  bench_asyncio.py switches TASKS SWITCHES REPEATS   task switches: TASKS tasks each sleep(0) SWITCHES times
  bench_asyncio.py timers N REPEATS                  N call_later timers, delays over 0..10 ms, all fired (no warm-up run)
  bench_asyncio.py sleepers N SECONDS                N tasks each sleeping SECONDS, gathered (the published program)

Each prints key=value lines: the median time of REPEATS runs after one warm-up run, or the wall
time and the peak RSS (VmHWM) of the whole process.
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


def run_switches(tasks, switches):
    loop = asyncio.new_event_loop()
    try:
        start = time.perf_counter()
        loop.run_until_complete(switchers(tasks, switches))
        return time.perf_counter() - start
    finally:
        loop.close()


def run_timers(n):
    loop = asyncio.new_event_loop()
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


def median_of(run, repeats, warm_up=True):
    if warm_up:
        run()
    return statistics.median(run() for _ in range(repeats))


def main(argv):
    what = argv[1]
    if what == "switches":
        tasks, switches, repeats = int(argv[2]), int(argv[3]), int(argv[4])
        took = median_of(lambda: run_switches(tasks, switches), repeats)
        print(f"cpython.taskSwitches.ms={took * 1e3:.6g}")
        print(f"cpython.taskSwitches.perSecond={tasks * switches / took:.6g}")
    elif what == "timers":
        n, repeats = int(argv[2]), int(argv[3])
        took = median_of(lambda: run_timers(n), repeats, warm_up=False)
        print(f"cpython.timers.ms={took * 1e3:.6g}")
    elif what == "sleepers":
        n, seconds = int(argv[2]), float(argv[3])
        start = time.perf_counter()
        asyncio.run(sleepers(n, seconds))
        print(f"sleepers.cpython.wallSeconds={time.perf_counter() - start:.6g}")
        print(f"sleepers.cpython.peakRssMB={peak_rss_mb():.6g}")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
