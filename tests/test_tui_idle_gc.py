"""The cyclic GC run in the reader's pauses (reader/tui/idle_gc.py): the collector's decisions
with a clock and a gc module of the test's own (this process's collector is never changed),
and the app's wiring (input from keys, the timer) with the real app."""

from __future__ import annotations

import asyncio

from tui_support import SIZE, run, settle

from reader.tui.app import ReaderApp
from reader.tui.idle_gc import AUTO_GEN2_AFTER, FULL_EVERY, FULL_IDLE, IDLE, IdleCollector


class FakeGC:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.threshold = (700, 10, 10)

    def get_threshold(self):
        return self.threshold

    def set_threshold(self, *values):
        self.threshold = values
        self.calls.append("set_threshold")

    def collect(self, *args):
        self.calls.append("collect")
        return 0

    def freeze(self):
        self.calls.append("freeze")

    def unfreeze(self):
        self.calls.append("unfreeze")


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_install_leaves_full_collections_to_the_pauses():
    fake = FakeGC()
    IdleCollector(clock=Clock(), collector=fake).install()
    assert fake.threshold == (700, 10, AUTO_GEN2_AFTER)  # the young generations as they were
    assert fake.calls == ["set_threshold", "freeze"]


def test_young_objects_are_collected_and_frozen_once_a_pause_is_long_enough():
    fake, clock = FakeGC(), Clock()
    collector = IdleCollector(clock=clock, collector=fake)
    collector.input()
    clock.now += IDLE / 2
    assert collector.tick() == "" and fake.calls == []  # typing: not yet
    clock.now += IDLE
    assert collector.tick() == "young"
    assert fake.calls == ["collect", "freeze"]
    clock.now += IDLE
    assert collector.tick() == ""  # nothing new since: nothing to do
    collector.input()
    clock.now += IDLE * 1.5
    assert collector.tick() == "young" and fake.calls == ["collect", "freeze"] * 2


def test_a_long_pause_collects_everything_at_most_once_a_minute():
    fake, clock = FakeGC(), Clock()
    collector = IdleCollector(clock=clock, collector=fake)
    clock.now += FULL_EVERY
    collector.input()
    clock.now += FULL_IDLE
    assert collector.tick() == "full"
    assert fake.calls == ["unfreeze", "collect", "freeze"]  # frozen objects' cycles too
    collector.input()
    clock.now += FULL_IDLE
    assert collector.tick() == "young"  # the last full one was less than a minute ago
    clock.now += FULL_EVERY
    assert collector.tick() == "full"  # input since the last full one, a minute ago
    clock.now += FULL_EVERY
    assert collector.tick() == ""  # no input since: an idle app does not collect every minute
    assert fake.calls.count("unfreeze") == 2


def test_the_app_tells_its_collector_of_keys_and_ticks_it(library, start_app):
    clock = Clock()
    collector = IdleCollector(clock=clock, collector=FakeGC())

    async def go():
        app = ReaderApp(library, collector=collector)
        async with start_app(size=SIZE, app=app) as (app, pilot, main):
            await settle(app, pilot)
            clock.now += 10.0
            await pilot.press("j")
            assert collector.last_input == clock.now  # a key is input
            done = collector.collections
            clock.now += 1.0  # a pause
            for _ in range(100):  # the app's timer runs tick() (every 0.1 s)
                if collector.collections > done:
                    break
                await asyncio.sleep(0.05)
            assert collector.collections == done + 1
            assert collector.gc.calls[-2:] == ["collect", "freeze"]

    run(go())


def test_an_app_without_a_collector_leaves_the_gc_alone(library, start_app):
    import gc

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            frozen = gc.get_freeze_count()
            threshold = gc.get_threshold()
            await settle(app, pilot)
            await pilot.press("j")
            await pilot.pause(0.4)
            assert app.collector is None
            assert gc.get_freeze_count() == frozen and gc.get_threshold() == threshold

    run(go())
