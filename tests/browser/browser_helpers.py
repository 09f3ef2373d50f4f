"""Small helpers for driving Dash 4 components from selenium."""

from __future__ import annotations

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

PURPOSE = {"case_reference": "MASH-2026-0142", "reason": "Strategy discussion about the household"}


def wait_for_text(dash_duo, selector: str, text: str, timeout: float = 10) -> None:
    dash_duo.wait_for_contains_text(selector, text, timeout=timeout)


def choose_option(dash_duo, dropdown_id: str, label: str, typed: str | None = None) -> None:
    """Open a dcc.Dropdown (typing ``typed`` into its search box, if given) and click the
    option whose text contains ``label``."""
    dash_duo.find_element(f"#{dropdown_id}").click()
    if typed:
        dash_duo.driver.switch_to.active_element.send_keys(typed)
    deadline = time.time() + 10
    while time.time() < deadline:
        for option in dash_duo.driver.find_elements(By.CSS_SELECTOR, "[role=option]"):
            if label in option.text and option.is_displayed():
                option.click()
                return
        time.sleep(0.2)
    raise AssertionError(f"No option {label!r} in dropdown #{dropdown_id}")


def type_into(dash_duo, selector: str, text: str, submit: bool = True) -> None:
    element = dash_duo.find_element(selector)
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    element.send_keys(text)
    if submit:
        element.send_keys(Keys.ENTER)


def fill_form(dash_duo, values: dict[str, str], submit: str) -> None:
    """Fill a server-rendered form (sign-in, purpose, break-glass, admin) and submit it."""
    for field, value in values.items():
        element = dash_duo.find_element(f"#{field}")
        if element.tag_name == "select":
            element.find_element(By.CSS_SELECTOR, f"option[value='{value}']").click()
        else:
            element.clear()
            element.send_keys(value)
    dash_duo.find_element(f"#{submit}").click()
