"""reader.pacing's turns: at most n threads at a time in a turn, a turn lent while its thread
waits on the disk (real threads, a real atomic write)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.pacing import Turns, disk_wait
from reader.storage.atomic import atomic_write_bytes

WAIT = 5.0  # seconds an event may take to come before the test fails (never slept)


def in_thread(work: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def take_turn(turns: Turns, entered: threading.Event) -> threading.Thread:
    """Another thread that takes a turn, says so and leaves it."""

    def work() -> None:
        with turns.turn():
            entered.set()

    return in_thread(work)


def test_a_second_thread_waits_until_the_turn_is_left() -> None:
    turns = Turns(1)
    entered = threading.Event()
    with turns.turn():
        other = take_turn(turns, entered)
        # Not a timing assert: a second thread let in sets the event within this wait.
        assert not entered.wait(0.2)
    assert entered.wait(WAIT)
    other.join(WAIT)


def test_two_turns_let_two_threads_in_at_once() -> None:
    turns = Turns(2)
    entered = threading.Event()
    with turns.turn():
        other = take_turn(turns, entered)
        assert entered.wait(WAIT)
    other.join(WAIT)


def test_a_turn_inside_a_turn_on_the_same_thread_is_the_same_turn() -> None:
    turns = Turns(1)
    entered = threading.Event()
    with turns.turn(), turns.turn():  # one slot: a second acquire would never return
        pass
    take_turn(turns, entered).join(WAIT)
    assert entered.is_set()  # the slot is free again after both


def test_a_disk_wait_lends_the_turn_and_takes_it_back() -> None:
    turns = Turns(1)
    lent, again = threading.Event(), threading.Event()
    with turns.turn():
        with disk_wait():
            take_turn(turns, lent).join(WAIT)
            assert lent.is_set()
        other = take_turn(turns, again)  # the turn is this thread's again
        assert not again.wait(0.2)
    assert again.wait(WAIT)
    other.join(WAIT)


def test_a_thread_back_from_the_disk_goes_on_while_another_has_the_turn() -> None:
    turns = Turns(1)
    inside, leave, after = threading.Event(), threading.Event(), threading.Event()

    def holder() -> None:  # takes the lent turn and keeps it
        with turns.turn():
            inside.set()
            leave.wait(WAIT)

    def first() -> None:
        with turns.turn():
            with disk_wait():
                in_thread(holder)
                inside.wait(WAIT)
            # The turn is taken: this thread goes on (it may hold a lock the holder waits for).
            after.set()

    worker = in_thread(first)
    worker.join(WAIT)
    assert after.is_set() and not worker.is_alive()
    entered = threading.Event()
    other = take_turn(turns, entered)
    assert not entered.wait(0.2)  # the holder still has it, and the first gave back none
    leave.set()
    assert entered.wait(WAIT)
    other.join(WAIT)


def test_a_disk_wait_outside_a_turn_changes_nothing() -> None:
    with disk_wait():
        pass
    turns = Turns(1)
    entered = threading.Event()
    take_turn(turns, entered).join(WAIT)
    assert entered.is_set()


def test_a_durable_write_lends_its_turn_during_the_fsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    turns = Turns(1)
    fsync = os.fsync
    lent = threading.Event()

    def fsync_meanwhile(fd: int) -> None:
        # While this thread waits on the disk, another one gets the turn.
        if not lent.is_set():
            take_turn(turns, lent).join(WAIT)
        fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_meanwhile)
    with turns.turn():
        atomic_write_bytes(tmp_path / "file.json", b"{}")
    assert lent.is_set()
    assert (tmp_path / "file.json").read_bytes() == b"{}"
