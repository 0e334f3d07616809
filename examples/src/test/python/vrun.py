"""Runs a Python Module of the Week asyncio program the way the Java examples run: on a
virtual-time event loop like yieldfrom's EventLoop.createVirtual() (the clock starts at 0 and jumps
to the next timer when nothing is ready), with time.time() pinned to the instant ExamplesTest pins
Py.wallClock to, and with task reprs stripped of what Py.repr leaves out.

Usage: python3 vrun.py asyncio_queue.py > ../resources/expected/asyncio_queue.txt
(see ../resources/expected/README.md).
"""
import asyncio, re, runpy, selectors, sys, time, io, contextlib

WALL_CLOCK = 1451511233.021935


class VirtualSelector(selectors.DefaultSelector):
    loop = None

    def select(self, timeout=None):
        if timeout is None:
            raise RuntimeError('virtual loop idle: nothing ready and no timer pending')
        if timeout > 0:
            self.loop._vnow = max(self.loop._vnow, self.loop._scheduled[0]._when)
        return super().select(0)


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self._vnow = 0.0
        selector = VirtualSelector()
        super().__init__(selector)
        selector.loop = self

    def time(self):
        return self._vnow


class Policy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = VirtualLoop


asyncio.set_event_loop_policy(Policy())
time.time = lambda: WALL_CLOCK
out = io.StringIO()
with contextlib.redirect_stdout(out):
    runpy.run_path(sys.argv[1], run_name='__main__')
text = out.getvalue()
# Task reprs: drop the default task name and the source location, which a Java port cannot reproduce.
text = re.sub(r" name='Task-\d+'", "", text)
text = re.sub(r" (running at|done, defined at) \S+:\d+", "", text)
sys.stdout.write(text)
