"""Two windows (two connections, two threads) saving one scenario: a save never silently
overwrites a save its caller had not seen; it either lands or raises SaveConflict / DatabaseBusy.
"""

from __future__ import annotations

import itertools
import threading
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipscope.storage import (
    DatabaseBusy,
    DbScenarioStore,
    SaveConflict,
    delete_scenario,
    list_scenarios,
    load_scenario,
    rename_scenario,
    save_scenario,
)


def test_the_second_of_two_windows_gets_a_conflict(db: Path) -> None:
    first = save_scenario(db, "Shared", "", {"lock_in": 1.0})
    one, two = DbScenarioStore(db), DbScenarioStore(db)
    seen_one = seen_two = load_scenario(db, "Shared").updated_at
    assert seen_one == first
    seen_one = one.save("Shared", "", {"lock_in": 1.5}, expected=seen_one)
    seen_one = one.save("Shared", "", {"lock_in": 1.75}, expected=seen_one)  # same instant
    try:
        two.save("Shared", "", {"lock_in": 2.5}, expected=seen_two)
    except SaveConflict as exc:
        assert exc.name == "Shared" and "'Shared'" in str(exc) and str(db) in str(exc)
    else:
        raise AssertionError("window 2 overwrote window 1's save without a word")
    record = load_scenario(db, "Shared")
    assert record.values == {"lock_in": 1.75} and record.updated_at == seen_one
    two.save("Shared", "", {"lock_in": 2.5})  # Overwrite: no stamp given
    assert load_scenario(db, "Shared").values == {"lock_in": 2.5}


def test_stamps_always_increase(db: Path) -> None:
    stamps = [save_scenario(db, "S", "", {"lock_in": 1.0 + i / 100}) for i in range(30)]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert list_scenarios(db)[0].updated_at == stamps[-1]


_EXAMPLES = iter(range(10**6))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from([0, 1]), st.sampled_from(["read", "save"])),
                min_size=1, max_size=12))
def test_random_interleavings_never_lose_a_save(db: Path, steps: list[tuple[int, str]]) -> None:
    """Two windows read and save in any order: every save that returns is the newest row, and
    it was made on the latest row its window had read (none it had not seen is overwritten)."""
    name = f"S{next(_EXAMPLES)}"  # a fresh scenario per example, in the one database
    committed = [save_scenario(db, name, "", {"lock_in": 1.0})]
    seen = [committed[0], committed[0]]
    for n, (who, what) in enumerate(steps):
        if what == "read":
            seen[who] = load_scenario(db, name).updated_at
            continue
        value = 1.0 + n / 100
        try:
            stamp = save_scenario(db, name, "", {"lock_in": value}, expected=seen[who])
        except SaveConflict:
            assert seen[who] != committed[-1]  # refused only when something was missed
            continue
        assert seen[who] == committed[-1]  # it had seen the newest save
        committed.append(stamp)
        seen[who] = stamp
        assert load_scenario(db, name).values == {"lock_in": value}


def test_concurrent_saves_from_threads_lose_nothing_silently(db: Path) -> None:
    """Two threads (own connections) each read-modify-save 25 times; every save either
    landed on a row its thread had seen, or raised SaveConflict / DatabaseBusy."""
    save_scenario(db, "S", "", {"lock_in": 1.0})
    log: list[tuple[str, str, str]] = []  # (thread, expected, new stamp) of each save
    refused: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def look() -> str:
        """The user looks again; a read that meets the other window's writes without a pause
        is refused (DatabaseBusy: a clear message, nothing changed), so the user tries again."""
        for _ in range(50):
            try:
                return load_scenario(db, "S").updated_at
            except DatabaseBusy:
                time.sleep(0.01)
        return load_scenario(db, "S").updated_at

    def window(tag: str, base: float) -> None:
        try:
            seen = look()
            for i in range(25):
                try:
                    stamp = save_scenario(db, "S", "", {"lock_in": base + i / 1000},
                                          expected=seen)
                except (SaveConflict, DatabaseBusy) as exc:
                    with lock:
                        refused.append(type(exc).__name__)
                    seen = look()
                    continue
                with lock:
                    log.append((tag, seen, stamp))
                seen = stamp
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=window, args=("a", 1.0)),
               threading.Thread(target=window, args=("b", 2.0))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert len(log) + len(refused) == 50
    # The successful saves form one chain: each was made on the stamp the previous one left.
    chain = sorted(log, key=lambda entry: entry[2])
    for before, after in itertools.pairwise(chain):
        assert after[1] == before[2], "a save overwrote a save its window had not seen"
    assert load_scenario(db, "S").updated_at == chain[-1][2]


def test_a_save_of_a_scenario_deleted_or_renamed_since_is_a_conflict(db: Path) -> None:
    """A save that gives the stamp it saw, of a scenario another window or program deleted or
    renamed since, writes nothing and says so (it was saved again without a word)."""
    seen = save_scenario(db, "Gone", "", {"lock_in": 1.0})
    save_scenario(db, "Moved", "", {"lock_in": 1.0})
    moved = load_scenario(db, "Moved").updated_at
    delete_scenario(db, "Gone")
    rename_scenario(db, "Moved", "Elsewhere")
    for name, stamp in (("Gone", seen), ("Moved", moved)):
        try:
            save_scenario(db, name, "", {"lock_in": 2.0}, expected=stamp)
        except SaveConflict as exc:
            assert exc.gone and exc.name == name and str(db) in str(exc)
            assert "deleted or renamed by another window or program" in str(exc)
        else:
            raise AssertionError(f"{name!r} was saved again without a word")
    assert [r.name for r in list_scenarios(db)] == ["Elsewhere"]
    save_scenario(db, "Gone", "", {"lock_in": 2.0}, expected="")  # "": must not be saved
    save_scenario(db, "Moved", "", {"lock_in": 2.0})  # Save again: no stamp given
    assert [r.name for r in list_scenarios(db)] == ["Elsewhere", "Gone", "Moved"]
