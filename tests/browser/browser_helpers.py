"""Driving Dash 4 components from selenium without sleeps or stale element references.

Dash re-renders a component whenever a callback answers, so an element found a moment ago may
be gone by the time it is clicked or read ("stale element reference"), and on a loaded machine
an answer can take seconds. Every helper here therefore looks its element up afresh inside an
explicit wait (``WebDriverWait``, polling, with stale/intercepted/not-yet-there errors retried)
and reads text in one step, and nothing sleeps for a fixed time. Tests use these instead of
``dash_duo.find_element(...).click()`` / ``.text``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    JavascriptException,
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

PURPOSE = {"case_reference": "MASH-2026-0142", "reason": "Strategy discussion about the household"}
WAIT = 30.0  # seconds: generous, because the suite must pass on a loaded 2-core machine
POLL = 0.1
RETRIED = (
    StaleElementReferenceException,
    NoSuchElementException,
    ElementClickInterceptedException,
    ElementNotInteractableException,
    JavascriptException,  # a script run before the page (e.g. Cytoscape) has mounted
)
T = TypeVar("T")
OPTIONS_JS = "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim())"
TEXT_JS = "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;"


def until(dash_duo, condition: Callable[[], T], timeout: float = WAIT, what: str = "") -> T:
    """Poll ``condition`` until it returns something truthy, retrying the errors a re-render
    causes; fail with ``what`` after ``timeout`` seconds."""
    wait = WebDriverWait(dash_duo.driver, timeout, POLL, ignored_exceptions=RETRIED)
    return wait.until(lambda _: condition(), message=what or "condition not met in time")


def wait_for_text(dash_duo, selector: str, text: str, timeout: float = WAIT) -> None:
    dash_duo.wait_for_contains_text(selector, text, timeout=timeout)


def text_of(dash_duo, selector: str, timeout: float = WAIT) -> str:
    """The element's visible text (possibly empty), read in one step once it exists."""

    def read() -> tuple[str] | None:
        text = dash_duo.driver.execute_script(TEXT_JS, selector)
        return None if text is None else (str(text),)

    return until(dash_duo, read, timeout, f"no element {selector}")[0]


def attribute(dash_duo, selector: str, name: str, timeout: float = WAIT) -> str:
    """An attribute of the element (looked up afresh, retried if it is re-rendered meanwhile)."""
    return until(
        dash_duo,
        lambda: dash_duo.find_element(selector).get_attribute(name),
        timeout,
        f"no {name} on {selector}",
    )


def click(dash_duo, selector: str, timeout: float = WAIT) -> None:
    """Click the element once it is displayed and enabled; retried if a re-render replaces it
    (or covers it) between finding and clicking."""

    def clicked() -> bool:
        element = dash_duo.find_element(selector)
        if not (element.is_displayed() and element.is_enabled()):
            return False
        element.click()
        return True

    until(dash_duo, clicked, timeout, f"could not click {selector}")


def option_labels(dash_duo, selector: str = "[role=option]") -> list[str]:
    """The texts of the matching elements, read in one script (no element references kept)."""
    return list(dash_duo.driver.execute_script(OPTIONS_JS, selector))


def choose_option(dash_duo, dropdown_id: str, label: str, typed: str | None = None) -> None:
    """Open a dcc.Dropdown (typing ``typed`` into its search box, if given) and click the
    option whose text contains ``label`` (reopening the dropdown if a re-render closed it)."""
    click(dash_duo, f"#{dropdown_id}")
    if typed:
        dash_duo.driver.switch_to.active_element.send_keys(typed)

    def picked() -> bool:
        options = dash_duo.driver.find_elements(By.CSS_SELECTOR, "[role=option]")
        shown = [o for o in options if o.is_displayed()]
        if not shown:
            click(dash_duo, f"#{dropdown_id}")
            return False
        match = next((o for o in shown if label in o.text), None)
        if match is None:
            return False
        match.click()
        return True

    until(dash_duo, picked, what=f"no option {label!r} in dropdown #{dropdown_id}")


def dropdown_labels(dash_duo, dropdown_id: str) -> list[str]:
    """Every option of a dcc.Dropdown: open it, read the options once they are drawn, close."""
    click(dash_duo, f"#{dropdown_id}")
    labels = until(dash_duo, lambda: option_labels(dash_duo), what=f"#{dropdown_id} is empty")
    click(dash_duo, "h1")
    return labels


def type_into(dash_duo, selector: str, text: str, submit: bool = True) -> None:
    def typed() -> bool:
        element = dash_duo.find_element(selector)
        element.send_keys(Keys.CONTROL, "a")
        element.send_keys(Keys.DELETE)
        element.send_keys(text)
        if submit:
            element.send_keys(Keys.ENTER)
        return True

    until(dash_duo, typed, what=f"could not type into {selector}")


def fill_form(dash_duo, values: dict[str, str], submit: str) -> None:
    """Fill a server-rendered form (sign-in, purpose, break-glass, admin) and submit it."""
    for field, value in values.items():
        element = until(dash_duo, lambda f=field: dash_duo.find_element(f"#{f}"))
        if element.tag_name == "select":
            element.find_element(By.CSS_SELECTOR, f"option[value='{value}']").click()
        else:
            element.clear()
            element.send_keys(value)
    click(dash_duo, f"#{submit}")
