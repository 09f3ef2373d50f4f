"""One analyst's journey through the workbench in headless Chromium, each step timed from the
click (or submit, or link) to the content the analyst waits for.

Used by ``bench/browser_bench.py``. The steps, in order, each in a fresh browser session:

* **sign in** - submit the sign-in form -> the purpose form is shown;
* **purpose** - submit a purpose (a new case reference) -> the search page is shown;
* **search** - type the person's name and press Enter -> their result row is shown;
* **profile** - click the result -> the profile header with the person's name and its
  timeline drawn (Plotly's chart; the first profile loads Plotly itself);
* **explorer depth 2** - click "Explore network" -> the status "N nodes, M links shown";
* **connections** - follow the link to the Connections view of this person and a neighbour
  (client-side, as a ``dcc.Link`` does) -> the summary of the paths found.

Waits poll every 20 ms (no sleeps; ``think`` pauses between steps model an analyst reading the
page, outside the timed span): a figure is at most one poll plus one WebDriver round trip
(a few ms) over the true time.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from selenium import webdriver
from selenium.common.exceptions import (
    JavascriptException,
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

STEPS = ("sign in", "purpose", "search", "profile", "explorer depth 2", "connections")
POLL = 0.02
TIMEOUT = 120.0
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1440,1000",
)
RETRIED = (
    NoSuchElementException,
    StaleElementReferenceException,
    JavascriptException,
)
TEXT_JS = "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;"
# the profile's timeline is drawn (Plotly's SVG), or the person has no dated event to draw:
# the page is not done before its chart, and a chart library still loading when the next click
# comes would be charged to the next step (the first explorer view used to carry Plotly's)
TIMELINE_DRAWN_JS = (
    "const t = document.getElementById('person-timeline');"
    "if (!t) { return false; }"
    "const f = document.getElementById('person-timeline-figure');"
    "return !f || !!f.querySelector('.main-svg');"
)
# what a dcc.Link does on click: client-side navigation, no page load
NAVIGATE_JS = (
    "window.history.pushState({}, '', arguments[0]);"
    "window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));"
)


@dataclass(frozen=True)
class Subject:
    """A person to open (``key``, searched by ``name``) and a neighbour to connect them to."""

    key: str
    name: str
    other: str


def chromium() -> webdriver.Chrome:
    """Debian's chromium and chromedriver, as the browser tests use them."""
    options = Options()
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    if binary := shutil.which("chromium"):
        options.binary_location = binary
    service = Service(executable_path=shutil.which("chromedriver"))
    return webdriver.Chrome(options=options, service=service)


class Journey:
    """Drives one browser against the workbench at ``base`` as ``username``."""

    def __init__(
        self, driver: webdriver.Chrome, base: str, username: str, password: str, think: float = 0
    ) -> None:
        self.driver, self.base = driver, base.rstrip("/")
        self.username, self.password = username, password
        self.think = think  # seconds between a step's content and the next click

    def run(self, subject: Subject, case: str) -> dict[str, float | None]:
        """Seconds per step; a step that failed or timed out is None (and the rest skipped)."""
        self.driver.delete_all_cookies()
        times: dict[str, float | None] = dict.fromkeys(STEPS)
        steps: list[tuple[str, Callable[[], float]]] = [
            ("sign in", self.sign_in),
            ("purpose", lambda: self.purpose(case)),
            ("search", lambda: self.search(subject)),
            ("profile", lambda: self.profile(subject)),
            ("explorer depth 2", lambda: self.explorer(subject)),
            ("connections", lambda: self.connections(subject)),
        ]
        for n, (name, step) in enumerate(steps):
            if n and self.think:
                time.sleep(self.think)  # the analyst reads the page (not a wait for the page)
            try:
                times[name] = step()
            except (TimeoutException, WebDriverException) as exc:
                print(f"    {name} failed for {subject.key}: {type(exc).__name__}", flush=True)
                break
        return times

    def sign_in(self) -> float:
        nxt = quote(f"/auth/purpose?next={quote('/')}")
        self.driver.get(f"{self.base}/auth/sign-in?next={nxt}")
        self._fill({"username": self.username, "password": self.password})
        return self._timed(lambda: self._click("#sign-in-submit"), self._present("#purpose-submit"))

    def purpose(self, case: str) -> float:
        self._fill({"case_reference": case, "reason": "Browser benchmark of the workbench"})
        self._select("purpose", "s47_enquiry")
        return self._timed(lambda: self._click("#purpose-submit"), self._present("#search-input"))

    def search(self, subject: Subject) -> float:
        box = self._find("#search-input")
        box.send_keys(subject.name)
        link = f"#search-results a.person-link[href='/person/{subject.key}']"
        return self._timed(lambda: box.send_keys(Keys.ENTER), self._present(link))

    def profile(self, subject: Subject) -> float:
        link = f"#search-results a.person-link[href='/person/{subject.key}']"
        header = self._text("#person-header h1", "")
        return self._timed(
            lambda: self._click(link),
            lambda: header() and bool(self.driver.execute_script(TIMELINE_DRAWN_JS)),
        )

    def explorer(self, subject: Subject) -> float:
        link = f"#person-header a[href='/explorer/{quote(subject.key)}']"
        return self._timed(lambda: self._click(link), self._text("#explorer-status", "shown"))

    def connections(self, subject: Subject) -> float:
        href = f"/connections?a={quote(subject.key)}&b={quote(subject.other)}"
        return self._timed(
            lambda: self.driver.execute_script(NAVIGATE_JS, href),
            self._text("#connections-summary", ""),
        )

    def _timed(self, act: Callable[[], object], done: Callable[[], bool]) -> float:
        began = time.perf_counter()
        act()
        WebDriverWait(self.driver, TIMEOUT, POLL, ignored_exceptions=RETRIED).until(
            lambda _: done()
        )
        return time.perf_counter() - began

    def _present(self, selector: str) -> Callable[[], bool]:
        return lambda: bool(self.driver.find_elements(By.CSS_SELECTOR, selector))

    def _text(self, selector: str, contains: str) -> Callable[[], bool]:
        """The element has non-blank text (containing ``contains``)."""

        def ready() -> bool:
            text = self.driver.execute_script(TEXT_JS, selector)
            return bool(text and text.strip() and contains in text)

        return ready

    def _find(self, selector: str):
        wait = WebDriverWait(self.driver, TIMEOUT, POLL, ignored_exceptions=RETRIED)
        return wait.until(lambda d: d.find_element(By.CSS_SELECTOR, selector))

    def _click(self, selector: str) -> None:
        self._find(selector).click()

    def _fill(self, values: dict[str, str]) -> None:
        for field, value in values.items():
            element = self._find(f"#{field}")
            element.clear()
            element.send_keys(value)

    def _select(self, field: str, value: str) -> None:
        self._find(f"#{field} option[value={json.dumps(value)}]").click()
