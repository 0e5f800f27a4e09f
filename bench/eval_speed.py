"""CPU time per page of newscrawl and trafilatura, measured interleaved in one process.

    .venv/bin/python bench/eval_speed.py --data /tmp/holdout/* --split dev --rounds 3

On a shared machine a sequential run of one tool after the other measures the other users'
load as much as the tools. Here each page is extracted by both tools in turn (the order
alternating from page to page), and each call is timed with the process's CPU clock, so a
busy neighbour slows both alike and is not counted as either tool's work. The pages are the
evaluation kit's (``../shared/eval``; its ``evaluate.py`` decides the split), and the two
extractors are the same functions ``evaluate.py --py eval_adapter:extract`` and
``--py baselines:trafilatura`` call. Prints milliseconds of CPU per page (mean and median)
for each tool and each round, and the ratio.

The first round is the figure for pages a tool has not seen: later rounds read the same pages
again, and both libraries keep caches keyed by page content (htmldate's date expressions, for
one, cost a tenth the second time), which favour the tool that leans on them more. Compare
first rounds of separate runs (``--rounds 1``, the default).
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Extractor = Callable[[bytes, str], Any]
DEFAULT_KIT = Path(__file__).resolve().parents[2] / "shared" / "eval"


def _pages(data: list[Path], split: str, kit: Any) -> list[tuple[bytes, str]]:
    pages: list[tuple[bytes, str]] = []
    for folder in data:
        for line in (folder / "truth.jsonl").read_text(encoding="utf8").splitlines():
            record = json.loads(line)
            if not kit.in_split(folder.name, record["id"], split):
                continue
            pages.append(((folder / record["file"]).read_bytes(), record["url"]))
    return pages


def _round(pages: list[tuple[bytes, str]], tools: dict[str, Extractor]) -> dict[str, list[float]]:
    spent: dict[str, list[float]] = {name: [] for name in tools}
    order = list(tools.items())
    for index, (html, url) in enumerate(pages):
        for name, tool in order if index % 2 == 0 else reversed(order):
            start = time.process_time()
            tool(html, url)
            spent[name].append(time.process_time() - start)
    return spent


def main(argv: list[str] | None = None) -> int:
    """Run the interleaved measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--data", nargs="+", type=Path, required=True)
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--kit", type=Path, default=DEFAULT_KIT)
    args = parser.parse_args(argv)
    sys.path[:0] = [str(args.kit), str(Path(__file__).resolve().parent)]
    kit = importlib.import_module("evaluate")
    baselines = importlib.import_module("baselines")
    adapter = importlib.import_module("eval_adapter")
    tools: dict[str, Extractor] = {
        "newscrawl": adapter.extract,
        "trafilatura": baselines.trafilatura,
    }
    pages = _pages(args.data, args.split, kit)
    for html, url in pages[: args.warmup]:
        for tool in tools.values():
            tool(html, url)
    totals: dict[str, list[float]] = {name: [] for name in tools}
    for number in range(1, args.rounds + 1):
        spent = _round(pages, tools)
        cells = []
        for name, times in spent.items():
            totals[name].extend(times)
            mean = 1000 * statistics.fmean(times)
            cells.append(f"{name} {mean:.1f} ms (p50 {1000 * statistics.median(times):.1f})")
        print(f"round {number}, {len(pages)} pages: " + ", ".join(cells), flush=True)
    ours = statistics.fmean(totals["newscrawl"])
    theirs = statistics.fmean(totals["trafilatura"])
    print(
        f"CPU per page: newscrawl {1000 * ours:.1f} ms, trafilatura {1000 * theirs:.1f} ms; "
        f"newscrawl/trafilatura {ours / theirs:.2f} "
        f"(pages/s of CPU: {1 / ours:.1f} vs {1 / theirs:.1f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
