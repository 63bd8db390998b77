"""`make audit`: Lighthouse (mobile) on the built site served as GitHub Pages serves it; writes AUDIT.md.

    python tools/audit.py [SITE_DIR] [--runs 3] [--out AUDIT.md] [--keep DIR]

Serves SITE_DIR (default site/, which `make audit` builds first) gzip-compressed on 127.0.0.1
(tools/pages_server.py) and runs npm's `lighthouse` (pinned in package.json; `npm ci
--ignore-scripts`) on Debian's Chromium (CHROME_PATH=/usr/bin/chromium, the flags the browser
tests use) with its default mobile settings (a mid-range phone, simulated slow 4G) --runs times
per page, on the home page, a story, an event, a school, the month view and /subscribe/. Each
figure is the median of the runs. It reports the four category scores, the bytes transferred
on first load, any request to another host, and every audit that did not pass; writes them as
Markdown to --out (for BENCHMARKS.md); and exits 1 when a target is missed (issue 11:
accessibility, best practices and SEO 100 on every page; issue 13: performance at least 98 on
the home page, a story and an event, at most 150 KiB on first load for the home page and a story;
no request to another host on any page). Not part of `make test`: it takes minutes, and its
performance score depends on how busy the machine is (Lighthouse's benchmark index says so).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO / "tests"))

from browser_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the flags the browser tests use)
from pages_server import serving  # noqa: E402

LIGHTHOUSE = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
KIB = 1024

# Targets: (what, pages it applies to (None: every page), check on a PageResult, its wording).
PERFORMANCE_PAGES = ("home", "story", "event")
BYTES_PAGES = ("home", "story")
MAX_BYTES = 150 * KIB


@dataclass
class PageResult:
    name: str
    path: str
    scores: dict[str, int] = field(default_factory=dict)    # category → median score, 0–100
    bytes: int = 0                                          # median transfer on first load
    requests: int = 0
    elsewhere: list[str] = field(default_factory=list)      # requests to another host, any run
    failing: dict[str, set[str]] = field(default_factory=dict)  # category → "id: title (value)"
    benchmark: float = 0.0                                  # Lighthouse's benchmarkIndex, median


def pick_pages(site: Path) -> dict[str, str]:
    """The pages to audit, as site paths: fixed ones, and the first story (with a photo), upcoming
    event and school (with stories) by name."""
    def html(path: str) -> str:
        return (site / path / "index.html").read_text("utf-8")

    def first(section: str, pattern: str, test=lambda text: True) -> str:
        names = sorted(p.name for p in (site / section).iterdir() if (p / "index.html").is_file())
        found = [f"{section}/{n}/" for n in names if re.fullmatch(pattern, n)]
        chosen = [p for p in found if test(html(p))] or found
        if not chosen:
            raise SystemExit(f"audit: no page under /{section}/ in {site}")
        return chosen[0]

    today = datetime.now(UTC).date().isoformat()

    def upcoming(text: str) -> bool:
        dates = re.findall(r'"(?:endDate|startDate)":"(\d{4}-\d{2}-\d{2})', text)
        return '"@type":"Event"' in text and bool(dates) and max(dates) >= today

    return {
        "home": "",
        "story": first("stories", r"\d{4}-\d{2}-\d{2}-[a-z0-9-]+", lambda text: "<figure" in text),
        "event": first("events", r"[a-z0-9-]+", upcoming),
        "school": first("schools", r"[a-z0-9-]+", lambda text: "/stories/20" in text),
        "month view": "events/calendar/",
        "subscribe": "subscribe/",
    }


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (mobile, its defaults) on url; its JSON report."""
    if not LIGHTHOUSE.is_file():
        raise SystemExit("audit: no node_modules/lighthouse: run `npm ci --ignore-scripts` (or make test-deps)")
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    command = ["node", str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", "--chrome-flags=" + " ".join(CHROMIUM_ARGS)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or not out.is_file():
        raise SystemExit(f"audit: lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-3000:]}")
    report = json.loads(out.read_text("utf-8"))
    if report.get("runtimeError"):
        raise SystemExit(f"audit: lighthouse could not load {url}: {report['runtimeError']}")
    return report


def failing_audits(report: dict) -> dict[str, set[str]]:
    """category → the audits it counts that did not fully pass."""
    found: dict[str, set[str]] = {}
    for category, data in report["categories"].items():
        for ref in data["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) == 0 and category != "performance":
                continue
            if audit.get("score") is None or audit["score"] >= 1:
                continue
            if audit["scoreDisplayMode"] not in ("binary", "numeric", "metricSavings"):
                continue
            if category == "performance" and audit["score"] >= 0.9 and ref.get("group") == "metrics":
                continue
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            found.setdefault(category, set()).add(f"`{ref['id']}`: {audit['title']}{value}")
    return found


def audit_page(base: str, name: str, path: str, runs: int, keep: Path) -> PageResult:
    result = PageResult(name, path)
    reports = []
    for run in range(1, runs + 1):
        out = keep / f"{name.replace(' ', '-')}-{run}.json"
        report = lighthouse(base + path, out)
        reports.append(report)
        scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
        print(f"  {name} run {run}: " + ", ".join(f"{c} {s}" for c, s in scores.items())
              + f", {report['audits']['total-byte-weight']['numericValue'] / KIB:.1f} KiB", flush=True)
    own = urlsplit(base).netloc
    for category in CATEGORIES:
        result.scores[category] = round(statistics.median(r["categories"][category]["score"] * 100 for r in reports))
    result.bytes = round(statistics.median(r["audits"]["total-byte-weight"]["numericValue"] for r in reports))
    result.benchmark = statistics.median(r["environment"]["benchmarkIndex"] for r in reports)
    items = [r["audits"]["network-requests"]["details"]["items"] for r in reports]
    result.requests = round(statistics.median(len(i) for i in items))
    result.elsewhere = sorted({item["url"] for i in items for item in i
                               if urlsplit(item["url"]).scheme in ("http", "https")
                               and urlsplit(item["url"]).netloc != own})
    median_run = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])[len(reports) // 2]
    result.failing = failing_audits(median_run)
    for report in reports:  # an accessibility, best-practice or SEO failure in any run counts
        for category, audits in failing_audits(report).items():
            if category != "performance":
                result.failing.setdefault(category, set()).update(audits)
    return result


def missed_targets(results: list[PageResult]) -> list[str]:
    missed = []
    for result in results:
        for category in ("accessibility", "best-practices", "seo"):
            if result.scores[category] < 100:
                missed.append(f"{result.name}: {category} {result.scores[category]} (target 100)")
        if result.name in PERFORMANCE_PAGES and result.scores["performance"] < 98:
            missed.append(f"{result.name}: performance {result.scores['performance']} (target at least 98)")
        if result.name in BYTES_PAGES and result.bytes > MAX_BYTES:
            missed.append(f"{result.name}: {result.bytes / KIB:.1f} KiB on first load (target at most 150 KiB)")
        if result.elsewhere:
            missed.append(f"{result.name}: requests to another host: {', '.join(result.elsewhere)}")
    return missed


def versions() -> dict[str, str]:
    lighthouse_version = json.loads((LIGHTHOUSE.parent.parent / "package.json").read_text("utf-8"))["version"]
    chromium = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return {"lighthouse": lighthouse_version, "chromium": chromium, "node": node}


def markdown(results: list[PageResult], missed: list[str], runs: int, site: Path) -> str:
    info = versions()
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    lines = [
        "# Lighthouse audit (`make audit`)",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; Lighthouse {info['lighthouse']} (mobile: its default phone and",
        f"simulated slow 4G), {info['chromium']}, Node {info['node']}; {platform.platform()}, "
        f"{os.cpu_count()} CPUs, load average {load[0]:.1f} at the end.",
        f"The bundled site (`{site}`) served gzip-compressed as GitHub Pages serves it (tools/pages_server.py).",
        f"Each figure is the median of {runs} run{'s' if runs != 1 else ''}. Lighthouse's benchmark index (CPU speed; a",
        "quiet desktop scores about 1,000–2,000, and performance scores drop as it falls) is shown per page.",
        "",
        "| page | path | performance | accessibility | best practices | SEO | first load | requests | other hosts | benchmark index |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s = r.scores
        lines.append(f"| {r.name} | `/{r.path}` | {s['performance']} | {s['accessibility']} | {s['best-practices']} "
                     f"| {s['seo']} | {r.bytes / KIB:.1f} KiB | {r.requests} | {len(r.elsewhere) or 'none'} "
                     f"| {r.benchmark:.0f} |")
    lines += ["", "Targets: accessibility, best practices and SEO 100 on every page; performance at least 98 on",
              "the home page, a story and an event; at most 150 KiB on first load for the home page and a story;",
              "no request to another host.", ""]
    if missed:
        lines += ["**Missed:**", ""] + [f"- {m}" for m in missed]
    else:
        lines.append("**Every target met.**")
    lines += ["", "`uses-long-cache-ttl` is outside the site's control: GitHub Pages serves every file with",
              "`Cache-Control: max-age=600` (10 minutes) and offers no setting for it. Names that change with the",
              "bytes (Material's assets, our joined stylesheet) keep a stale copy from meeting new pages."]
    lines += ["", "## Audits that did not pass (the median run; accessibility, best practices and SEO: any run)", ""]
    for r in results:
        failing = [f"  - {category}: {audit}" for category in CATEGORIES for audit in sorted(r.failing.get(category, ()))]
        lines.append(f"- {r.name} (`/{r.path}`)" + (":" if failing else ": none"))
        lines += failing
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", nargs="?", default=REPO / "site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "AUDIT.md")
    parser.add_argument("--keep", type=Path, help="keep Lighthouse's JSON reports in this folder")
    parser.add_argument("--pages", help="only these pages, comma-separated (home, story, event, school, month view, subscribe)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"audit: no built site in {args.site}: run `make site` first", file=sys.stderr)
        return 2
    if not CHROMIUM.exists():
        print(f"audit: no Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    pages = pick_pages(args.site)
    if args.pages:
        pages = {name: path for name, path in pages.items() if name in args.pages.split(",")}
    keep = args.keep or Path(tempfile.mkdtemp(prefix="audit-"))
    keep.mkdir(parents=True, exist_ok=True)
    try:
        with serving(args.site) as base:
            print(f"Lighthouse, {args.runs} run(s) a page, on {base}", flush=True)
            results = [audit_page(base, name, path, args.runs, keep) for name, path in pages.items()]
    finally:
        if not args.keep:
            shutil.rmtree(keep, ignore_errors=True)
    missed = missed_targets(results)
    text = markdown(results, missed, args.runs, args.site)
    args.out.write_text(text, "utf-8")
    print(text)
    print(f"Wrote {args.out}.", "Targets missed: " + str(len(missed)) if missed else "Every target met.")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
