"""Item pipelines with a stopwatch: the project's own classes, timed from outside.

``bench.timed.<dotted path with __ for .>`` is a subclass of that pipeline whose
``process_item``, ``open_spider`` and ``close_spider`` add their wall-clock and CPU (thread)
seconds to the crawl stats under ``bench/pipeline/<ClassName>/…`` when the spider closes, so
the stats file tells where a crawl's time went, storage included, from the same run::

    -s 'ITEM_PIPELINES={"bench.timed.newscrawl__pipelines__mongo__MongoPipeline": 900, …}'

:func:`timed_pipelines` turns the project's ``ITEM_PIPELINES`` into that form. Only
synchronous ``process_item`` methods are timed exactly (newscrawl's are).
"""

from __future__ import annotations

import time
from typing import Any

from scrapy.utils.misc import load_object

_CLASSES: dict[str, type] = {}
_PREFIX = "bench/pipeline"


def timed_pipelines(pipelines: dict[str, int], skip: tuple[str, ...] = ()) -> dict[str, int]:
    """``pipelines`` with each class replaced by its timed subclass; ``skip`` ones dropped."""
    return {
        f"{__name__}.{path.replace('.', '__')}": order
        for path, order in pipelines.items()
        if not (skip and path.endswith(skip))
    }


def _timed(base: type) -> type:
    """A subclass of ``base`` that times its hooks."""

    class Timed(base):  # type: ignore[misc, valid-type]
        _bench_stats: Any = None
        _bench_times: dict[str, float]

        @classmethod
        def from_crawler(cls, crawler: Any) -> Any:
            parent = getattr(super(), "from_crawler", None)
            instance = parent(crawler) if parent is not None else cls()
            instance._bench_stats = crawler.stats
            instance._bench_times = {"wall": 0.0, "cpu": 0.0}
            return instance

        def _clock(self, method: Any, *args: Any) -> Any:
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                return method(*args)
            finally:
                self._bench_times["wall"] += time.perf_counter() - wall
                self._bench_times["cpu"] += time.thread_time() - cpu

        def process_item(self, item: Any, *args: Any) -> Any:
            return self._clock(super().process_item, item, *args)

        def open_spider(self, *args: Any) -> Any:
            parent = getattr(super(), "open_spider", None)
            return self._clock(parent, *args) if parent else None

        def close_spider(self, *args: Any) -> Any:
            parent = getattr(super(), "close_spider", None)
            result = self._clock(parent, *args) if parent else None
            if self._bench_stats is not None:
                for kind, seconds in self._bench_times.items():
                    self._bench_stats.set_value(
                        f"{_PREFIX}/{base.__name__}/{kind}_seconds", round(seconds, 3)
                    )
            return result

    Timed.__name__ = Timed.__qualname__ = f"Timed{base.__name__}"
    return Timed


def __getattr__(name: str) -> type:
    """Scrapy's ``load_object("bench.timed.a__b__C")`` lands here."""
    if name.startswith("__"):
        raise AttributeError(name)
    if name not in _CLASSES:
        _CLASSES[name] = _timed(load_object(name.replace("__", ".")))
    return _CLASSES[name]
