"""The first journey: every demo role signs in and reaches its home page, in a real browser,
with the mouse, with the keyboard alone, and on a 375 px phone screen; axe-core on each page."""

from __future__ import annotations

import re

import pytest

from jobmatch.services.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.browser.conftest import PHONE_WIDTH, Journey

# One demo account per role (the first listed).
FIRST_OF_ROLE = {a.role: a for a in reversed(DEMO_ACCOUNTS)}
ACCOUNTS = sorted(FIRST_OF_ROLE.values(), key=lambda a: DEMO_ACCOUNTS.index(a))


def no_sideways_scroll(journey: Journey) -> None:
    width = journey.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= journey.page.viewport_size["width"], f"the page is {width} px wide"


@pytest.mark.parametrize("account", ACCOUNTS, ids=[a.role for a in ACCOUNTS])
def test_each_role_signs_in_and_reaches_home(journey: Journey, account: object) -> None:
    email = account.email  # type: ignore[attr-defined]
    journey.go("/login")
    journey.check_accessibility("login")
    journey.sign_in(email)
    page = journey.page
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert account.organisation in page.content()  # type: ignore[attr-defined]
    journey.check_accessibility("home")
    journey.sign_out()
    journey.shot("signed out")


def test_sign_in_with_the_keyboard_alone(journey: Journey) -> None:
    page = journey.page
    journey.go("/login?lang=en")
    # The first Tab reaches the skip link, which moves the focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    journey.shot("skip link")
    page.keyboard.press("Enter")
    for _ in range(20):
        if page.evaluate("() => document.activeElement.id") == "email":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the e-mail field cannot be reached with Tab")
    page.keyboard.type(ACCOUNTS[0].email)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "password"
    page.keyboard.type(DEMO_PASSWORD)
    journey.shot("form filled with the keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/home$"))
    journey.check_accessibility("home reached with the keyboard")
    # Every link and button of the page can be reached, and shows where the focus is.
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement;
                 const s = getComputedStyle(e);
                 return [e.tagName + ':' + (e.textContent || e.value || '').trim(),
                         s.outlineStyle !== 'none' && s.outlineWidth !== '0px']; }"""
        )
        if focused[0].startswith("BODY:"):  # the focus went to the browser's own controls
            continue
        seen.add(focused[0])
        assert focused[1], f"{focused[0]} shows no focus outline"
    assert any("Sign out" in s for s in seen)


def test_a_wrong_password_is_announced_next_to_the_fields(journey: Journey) -> None:
    page = journey.page
    journey.go("/login")
    page.get_by_label("E-mail address").fill(ACCOUNTS[0].email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    assert "not right" in alert.inner_text()
    email = page.get_by_label("E-mail address")
    assert email.get_attribute("aria-invalid") == "true"
    assert email.get_attribute("aria-describedby") == alert.get_attribute("id")
    assert email.input_value() == ACCOUNTS[0].email
    journey.check_accessibility("wrong password")


@pytest.mark.parametrize("account", ACCOUNTS, ids=[a.role for a in ACCOUNTS])
def test_each_role_signs_in_on_a_phone(phone_journey: Journey, account: object) -> None:
    journey = phone_journey
    assert journey.page.viewport_size["width"] == PHONE_WIDTH
    journey.go("/login")
    journey.check_accessibility("login on a phone")
    no_sideways_scroll(journey)
    journey.sign_in(account.email)  # type: ignore[attr-defined]
    journey.check_accessibility("home on a phone")
    no_sideways_scroll(journey)


@pytest.mark.parametrize(
    ("language", "button"), [("it", "Accedi"), ("fr", "Se connecter"), ("sk", "Prihlásiť sa")]
)
def test_the_language_switch(journey: Journey, language: str, button: str) -> None:
    page = journey.page
    journey.go("/login")
    page.get_by_label("Language").select_option(language)
    page.get_by_role("button", name="Change language").click()
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("button", name=button).is_visible()
    journey.check_accessibility(f"login in {language}")


def test_the_error_page(journey: Journey) -> None:
    journey.sign_in(ACCOUNTS[0].email)
    response = journey.page.goto(journey.base_url + "/no-such-page")
    assert response is not None and response.status == 404
    assert journey.page.get_by_role("heading", level=1).inner_text() == "Page not found"
    journey.check_accessibility("page not found")
    journey.page.get_by_role("link", name="Go to your home page").click()
    journey.page.wait_for_url(re.compile(r".*/home$"))
