"""PDF from the same HTML, printed by headless Chromium (Debian's package).

Chromium prints exactly what the HTML report shows (same CSS, same inline SVG charts), so the
PDF and HTML cannot drift apart, and it is already what the browser tests run on. The page is
loaded from a string with every request to the network refused.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


class PdfUnavailable(RuntimeError):
    pass


def chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    raise PdfUnavailable("PDF reports need Chromium: install Debian's chromium package")


def html_to_pdf(html: str, out: Path) -> None:
    """Print in a thread of its own: Playwright's sync API refuses to start in a thread that
    already runs an event loop (a test browser, or an async server)."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        worker.submit(_print, html, out).result()


def _print(html: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())
            page.set_content(html, wait_until="load")
            page.pdf(
                path=str(out),
                format="A4",
                print_background=True,
                margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
            )
        finally:
            browser.close()
