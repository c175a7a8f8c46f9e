"""Drawing rows in a child process while this one copies them into the database.

Python draws the rows and PostgreSQL's backend ingests them; in one process the two would take
turns, with a child process they run at the same time on two cores. The child is forked, so it
starts with everything the parent has loaded (areas, catalogue, calendar) and never uses the
parent's database connection.
"""

import multiprocessing
import queue as queues
import resource
import traceback
from collections.abc import Callable, Generator


class GeneratorFailed(RuntimeError):
    pass


def stream(produce: Callable[[], Generator], consume: Callable[[str, object], None]):
    """Run `produce()` in a child process and pass each item it yields, (kind, payload), to `consume`.

    Returns (the generator's return value, the child's peak memory in KiB).
    """
    context = multiprocessing.get_context("fork")
    channel = context.Queue(maxsize=2)  # two chunks in flight at most: bounded memory
    child = context.Process(target=_run, args=(produce, channel), daemon=True)
    child.start()
    try:
        while True:
            try:
                kind, payload = channel.get(timeout=5)
            except queues.Empty:
                if not child.is_alive():
                    raise GeneratorFailed(f"The generator process ended with exit code {child.exitcode}.") from None
                continue
            if kind == "error":
                raise GeneratorFailed(payload)
            if kind == "done":
                child.join(timeout=60)
                return payload
            consume(kind, payload)
    finally:
        if child.is_alive():
            child.terminate()
        child.join()


def _run(produce, channel) -> None:
    try:
        rows = produce()
        while True:
            try:
                channel.put(next(rows))
            except StopIteration as stop:
                channel.put(("done", (stop.value, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)))
                return
    except BaseException:  # noqa: BLE001 - every failure is reported to the parent, which raises it
        channel.put(("error", traceback.format_exc()))
