"""Open every report of a folder in headless Chromium and check it as a reader would.

    python tests/check_reports.py reports/ [--budget-mb 10] [--screenshots DIR]

For each page: it loads (and how long that takes), no script error, no request
leaves the machine (reports must work offline), no traceback or error output,
the size is within the budget, the articles shown run right-to-left, and the
charts are there. Uses Playwright with the system's Chromium (Debian's
``chromium`` package); exits 1 when a page fails.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

#: Where Debian / Ubuntu put Chromium.
CHROMIUM_PATHS = ("chromium", "chromium-browser", "google-chrome")
#: Words on a page that mean a notebook cell failed or printed a warning.
ERROR_MARKERS = ("Traceback (most recent call last)", "CellExecutionError", "Warning:")

_PAGE_FACTS = """() => ({
  articles: [...document.querySelectorAll('.ct-article')].map(e => getComputedStyle(e).direction),
  charts: document.querySelectorAll('img[src^="data:image/png"]').length,
  errors: document.querySelectorAll(
    '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]').length,
  text: document.body.innerText,
  height: document.documentElement.scrollHeight,
})"""


@dataclass
class PageCheck:
    """What one page showed in the browser."""

    page: str
    mb: float
    load_s: float
    charts: int = 0
    rtl_articles: int = 0
    ltr_articles: int = 0
    height_px: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def chromium() -> str | None:
    """The system Chromium's path, or None."""
    return next((p for p in map(shutil.which, CHROMIUM_PATHS) if p), None)


def check_page(
    browser, path: Path, *, budget_mb: float, screenshot: Path | None = None
) -> PageCheck:
    """Load one page and record what is wrong with it."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None
        ),
    )
    started = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="load", timeout=120_000)
    load_s = time.perf_counter() - started
    facts = page.evaluate(_PAGE_FACTS)
    if screenshot is not None:
        page.screenshot(path=str(screenshot), full_page=False)
    page.close()
    mb = path.stat().st_size / 1e6
    check = PageCheck(
        path.name,
        round(mb, 2),
        round(load_s, 2),
        charts=facts["charts"],
        rtl_articles=facts["articles"].count("rtl"),
        ltr_articles=facts["articles"].count("ltr"),
        height_px=facts["height"],
    )
    if mb > budget_mb:
        check.problems.append(f"{mb:.1f} MB, over the {budget_mb} MB budget")
    if errors:
        check.problems.append(f"script errors: {errors[:3]}")
    if outside:
        check.problems.append(f"requests off the machine: {outside[:3]}")
    if facts["errors"]:
        check.problems.append(f"{facts['errors']} error/warning outputs in cells")
    markers = [m for m in ERROR_MARKERS if m in facts["text"]]
    if markers:
        check.problems.append(f"error text on the page: {markers}")
    if check.ltr_articles:
        check.problems.append(f"{check.ltr_articles} article(s) not right-to-left")
    return check


def check_folder(
    folder: Path, *, budget_mb: float = 10.0, screenshots: Path | None = None
) -> list[PageCheck]:
    """Check ``index.html`` and every report in ``folder``."""
    from playwright.sync_api import sync_playwright

    exe = chromium()
    if exe is None:
        raise RuntimeError("no Chromium found: apt-get install chromium")
    pages = sorted(folder.glob("*.html"))
    if screenshots:
        screenshots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        try:
            return [
                check_page(
                    browser,
                    page,
                    budget_mb=budget_mb,
                    screenshot=screenshots / f"{page.stem}.png" if screenshots else None,
                )
                for page in pages
            ]
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--budget-mb", type=float, default=10.0)
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args(argv)
    checks = check_folder(args.folder, budget_mb=args.budget_mb, screenshots=args.screenshots)
    for c in checks:
        state = "ok" if c.ok else "FAILED: " + "; ".join(c.problems)
        print(
            f"{c.page:32} {c.mb:6.2f} MB  load {c.load_s:5.2f} s  {c.charts:2} charts  "
            f"{c.rtl_articles} RTL articles  {c.height_px:>6} px  {state}"
        )
    return 0 if all(c.ok for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
