"""/docs in a real browser: Debian's headless Chromium, driven by its chromedriver through Selenium.

The page is Swagger UI served by nginx as static files (nginx/docs/ and the pinned Swagger UI
distribution). What a user does, checked as they would see it:

* the page loads with no failed request, no request outside this server, no console error;
* it lists every operation of /api/reports/openapi.json, no more and no fewer;
* "Authorize" with a service token under each scheme (Bearer and X-IsoFind-Token), then
  "Try it out" → "Execute" on GET /api/reports/templates answers 200 and the request carried the
  token: the answer lists a custom template that only a token holder can see.

The screenshot docs/images/docs-swagger-ui.png is taken here, of the page as it loads.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from conftest import REPO, auth, describe, wait_for

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

API = "/api/reports"
SCREENSHOT = REPO / "docs" / "images" / "docs-swagger-ui.png"
WAIT = 60  # seconds; Chromium's first start on a cold CI machine is slow


def chromium_paths() -> tuple[str, str]:
    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert browser and driver, ("Debian's chromium and chromium-driver are needed (isofind_install_deps "
                                "installs them)")
    return browser, driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    binary, driver_path = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1400,1100", "--no-first-run", "--disable-sync",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-default-apps", "--disable-extensions", "--lang=en-US",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(argument)
    # The DevTools network events of every request (failed ones included) and the console.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    # An explicit driver: Selenium Manager never looks for (or downloads) one.
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def network_events(driver) -> list[dict]:
    """The DevTools Network.* events logged since the last call."""
    events = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"].startswith("Network."):
            events.append(message)
    return events


def documented_operations(document: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in document["paths"].items()
            for method in item if method in ("get", "put", "post", "delete", "patch", "head", "options")}


def open_docs(browser, stack) -> None:
    browser.get(stack.url("/docs"))
    WebDriverWait(browser, WAIT).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".opblock")))


def test_docs_list_every_operation_and_load_nothing_from_elsewhere(stack, browser):
    document = requests.get(stack.url(f"{API}/openapi.json"), timeout=10).json()
    network_events(browser)  # drop whatever an earlier page logged
    open_docs(browser, stack)
    # Every tag section is expanded by default; wait until the operations stop appearing.
    expected = documented_operations(document)
    wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, ".opblock")) >= len(expected), WAIT)

    shown = set()
    for block in browser.find_elements(By.CSS_SELECTOR, ".opblock"):
        method = block.find_element(By.CSS_SELECTOR, ".opblock-summary-method").text.strip().upper()
        path = block.find_element(By.CSS_SELECTOR, ".opblock-summary-path").get_attribute("data-path")
        shown.add((method, path))
    assert shown == expected, (f"missing: {sorted(expected - shown)}; not in the document: "
                               f"{sorted(shown - expected)}")
    assert browser.title == "IsoFind Reports API"
    title = browser.find_element(By.CSS_SELECTOR, ".info .title").text
    assert document["info"]["title"] in title and document["info"]["version"] in title

    # Everything the page asked for came from this server, and came.
    origin = urlsplit(stack.base_url)
    events = network_events(browser)
    requested = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    assert any(u.endswith("/docs/swagger-ui/swagger-ui-bundle.js") for u in requested), requested
    assert any(u.endswith(f"{API}/openapi.json") for u in requested), requested
    # Only network schemes count: data:, blob: and the browser's own chrome:// pages are local.
    elsewhere = [u for u in requested
                 if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u)[:2] != origin[:2]]
    assert not elsewhere, f"requests outside this server: {elsewhere}"
    # A failure counts when it is one of the page's requests (Chromium may still be finishing
    # something of its own from before the page was opened).
    sent = {e["params"]["requestId"] for e in events if e["method"] == "Network.requestWillBeSent"}
    failed = [e["params"] for e in events
              if e["method"] == "Network.loadingFailed" and e["params"]["requestId"] in sent]
    assert not failed, f"failed requests: {failed}"
    statuses = {e["params"]["response"]["url"]: e["params"]["response"]["status"]
                for e in events if e["method"] == "Network.responseReceived"}
    assert statuses and all(status < 400 for status in statuses.values()), statuses
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, f"console errors: {errors}"

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT)), "Chromium took no screenshot"
    assert SCREENSHOT.read_bytes().startswith(b"\x89PNG")


@pytest.fixture
def private_template(stack):
    """A custom template, listed by GET /templates only for a token holder."""
    name = "Swagger UI try-out template"
    body = {"name": name, "description": "made by test_docs_ui", "blocks": ["cover_page"]}
    response = requests.post(stack.url(f"{API}/templates"), json=body, headers=stack.auth(), timeout=30)
    assert response.status_code in (200, 201), describe(response)
    template = response.json()
    anonymous = requests.get(stack.url(f"{API}/templates"), timeout=10).json()
    assert name not in json.dumps(anonymous), "the template must be invisible without a token"
    yield template
    requests.delete(stack.url(f"{API}/templates/{template['id']}"), headers=stack.auth(), timeout=30)


@pytest.mark.parametrize("scheme, header", [("bearer", "Authorization: Bearer "),
                                            ("isofindToken", "X-IsoFind-Token: ")])
def test_authorize_then_try_it_out_on_templates(stack, browser, private_template, scheme, header):
    token = stack.token("reader")
    open_docs(browser, stack)
    wait = WebDriverWait(browser, WAIT)

    # "Authorize": one form per security scheme of the document; fill in the one under test.
    browser.find_element(By.CSS_SELECTOR, ".auth-wrapper .authorize").click()
    dialog = wait.until(expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, ".dialog-ux .modal-ux")))
    forms = dialog.find_elements(By.CSS_SELECTOR, ".auth-container")
    assert len(forms) == 2, [f.text for f in forms]
    form = next(f for f in forms if f.find_element(By.CSS_SELECTOR, "h4").text.startswith(scheme))
    form.find_element(By.CSS_SELECTOR, "input").send_keys(token)
    form.find_element(By.CSS_SELECTOR, "button.authorize").click()
    # Once authorized, the form shows the scheme as set and offers "Logout" in place of "Authorize".
    logout = (By.XPATH, "//div[contains(@class, 'modal-ux')]//button[normalize-space()='Logout']")
    wait.until(expected_conditions.visibility_of_element_located(logout))
    browser.find_element(By.CSS_SELECTOR, ".dialog-ux button.btn-done").click()
    wait.until(expected_conditions.invisibility_of_element_located((By.CSS_SELECTOR, ".dialog-ux .modal-ux")))

    # GET /api/reports/templates → "Try it out" → "Execute".
    operation = next(b for b in browser.find_elements(By.CSS_SELECTOR, ".opblock-get")
                     if b.find_element(By.CSS_SELECTOR, ".opblock-summary-path").get_attribute("data-path")
                     == f"{API}/templates")
    operation.find_element(By.CSS_SELECTOR, ".opblock-summary-control").click()
    wait.until(lambda _: operation.find_elements(By.CSS_SELECTOR, ".try-out__btn"))
    operation.find_element(By.CSS_SELECTOR, ".try-out__btn").click()
    wait.until(lambda _: operation.find_elements(By.CSS_SELECTOR, ".execute"))
    operation.find_element(By.CSS_SELECTOR, ".execute").click()
    status = wait.until(lambda _: operation.find_elements(By.CSS_SELECTOR, ".live-responses-table tr.response .response-col_status"))
    assert status[0].text.strip().startswith("200"), status[0].text

    curl = operation.find_element(By.CSS_SELECTOR, ".curl-command").text
    assert header + token in curl, curl
    body = operation.find_element(By.CSS_SELECTOR, ".live-responses-table tr.response .response-col_description pre").text
    assert private_template["name"] in body, "the answer shows the token holder's templates"
