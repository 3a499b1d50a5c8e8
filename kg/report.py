"""One HTML report of the graph: blocs, brokers, dyad timelines, top supporters and suppliers, with plots.

The report is static: matplotlib plots are embedded as PNG data URIs, every string from the
articles goes through `html.escape`, links are made only of http(s) URLs, and its
Content-Security-Policy allows no script at all. It links to the interactive views written
beside it (alliance, events, and an ego view of the main broker).
"""
from __future__ import annotations

import base64
import html
import io
from collections import Counter
from pathlib import Path

import networkx as nx

from .analytics import (Event, Filter, Period, Table, add_treaties, analysis, dyad_scores, load_actors, load_claims,
                        load_treaties, to_networkx, top_actors)
from .atomic import write_text
from .store import Store
from .viz import EVENTS_SHOWN, KIND_COLORS, ego_graph, event_graph, safe_url, to_view

SUPPLY = ("ARMS_TRANSFER", "MILITARY_DEPLOYMENT", "AID")
BLOC_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]


def text_table(rows: Table) -> str:
    """Rows of dicts as an aligned plain-text table.

    Example:
        >>> print(text_table([{"actor": "RUS", "score": 0.7}, {"actor": "PRK", "score": 0.25}]))
        actor  score
        -----  -----
        RUS    0.7
        PRK    0.25
    """
    if not rows:
        return "(none)"
    heads = list(rows[0])
    cells = [[str(r.get(h, "")) for h in heads] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(heads, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def _plain(text: str) -> str:
    """Text for matplotlib: `$` would start mathtext, so an article could break a plot."""
    return text.replace("$", r"\$")


def _png(fig: object) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")  # type: ignore[attr-defined]
    plt.close(fig)  # type: ignore[arg-type]
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def as_reported(e: Event) -> Event:
    """`e` dated when it happened, or when its article reported it if its date lies after that: a
    deadline or a plan ("deliver by 2028") is no event of 2028.

    Example:
        >>> as_reported(Event("1", "AID", "USA", "UKR", 1, "d", "2028", published="2025-07-13")).date
        '2025-07-13'
    """
    import dataclasses

    if e.date and e.published and e.date[:len(e.published)] > e.published[:len(e.date)]:
        return dataclasses.replace(e, date=e.published)
    return e


def period_number(p: str) -> float:
    """A period label on a time axis: 2024 -> 2024.0, 2024-Q3 -> 2024.5, 2024-07 -> 2024.5.

    Example:
        >>> period_number("2024"), period_number("2024-Q3"), period_number("2024-10")
        (2024.0, 2024.5, 2024.75)
    """
    if len(p) == 4:
        return float(p)
    if p[5] == "Q":
        return int(p[:4]) + (int(p[6]) - 1) / 4
    return int(p[:4]) + (int(p[5:7]) - 1) / 12


def dyad_series(events: list[Event], *, period: Period, top: int = 6) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """The points plot_dyads draws: for the `top` dyads most articles report, (time, score) per period.

    Example:
        >>> evs = [Event(str(i), "SUPPORT", "PRK", "RUS", 1, "long", "2019") for i in range(5)]
        >>> evs += [Event("c", "CONFLICT", "PRK", "RUS", 1, "d2", "2024"), Event("f", "AID", "PRK", "RUS", 1,
        ...         "d3", "2028", published="2024-05-01")]
        >>> dyad_series(evs, period="year")
        {('PRK', 'RUS'): [(2019.0, 1.0), (2024.0, 0.0)]}
    """
    scores = dyad_scores([as_reported(e) for e in events], period=period, by="articles")
    volume: Counter[tuple[str, str]] = Counter()
    for d in scores:
        volume[(d.a, d.b)] += d.cooperation + d.conflict
    pairs = [p for p, _ in sorted(volume.items(), key=lambda x: (-x[1], x[0]))[:top]]
    return {(a, b): sorted((period_number(d.period), d.score) for d in scores if (d.a, d.b) == (a, b))
            for a, b in pairs}


def plot_dyads(events: list[Event], labels: dict[str, str], *, period: Period, top: int = 6) -> str | None:
    """Cooperation-conflict score over time of the dyads most articles report, as a PNG data URI.

    Articles, not mentions: a long article repeating a claim counts once. Periods lie on a time axis
    (a gap of years shows as one), and a date after the article's (a plan, a deadline) counts at the
    article's date.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    series = dyad_series(events, period=period, top=top)
    if not series:
        return None
    fig, ax = plt.subplots(figsize=(8, 3.6))
    for (a, b), pts in series.items():
        ax.plot([p for p, _ in pts], [s for _, s in pts], marker="o",
                label=_plain(f"{labels.get(a, a)} – {labels.get(b, b)}"))
    ax.axhline(0, color="#999", lw=0.8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=period == "year"))
    ax.set_xlabel("year" if period == "year" else f"year ({period}s as fractions)")
    ax.set_ylim(-1.1, 1.1)
    ax.set_ylabel("cooperation − conflict")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1, 0.5))
    return _png(fig)


def plot_top(rows: list[tuple[str, int]], labels: dict[str, str], *, title: str, color: str) -> str | None:
    """A horizontal bar chart of (actor, value) rows, as a PNG data URI."""
    import matplotlib.pyplot as plt

    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(5, 0.35 * len(rows) + 1))
    ax.barh([_plain(labels.get(a, a)) for a, _ in reversed(rows)], [v for _, v in reversed(rows)], color=color)
    ax.set_title(_plain(title), fontsize=10)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _png(fig)


def plot_blocs(G: nx.MultiDiGraph, groups: list[list[str]], *, seed: int = 7) -> str | None:
    """The cooperation network with each bloc in its own colour, as a PNG data URI."""
    import matplotlib.pyplot as plt

    from .analytics import cooperation_graph

    H = cooperation_graph(G)
    H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    if len(H) == 0:
        return None
    color = {a: BLOC_COLORS[i % len(BLOC_COLORS)] for i, b in enumerate(groups) for a in b}
    pos = nx.spring_layout(H, seed=seed, k=1.2 / max(1, len(H)) ** 0.5)
    fig, ax = plt.subplots(figsize=(8, 6))
    nx.draw_networkx_edges(H, pos, ax=ax, alpha=0.35, width=[1 + d["weight"] ** 0.5 for _, _, d in H.edges(data=True)])
    nx.draw_networkx_nodes(H, pos, ax=ax, node_size=160, node_color=[color.get(n, "#bab0ac") for n in H])
    nx.draw_networkx_labels(H, pos, ax=ax, font_size=8,
                            labels={n: _plain(str(H.nodes[n].get("label", n))) for n in H})
    ax.set_axis_off()
    return _png(fig)


def _table_html(rows: Table) -> str:
    if not rows:
        return "<p>(none)</p>"
    heads = list(rows[0])
    head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(r.get(h, '')))}</td>" for h in heads) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _img(uri: str | None, alt: str) -> str:
    return f'<img src="{uri}" alt="{html.escape(alt)}">' if uri else f"<p>(no data for {html.escape(alt)})</p>"


def _sources(events: list[Event], limit: int = 50) -> str:
    docs: dict[str, tuple[str, str, int]] = {}
    for e in events:
        for doc in e.docs:  # a claim counts for each article that reports it
            title, url, n = docs.get(doc, (e.title, e.url, 0))
            docs[doc] = (title, url, n + 1)
    items = []
    ranked = sorted(docs.items(), key=lambda x: (-x[1][2], x[0]))
    for doc, (title, url, n) in ranked[:limit]:
        name = html.escape(title or doc)
        link = safe_url(url)
        anchor = f'<a href="{html.escape(link, quote=True)}" rel="noopener noreferrer">{name}</a>' if link else name
        items.append(f"<li>{anchor} <span class=n>({n} claim{'s' if n != 1 else ''})</span></li>")
    rest = ranked[limit:]
    more = ""
    if rest:
        n_rest = sum(n for _d, (_t, _u, n) in rest)
        more = (f"<p class=n>… and {len(rest)} more article{'s' if len(rest) != 1 else ''} ({n_rest} claim"
                f"{'s' if n_rest != 1 else ''}), not listed: <code>kg query articles</code> lists every one.</p>")
    head = f"<p class=n>{len(docs)} article{'s' if len(docs) != 1 else ''}, the {min(limit, len(docs))} with most claims first.</p>"
    return head + "<ol>" + "".join(items) + "</ol>" + more


def report(store: Store, out: str | Path, *, flt: Filter = Filter(), period: Period = "year", seed: int = 7,
           top: int = 10, title: str = "Alliance report") -> Path:
    """Write the report and the views it links to beside it (alliance.html, events.html, ego.html).

    Args:
        out: the report's file (a name ending in .html), or a folder to write report.html in.
    Returns:
        The path of the report.
    """
    import matplotlib

    matplotlib.use("Agg")
    path = Path(out) if str(out).lower().endswith((".html", ".htm")) else Path(out) / "report.html"
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    # claims, not mentions: one record per fact with all its articles (kg/claims.py)
    events, actors = load_claims(store, flt), load_actors(store)
    G = to_networkx(events, actors)
    labels = {a.id: a.label for a in actors.values()}
    treaties = load_treaties(store)
    tables = analysis(G, events, seed=seed, period=period, top=top, treaties=treaties)
    views = {"alliance.html": to_view(add_treaties(G.copy(), treaties), title="Alliance view"),
             # the latest events, as `kg viz --view events` draws them (its legend says how to see all):
             # all 85k events of 10,000 generated articles were drawn and laid out, in a report of 102 s and 1 GB
             "events.html": to_view(event_graph(store, flt, limit=EVENTS_SHOWN), title="Event view")}
    broker = tables["brokers"][0]["actor"] if tables["brokers"] else None
    if broker is not None:
        views["ego.html"] = to_view(ego_graph(G, str(broker), 2), title=f"Ego view: {labels.get(str(broker), broker)}, 2 hops")
    for name, view in views.items():
        view.save(folder / name)
    from .analytics import blocs as find_blocs

    groups = find_blocs(G, seed=seed)
    supporters = top_actors(events, ["SUPPORT", "PRAISE"], top=top, by="count")
    suppliers = top_actors(events, SUPPLY, top=top, by="count")
    nav = " · ".join(f'<a href="{n}">{html.escape(v.title)}</a>' for n, v in views.items())
    sections = [
        f"<p>{len(events)} claims (facts, each with all the articles reporting it) among {G.number_of_nodes()} "
        "states and organizations "
        f"({G.number_of_edges()} dyad-relation edges). Interactive views: {nav}.</p>",
        "<h2>Blocs</h2><p>Louvain communities of the cooperation network (seed "
        f"{seed}): actors that support, meet, agree with, arm or aid each other.</p>",
        _img(plot_blocs(G, groups, seed=seed), "blocs"), _table_html(tables["blocs"]),
        "<h2>Brokers</h2><p>Betweenness centrality over all relations: who links otherwise separate actors.</p>",
        _table_html(tables["brokers"]),
        f"<h2>Dyads over time</h2><p>Score per {period}: (articles reporting cooperation − articles reporting "
        "conflict) / both, for the dyads most articles report; a date after its article's (a plan, a deadline) "
        "counts at the article's date.</p>",
        _img(plot_dyads(events, labels, period=period), "dyad timelines"), _table_html(tables["dyads"]),
        "<h2>Top supporters and suppliers</h2><div class=row>",
        _img(plot_top(supporters, labels, title="Support and praise (claims)", color="#2e7d32"), "top supporters"),
        _img(plot_top(suppliers, labels, title="Arms, troops and aid sent (claims)", color=KIND_COLORS["Country"]),
             "top suppliers"), "</div>",
        "<h2>Formal commitments</h2><p>ATOP treaties binding actors of this report to each other "
        "(<code>kg import atop FILE</code> loads them; <code>kg query treaties-of -p actor=X</code> lists an actor's), "
        "beside what the news reports.</p>",
        _table_html(tables.get("treaties", [])) if treaties else "<p>(none loaded: <code>kg import atop FILE</code>)</p>",
        "<h2>Sources</h2>", _sources(events),
    ]
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<title>{html.escape(title)}</title>
<style>body {{ font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; max-width: 1000px; margin: 1em auto; padding: 0 1em; color: #222; }}
table {{ border-collapse: collapse; margin: .5em 0 1em; font-size: .92em; }} th, td {{ border-bottom: 1px solid #ddd; padding: .2em .6em; text-align: left; }}
img {{ max-width: 100%; }} .row {{ display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }} .n {{ color: #777; }}</style>
</head><body><h1>{html.escape(title)}</h1>
{"".join(sections)}
</body></html>
"""
    write_text(path, page)
    return path
