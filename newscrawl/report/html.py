"""The crawl report as one self-contained HTML page, charts drawn by plotly.

The page loads nothing from anywhere: plotly.js is written into the page once (about 4.5 MB),
before the first chart, and every later chart reuses it, so the file can be mailed, archived
or opened on a machine without network access. Nothing in it links outside the page either
(plotly's logo link is switched off). Text from the database (site names, spider names) is
HTML-escaped; plotly escapes what it puts in its JSON.

Only :class:`~newscrawl.report.data.ReportData` goes in: this module does no database work.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from html import escape
from typing import Final

import plotly.graph_objects as go
from plotly.colors import qualitative

from newscrawl.report.data import (
    COVERAGE_FIELDS,
    CitationEdge,
    CoverageRow,
    DayCount,
    ReportData,
    RunSummary,
)

__all__ = ["build_html"]

#: The most cited outlets shown in the bar chart.
TOP_OUTLETS: Final = 20
#: The citation graph shows the strongest edges only: a circle with hundreds of chords is noise.
GRAPH_EDGES: Final = 60
#: Above this many days between the first and last day, the per-day chart bins by week, and
#: above the second by month: a daily bar over years is narrower than a pixel.
_WEEKLY_AFTER_DAYS: Final = 92
_MONTHLY_AFTER_DAYS: Final = 731
_CONFIG: Final = {"displaylogo": False, "responsive": True}
# Above the plot area, left to right in trace order (stacked bars would list it backwards).
_LEGEND: Final = {
    "orientation": "h",
    "yanchor": "bottom",
    "y": 1.02,
    "xanchor": "left",
    "x": 0,
    "traceorder": "normal",
}
_TEMPLATE: Final = "plotly_white"
_PALETTE: Final = qualitative.Plotly + qualitative.D3
_LINKED_COLOR: Final = "#2ca02c"
_UNLINKED_COLOR: Final = "#ff7f0e"
_NOT_CRAWLED_COLOR: Final = "#9e9e9e"
_CRAWLED_COLOR: Final = "#1f77b4"
_CITED_COLOR: Final = "#9467bd"

_CSS: Final = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       margin: 0 auto; max-width: 1300px; padding: 1rem 2rem 3rem; color: #222; }
h1 { margin-bottom: 0.2rem; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.3rem; }
.meta { color: #555; margin-top: 0; }
.totals { display: flex; flex-wrap: wrap; gap: 0.8rem; margin: 1rem 0; }
.total { background: #f4f6f8; border-radius: 6px; padding: 0.6rem 1rem; min-width: 8rem; }
.total b { display: block; font-size: 1.5rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.35rem 0.8rem; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.status-ok { color: #1a7f37; } .status-failed { color: #c62828; font-weight: bold; }
.status-running { color: #8a6d00; }
.note { color: #666; font-size: 0.9rem; }
.empty { background: #fff8e1; border: 1px solid #f0d98c; border-radius: 6px; padding: 1rem; }
"""


class _Charts:
    """Renders figures as ``<div>``s; the first one carries plotly.js, the others reuse it."""

    def __init__(self) -> None:
        self.count = 0

    def render(self, figure: go.Figure, name: str) -> str:
        # True writes plotly.js into the page (plotly's documented value for a
        # self-contained file); "cdn" or a path would make the page need a network or a file.
        include: bool = self.count == 0
        self.count += 1
        html: str = figure.to_html(
            full_html=False,
            include_plotlyjs=include,
            config=_CONFIG,
            div_id=f"chart-{name}",
        )
        return html


def _site_colors(sites: Iterable[str]) -> dict[str, str]:
    return {site: _PALETTE[i % len(_PALETTE)] for i, site in enumerate(sites)}


