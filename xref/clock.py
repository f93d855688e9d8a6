"""Seconds per stage of a job: run.json's ``timings``, the matcher's statistics, a matcher evaluation's."""

from __future__ import annotations

import time
from collections.abc import Callable


class Laps:
    """Times consecutive stages: each call records, under the stage's name, the seconds since the previous call.

    ``after`` runs after each lap is recorded and before the next is started, so what it measures (the peak memory,
    :func:`xref.pipeline._stages`) is not counted in any stage's time.
    """

    def __init__(self, after: Callable[[str], None] | None = None) -> None:
        self.timings: dict[str, float] = {}
        self._after = after
        self._clock = time.perf_counter()

    def __call__(self, stage: str) -> None:
        """End the stage called ``stage`` now, and start the next."""
        self.timings[stage] = round(time.perf_counter() - self._clock, 3)
        if self._after is not None:
            self._after(stage)
        self._clock = time.perf_counter()
