"""Background jobs: results reach the GUI thread, and never a widget that is gone."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QLabel

from ui.workers import run_in_background


def test_a_result_reaches_its_callback_on_the_gui_thread(qtbot: Any) -> None:
    seen: list[tuple[int, bool]] = []
    run_in_background(lambda: 6 * 7, lambda r: seen.append((r, threading.current_thread() is threading.main_thread())))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(42, True)]


def test_a_failure_reaches_the_failure_callback(qtbot: Any) -> None:
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("the feed was not there")

    run_in_background(boom, None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "the feed was not there"


def test_a_result_for_a_deleted_owner_is_dropped(qtbot: Any) -> None:
    """A window closed while its job runs: the queued result must not touch its widgets
    (it used to raise "Internal C++ object already deleted" in the next test)."""
    label = QLabel("waiting")
    release = threading.Event()
    calls: list[str] = []

    def slow() -> str:
        release.wait(10)
        return "done"

    def show(text: str) -> None:
        calls.append(text)
        label.setText(text)  # would raise RuntimeError on a deleted label

    run_in_background(slow, show, lambda exc: calls.append(repr(exc)), owner=label)
    label.deleteLater()
    qtbot.waitUntil(lambda: not _valid(label))
    release.set()
    assert QThreadPool.globalInstance().waitForDone(10000)
    # Let the queued result be delivered (and dropped), and a control job arrive after it.
    control: list[int] = []
    run_in_background(lambda: 1, control.append)
    qtbot.waitUntil(lambda: bool(control))
    assert calls == []


def _valid(obj: Any) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(obj))


def test_latest_only_runs_the_newest_job_and_delivers_only_its_result(qtbot: Any) -> None:
    from ui.workers import LatestOnly

    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    gate, started = threading.Event(), threading.Event()
    ran: list[str] = []
    delivered: list[str] = []
    channel = LatestOnly()

    def job(name: str, wait: bool = False) -> Any:
        def work() -> str:
            if wait:
                started.set()
                gate.wait(5)
            ran.append(name)
            return name

        return work

    channel.run(job("first", wait=True), delivered.append, delivered.append, pool=pool)
    assert started.wait(5)  # running
    channel.run(job("second"), delivered.append, delivered.append, pool=pool)  # queued behind it
    channel.run(job("third"), delivered.append, delivered.append, pool=pool)  # the one that counts
    gate.set()
    qtbot.waitUntil(lambda: delivered == ["third"])
    pool.waitForDone(5000)
    assert ran == ["first", "third"]  # the queued one that was typed over never ran
    qtbot.wait(50)
    assert delivered == ["third"]  # and the first one's late result was dropped


def test_a_batched_relay_delivers_every_value_in_order_in_few_batches(qtbot: Any) -> None:
    """A refresh's ~800 reports: all of them reach the GUI thread, in order, together."""
    from ui.workers import BatchedRelay

    relay = BatchedRelay(every_ms=100)
    batches: list[list[int]] = []
    on_gui: list[bool] = []

    def delivered(values: list[int]) -> None:
        batches.append(values)
        on_gui.append(threading.current_thread() is threading.main_thread())

    relay.delivered.connect(delivered)
    sent = threading.Event()

    def report() -> None:
        for n in range(500):
            relay(n)
        sent.set()

    worker = threading.Thread(target=report)
    worker.start()
    qtbot.waitUntil(lambda: sent.is_set() and bool(batches) and batches[-1][-1] == 499, timeout=5000)
    worker.join()
    assert [n for batch in batches for n in batch] == list(range(500))
    assert len(batches) < 50 and all(on_gui)


def test_a_batched_relay_flushes_what_waits_at_once(qtbot: Any) -> None:
    from ui.workers import BatchedRelay

    relay = BatchedRelay(every_ms=60_000)
    batches: list[list[str]] = []
    relay.delivered.connect(batches.append)
    relay("first")
    qtbot.waitUntil(lambda: bool(batches))  # the first comes at once
    relay("second")
    relay("third")
    with qtbot.waitSignal(relay.delivered, timeout=1000):
        relay.flush()  # not a minute later
    assert batches == [["first"], ["second", "third"]]