def _fmt_int(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")  # a thin space groups thousands in any locale


def _fmt_duration(value: timedelta | None) -> str:
    if value is None:
        return "—"
    if value.total_seconds() < 10:
        return f"{max(value.total_seconds(), 0):.1f} s"
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def _bucket(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())  # the Monday of the ISO week
    if unit == "month":
        return day.replace(day=1)
    return day


def _per_day_figure(
    rows: Sequence[DayCount],
    colors: dict[str, str],
    first: date | None = None,
    last: date | None = None,
) -> tuple[go.Figure, str]:
    """Stacked bars of articles per site over time; returns the figure and its time unit.

    The axis spans ``first``..``last`` (default: the days with data), one bar per day with
    articles; only a span longer than :data:`_WEEKLY_AFTER_DAYS` is binned by week or month.
    The range and ticks are set here: plotly's own choice for a single bar is a sliver of one
    day with ticks at fractions of a second.
    """
    days_with_data = [r.day for r in rows]
    first = min(first, *days_with_data) if first else min(days_with_data)
    last = max(last, *days_with_data) if last else max(days_with_data)
    span = (last - first).days
    unit = "day"
    if span > _MONTHLY_AFTER_DAYS:
        unit = "month"
    elif span > _WEEKLY_AFTER_DAYS:
        unit = "week"
    counts: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        counts[row.site][_bucket(row.day, unit)] += row.articles
    day_ms = 86_400_000
    unit_days = {"day": 1, "week": 7, "month": 30}[unit]
    figure = go.Figure()
    for site, color in colors.items():
        if site not in counts:
            continue
        days = sorted(counts[site])
        figure.add_bar(
            name=site,
            # the middle of the day (week, month): the bar then covers its own day
            x=[f"{d.isoformat()} 12:00" if unit == "day" else d.isoformat() for d in days],
            y=[counts[site][d] for d in days],
            width=0.8 * unit_days * day_ms,
            offset=None if unit == "day" else 0,
            marker_color=color,
            hovertemplate=f"{escape(site)}<br>%{{x|%Y-%m-%d}}: %{{y}} articles<extra></extra>",
        )
    start = _bucket(first, unit)
    end = _bucket(last, unit) + timedelta(days=unit_days)
    step = max(1, math.ceil(((end - start).days / unit_days) / 12))
    xaxis: dict[str, object] = {
        "type": "date",
        "title": f"published (UTC {unit})",
        "range": [start.isoformat(), end.isoformat()],
        "tickformat": "%Y-%m" if unit == "month" else "%Y-%m-%d",
        "tick0": start.isoformat(),
        "dtick": f"M{step}" if unit == "month" else step * unit_days * day_ms,
    }
    if unit == "day":
        xaxis["ticklabelmode"] = "period"  # a day's label under its bar, not at midnight
    figure.update_layout(
        barmode="stack",
        template=_TEMPLATE,
        height=420,
        margin={"l": 50, "r": 20, "t": 50, "b": 40},
        legend=_LEGEND,
        xaxis=xaxis,
        yaxis={"title": f"articles per {unit}", "rangemode": "tozero"},
    )
    return figure, unit


def _cited_figure(data: ReportData) -> go.Figure:
    top = data.cited_outlets[:TOP_OUTLETS]
    # Horizontal bars read top-down, so the most cited goes last (plotly draws bottom-up).
    top = list(reversed(top))
    labels = [_outlet_label(o.outlet_id, data.outlet_names) for o in top]
    figure = go.Figure()
    figure.add_bar(
        name="cited",
        orientation="h",
        y=labels,
        x=[o.cited for o in top],
        marker_color=_CRAWLED_COLOR,
        hovertemplate="%{y}: cited by %{x} articles<extra></extra>",
    )
    figure.add_bar(
        name="via (source of a cited outlet)",
        orientation="h",
        y=labels,
        x=[o.via for o in top],
        marker_color=_CITED_COLOR,
        hovertemplate="%{y}: named as the source of a source in %{x} articles<extra></extra>",
    )
    figure.update_layout(
        barmode="stack",
        template=_TEMPLATE,
        height=140 + 26 * len(top),
        margin={"l": 20, "r": 20, "t": 50, "b": 40},
        legend=_LEGEND,
        xaxis={"title": "articles citing the outlet"},
        yaxis={"automargin": True},
    )
    return figure


def _outlet_label(outlet_id: str, names: dict[str, str]) -> str:
    name = names.get(outlet_id)
    return outlet_id if name is None or name == outlet_id else f"{name} ({outlet_id})"


def _graph_figure(data: ReportData) -> go.Figure:
    """Outlets on a circle, an arrow per citing → cited pair, nodes sized by degree."""
    edges: list[CitationEdge] = data.citation_edges[:GRAPH_EDGES]
    sources = sorted({e.source for e in edges})
    weight: dict[str, int] = defaultdict(int)  # articles on the node's edges, both directions
    neighbours: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        weight[e.source] += e.articles
        weight[e.target] += e.articles
        neighbours[e.source].add(e.target)
        neighbours[e.target].add(e.source)
    # The crawled outlets inside, the cited ones on a ring around them, most cited first:
    # arrows then radiate in every direction instead of fanning out from one arc.
    cited_only = sorted(set(weight) - set(sources), key=lambda n: (-weight[n], n))
    nodes = sources + cited_only
    position: dict[str, tuple[float, float]] = {}
    for i, node in enumerate(sources):
        if len(sources) == 1:
            position[node] = (0.0, 0.0)
            continue
        angle = math.pi / 2 + 2 * math.pi * i / len(sources)
        position[node] = (0.3 * math.cos(angle), 0.3 * math.sin(angle))
    for i, node in enumerate(cited_only):
        angle = math.pi / 2 - 2 * math.pi * i / len(cited_only)
        position[node] = (math.cos(angle), math.sin(angle))
    heaviest = max(weight.values())
    size = {n: 14 + 36 * math.sqrt(weight[n] / heaviest) for n in nodes}
    strongest = max(e.articles for e in edges)

    figure = go.Figure()
    annotations = []
    for e in edges:
        (x0, y0), (x1, y1) = position[e.source], position[e.target]
        annotations.append(
            {
                "x": x1,
                "y": y1,
                "ax": x0,
                "ay": y0,
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "text": "",
                "showarrow": True,
                "arrowhead": 2,
                "arrowsize": 1,
                "arrowwidth": 1 + 4 * e.articles / strongest,
                "arrowcolor": "rgba(90, 90, 90, 0.45)",
                # Stop the arrow at the node's edge, not its centre (marker size is a diameter).
                "standoff": size[e.target] / 2 + 1,
                "startstandoff": size[e.source] / 2,
            }
        )
    # Annotations have no hover of their own: an invisible marker mid-edge carries it.
    figure.add_scatter(
        x=[(position[e.source][0] + position[e.target][0]) / 2 for e in edges],
        y=[(position[e.source][1] + position[e.target][1]) / 2 for e in edges],
        mode="markers",
        marker={"size": 10, "opacity": 0},
        hovertext=[
            f"{_outlet_label(e.source, data.outlet_names)} → "
            f"{_outlet_label(e.target, data.outlet_names)}: {e.articles} articles"
            for e in edges
        ],
        hoverinfo="text",
        showlegend=False,
    )
    for group, members, color in (
        ("crawled outlet", sources, _CRAWLED_COLOR),
        ("cited outlet", cited_only, _CITED_COLOR),
    ):
        if not members:
            continue
        figure.add_scatter(
            name=group,
            x=[position[n][0] for n in members],
            y=[position[n][1] for n in members],
            mode="markers+text",
            text=[data.outlet_names.get(n, n) for n in members],
            textposition=[_label_position(*position[n]) for n in members],
            textfont={"size": 12},
            marker={
                "size": [size[n] for n in members],
                "color": color,
                "line": {"width": 1, "color": "white"},
            },
            hovertext=[
                f"{_outlet_label(n, data.outlet_names)}<br>{weight[n]} citing articles, "
                f"{len(neighbours[n])} linked outlets"
                for n in members
            ],
            hoverinfo="text",
        )
    # No fixed aspect ratio: the ring stretches to the page's width, which leaves the
    # labels left and right of it the room they need.
    figure.update_layout(
        template=_TEMPLATE,
        height=680,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        annotations=annotations,
        xaxis={"visible": False, "range": [-1.5, 1.5]},
        yaxis={"visible": False, "range": [-1.2, 1.2]},
        legend=_LEGEND,
    )
    return figure


def _label_position(x: float, y: float) -> str:
    """Where a node's label goes: away from the centre of the ring."""
    if abs(x) < 0.35 and abs(y) > 0.5:
        return "top center" if y > 0 else "bottom center"
    return "middle right" if x >= 0 else "middle left"


def _coverage_labels(rows: Sequence[CoverageRow]) -> list[str]:
    labels: list[str] = []
    for row in rows:
        count = "" if row.articles is None else f" ({row.articles} articles)"
        if row.run_id is None:
            label = f"{row.site} · stored{count}"
        else:
            when = row.started_at.strftime("%Y-%m-%d %H:%M") if row.started_at else "?"
            label = f"{row.site} · {row.spider} {when}{count}"
        # plotly merges equal category labels into one row: keep every row distinct.
        if label in labels and row.run_id is not None:
            label = f"{label} [{row.run_id[:6]}]"
        labels.append(label)
    return labels


def _coverage_figure(rows: Sequence[CoverageRow]) -> go.Figure:
    fields = [f for f in COVERAGE_FIELDS if any(f in r.shares for r in rows)]
    fields += sorted({f for r in rows for f in r.shares} - set(fields))
    z = [[row.shares.get(f) for f in fields] for row in rows]
    figure = go.Figure()
    figure.add_heatmap(
        x=fields,
        y=_coverage_labels(rows),
        z=z,
        zmin=0,
        zmax=1,
        colorscale="RdYlGn",
        texttemplate="%{z:.0%}",
        hovertemplate="%{y}<br>%{x}: %{z:.1%}<extra></extra>",
        colorbar={"tickformat": ".0%", "title": {"text": "share"}},
        xgap=2,
        ygap=2,
    )
    figure.update_layout(
        template=_TEMPLATE,
        height=160 + 30 * len(rows),
        # the field names sit on top: leave the mode bar room above them
        margin={"l": 20, "r": 20, "t": 70, "b": 20},
        xaxis={"side": "top"},
        yaxis={"autorange": "reversed", "automargin": True},
    )
    return figure


def _translations_figure(data: ReportData) -> go.Figure:
    # Horizontal bars, one per site, most translations on top: usually one or two sites,
    # which vertical bars would stretch across the whole page.
    rows = list(reversed(data.translations))
    sites = [t.site for t in rows]
    figure = go.Figure()
    for name, values, color in (
        ("linked to the original", [t.linked for t in rows], _LINKED_COLOR),
        ("original stored, not linked", [t.original_stored for t in rows], _UNLINKED_COLOR),
        ("original not crawled", [t.original_not_crawled for t in rows], _NOT_CRAWLED_COLOR),
    ):
        figure.add_bar(
            name=name,
            orientation="h",
            y=sites,
            x=values,
            marker_color=color,
            text=values,
            textposition="inside",
            insidetextanchor="middle",
            hovertemplate=f"%{{y}}: %{{x}} {name}<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        template=_TEMPLATE,
        height=160 + 50 * len(rows),
        margin={"l": 20, "r": 20, "t": 50, "b": 40},
        legend=_LEGEND,
        xaxis={"title": "translations (is_translation)"},
        yaxis={"type": "category", "automargin": True},
    )
    return figure


def _runs_table(runs: Sequence[RunSummary]) -> str:
    head = (
        "<tr><th>spider</th><th>started (UTC)</th><th class=num>duration</th>"
        "<th>status</th><th class=num>articles stored</th></tr>"
    )
    rows = []
    for run in runs:
        started = run.started_at.strftime("%Y-%m-%d %H:%M:%S") if run.started_at else "—"
        duration = "running" if run.status == "running" else _fmt_duration(run.duration)
        stored = "—" if run.stored is None else _fmt_int(run.stored)
        status_class = escape(run.status if run.status in {"ok", "failed", "running"} else "other")
        rows.append(
            f"<tr><td>{escape(run.spider)}</td><td>{started}</td>"
            f"<td class=num>{duration}</td>"
            f'<td class="status-{status_class}">{escape(run.status)}</td>'
            f"<td class=num>{stored}</td></tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"


def _sites_table(data: ReportData) -> str:
    rows = "".join(
        f"<tr><td>{escape(s.site)}</td><td class=num>{_fmt_int(s.articles)}</td>"
        f"<td class=num>{_fmt_int(s.undated)}</td></tr>"
        for s in data.sites
    )
    return (
        "<table><tr><th>site</th><th class=num>articles</th>"
        f"<th class=num>without a date</th></tr>{rows}</table>"
    )


def _section(title: str, body: str, note: str = "") -> str:
    note_html = f'<p class="note">{note}</p>' if note else ""
    return f"<section><h2>{escape(title)}</h2>{note_html}{body}</section>"


def _empty(text: str) -> str:
    return f'<p class="empty">{text}</p>'


def _header(data: ReportData) -> str:
    totals = [
        ("articles", _fmt_int(data.total_articles)),
        ("sites", _fmt_int(len(data.sites))),
        ("without a date", _fmt_int(data.undated_articles)),
        ("cited outlets", _fmt_int(len(data.cited_outlets))),
        ("translations", _fmt_int(sum(t.total for t in data.translations))),
        ("crawl runs", _fmt_int(data.run_count)),
    ]
    cards = "".join(f'<div class="total"><b>{value}</b>{label}</div>' for label, value in totals)
    generated = data.generated_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    return (
        "<header><h1>newscrawl crawl report</h1>"
        f'<p class="meta">Database <b>{escape(data.database)}</b> · generated {generated}</p>'
        f'<div class="totals">{cards}</div></header>'
    )


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def build_html(data: ReportData) -> str:
    """The whole report page for ``data``: one HTML document with every script inline."""
    title = f"newscrawl report: {data.database}"
    if data.is_empty:
        body = _header(data) + _empty(
            f"No data: the database <b>{escape(data.database)}</b> holds no articles and no "
            "crawl runs yet. Run a crawl (<code>scrapy crawl orda_en</code>) and build the "
            "report again."
        )
        return _page(title, body)

    charts = _Charts()
    colors = _site_colors(s.site for s in data.sites)
    parts = [_header(data)]
    parts.append(_section("Articles per site", _sites_table(data)) if data.sites else "")

    if data.since and data.until:
        window = f"published {data.since.isoformat()} to {data.until.isoformat()} (UTC days)"
    elif data.since:
        window = f"published since {data.since.isoformat()} (UTC days)"
    elif data.until:
        window = f"published until {data.until.isoformat()} (UTC days)"
    else:
        window = "all publication dates"
    if data.per_day:
        figure, unit = _per_day_figure(data.per_day, colors, data.since, data.until)
        note = f"Articles by publication day, {window}; one bar per {unit} with articles."
        if data.outside_window:
            note += (
                f" {_fmt_int(data.outside_window)} of {_fmt_int(data.total_articles)} "
                "articles were published outside this window (<code>--days 0</code> or "
                "<code>--since</code>/<code>--until</code> to see them)."
            )
        if data.undated_articles:
            note += f" {data.undated_articles} articles without a date are not shown."
        parts.append(_section("Articles over time", charts.render(figure, "per-day"), note))
    else:
        parts.append(_section("Articles over time", _empty(f"No articles {window}.")))

    if data.cited_outlets:
        note = (
            f"The {min(TOP_OUTLETS, len(data.cited_outlets))} outlets most often named as a "
            "source (articles, an outlet's references to itself excluded)."
        )
        chart = charts.render(_cited_figure(data), "cited-outlets")
        parts.append(_section("Most cited outlets", chart, note))
        note = (
            "An arrow from a crawled outlet to an outlet its articles cite; node size: "
            "citing articles on the node's arrows."
        )
        if len(data.citation_edges) > GRAPH_EDGES:
            note += f" The {GRAPH_EDGES} strongest of {len(data.citation_edges)} links shown."
        chart = charts.render(_graph_figure(data), "citation-graph")
        parts.append(_section("Citation graph", chart, note))
    else:
        no_citations = _empty("No article cites another registered outlet.")
        parts.append(_section("Most cited outlets", no_citations))

    if data.coverage_runs:
        # Every site gets a row: one no recent run reported (its articles were all unchanged,
        # say) is shown from its stored articles.
        reported = {row.site for row in data.coverage_runs}
        rows = data.coverage_runs + [
            row for row in data.coverage_articles if row.site not in reported
        ]
        note = (
            "Share of each run's articles with the field, from the crawl stats (newest "
            "first), with the number of articles each share is of; sites no recent run "
            "reports are shown from their stored articles."
        )
        chart = charts.render(_coverage_figure(rows), "coverage")
        parts.append(_section("Field coverage per run", chart, note))
    elif data.coverage_articles:
        note = (
            "Share of the stored articles with a non-empty field (no crawl run reports "
            "coverage stats yet)."
        )
        chart = charts.render(_coverage_figure(data.coverage_articles), "coverage")
        parts.append(_section("Field coverage per site", chart, note))

    if data.translations:
        note = (
            "Translations (is_translation): linked to their original; not linked although "
            "articles of the original's site are stored around their date; not linked with "
            "no article of the original's site stored then (the original was not crawled)."
        )
        chart = charts.render(_translations_figure(data), "translations")
        parts.append(_section("Translations", chart, note))

    if data.runs:
        shown = f"The last {len(data.runs)} of {data.run_count} crawl runs."
        parts.append(_section("Recent crawl runs", _runs_table(data.runs), shown))
    else:
        parts.append(_section("Recent crawl runs", _empty("No crawl run is recorded.")))
    return _page(title, "\n".join(parts))
