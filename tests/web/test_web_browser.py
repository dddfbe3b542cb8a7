"""The desk in headless Debian Chromium through Playwright, as a monitor uses it: sign in, filter,
open an incident, edit a toll with a reason and see the tally change, reject, restore, merge,
split, the review queue by keyboard, sign out.  Screenshots of the dashboard, an incident and
the review queue go to docs/images/ (the documentation shows them)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import PASSWORDS, incident_ids

CHROMIUM = Path("/usr/bin/chromium")
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture
def browser_page(desk):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        # A Content-Security-Policy refusal or a missing asset shows here.
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        yield page, problems
        browser.close()


def _killed(page) -> str:
    return page.locator(".totals .big").nth(1).inner_text()


def test_a_monitors_day_in_chromium(desk, browser_page):
    page, problems = browser_page
    ids = incident_ids(desk)
    base = desk.url
    IMAGES.mkdir(parents=True, exist_ok=True)

    # Sign in (the dashboard sends an anonymous visitor to the form first).
    page.goto(base + "/")
    assert "/login?next=" in page.url
    page.fill("input[name=name]", "editor")
    page.fill("input[name=password]", PASSWORDS["editor"])
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(base + "/")
    page.wait_for_selector(".vigil-map .vigil-incident, .vigil-map .vigil-cluster")  # the map drew, offline
    assert page.locator(".totals .big").first.inner_text() == "3"
    page.screenshot(path=str(IMAGES / "desk-dashboard.png"))

    # Filter: the view is in the URL.
    page.fill(".filters input[name=place]", "Orangi")
    page.click(".filters button[type=submit]")
    page.wait_for_url(re.compile(r".*place=Orangi.*"))
    assert page.locator(".totals .big").first.inner_text() == "1"
    assert _killed(page) == "2–2–2"  # low–best–high

    # Open the incident from the list, edit its toll with a reason.
    page.click(f"table.incidents a[href='/incidents/{ids['blast']}']")
    page.wait_for_url(base + f"/incidents/{ids['blast']}")
    assert page.locator("tr[data-field=location]").inner_text().count("Orangi") >= 1
    edit = page.locator("form[data-action=edit]")
    edit.locator("select[name=field]").select_option("fatalities")
    edit.locator("input[name=value]").fill("3")
    edit.locator("input[name=reason]").fill("a third man died in hospital")
    edit.locator("button[type=submit]").click()
    page.wait_for_selector("text=edited by editor")
    page.screenshot(path=str(IMAGES / "desk-incident.png"), full_page=False)
    assert "a third man died in hospital" in page.locator("table.history").inner_text()

    # The tally follows the edit.
    page.goto(base + "/?place=Orangi")
    assert _killed(page) == "2–3–3"  # the best is the editor's; the reported low stays beside it

    # Reject: gone from the tallies; restore: back.
    page.goto(base + f"/incidents/{ids['blast']}")
    reject = page.locator("form[data-action=reject]")
    reject.locator("input[name=reason]").fill("a gas cylinder exploded, police now say")
    reject.locator("button[type=submit]").click()
    page.wait_for_selector("form[data-action=restore]")
    page.goto(base + "/?place=Orangi")
    assert page.locator(".totals .big").first.inner_text() == "0"
    page.goto(base + f"/incidents/{ids['blast']}")
    page.locator("form[data-action=restore] button[type=submit]").click()
    page.wait_for_selector("form[data-action=reject]")
    page.goto(base + "/?place=Orangi")
    assert page.locator(".totals .big").first.inner_text() == "1" and _killed(page) == "2–3–3"

    # Merge two incidents, then split them again.
    page.goto(base + f"/incidents/{ids['grenade']}")
    page.fill("form[action='/incidents/merge'] input[name=second]", ids["patrol"])
    page.fill("form[action='/incidents/merge'] input[name=reason]", "checking the merge form")
    page.click("form[action='/incidents/merge'] button[type=submit]")
    page.wait_for_selector("form[action$='/split']")
    assert page.locator("article.report-text").count() == 3
    page.select_option("form[action$='/split'] select[name=document]", "desk-lyari-grenade")
    page.fill("form[action$='/split'] input[name=reason]", "different attacks")
    with page.expect_navigation():
        page.click("form[action$='/split'] button[type=submit]")
    after = incident_ids(desk)
    assert after["grenade"] != after["patrol"]

    # The review queue, by keyboard: j moves down, c confirms the selected incident.
    page.goto(base + "/review")
    page.wait_for_selector(".review-item.current")
    page.screenshot(path=str(IMAGES / "desk-review.png"))
    waiting = page.locator(".review-item").count()
    second = page.locator(".review-item").nth(1).get_attribute("data-incident")
    page.keyboard.press("j")
    assert page.locator(".review-item.current").get_attribute("data-incident") == second
    with page.expect_navigation():  # the confirm form is sent, and the queue comes back
        page.keyboard.press("c")
    page.wait_for_selector(".review-item.current")
    assert page.url.endswith("/review")
    assert page.locator(".review-item").count() == waiting - 1
    assert page.locator(f".review-item[data-incident='{second}']").count() == 0

    # Sign out: the desk asks for a sign-in again.
    page.click("header form[action='/logout'] button")
    page.wait_for_url(re.compile(r".*/login.*"))
    page.goto(base + "/incidents")
    assert "/login?next=" in page.url
    assert not problems, problems
