"""The journeys of issue 9, in a real browser on the demo network, each step screenshotted and
checked with axe-core.

1. An employer posts a placement with skills chosen by autocomplete, publishes it, sees its
   anonymised candidates and asks for an introduction.
2. The candidate's caseworker creates a profile with identity and consent and sees its matches
   and a training gap; then approves the employer's introduction, disclosing two fields.
3. The employer then sees exactly those two fields.
4. A coordinator opens the dashboard and downloads an export.

The employer and caseworker parts run twice: with the pointer on a desktop screen, and with the
keyboard alone on a 375 px phone screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session, col, select

from jobmatch.db import make_engine
from jobmatch.models import Introduction, Organisation, Profile, User
from jobmatch.services.demo_accounts import DEMO_PASSWORD
from tests.browser.conftest import PHONE_WIDTH, Journey, LiveServer, open_journey

EMPLOYER = "employer@demo.jobmatch.eu"
COORDINATOR = "coordinator@demo.jobmatch.eu"
WAYS = [
    pytest.param((False, 1280), id="pointer-desktop"),
    pytest.param((True, PHONE_WIDTH), id="keyboard-phone"),
]


@pytest.fixture(params=WAYS)
def way(
    request: pytest.FixtureRequest, browser: Any, live_server: LiveServer, axe_source: str
) -> Iterator[Journey]:
    keyboard, width = request.param
    yield from open_journey(browser, live_server, axe_source, request, width, keyboard)


def heading(journey: Journey) -> str:
    return str(journey.page.get_by_role("heading", level=1).inner_text())


def no_sideways_scroll(journey: Journey) -> None:
    width = journey.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= journey.page.viewport_size["width"], f"{journey.page.url} is {width} px wide"


def arrive(journey: Journey, path: str) -> None:
    """Wait for the page at ``path`` (a regular expression), whatever its query string."""
    journey.page.wait_for_url(re.compile(rf".*{path}(\?.*)?$"))


def step(journey: Journey, name: str) -> None:
    """Screenshot, axe-core, and no sideways scrolling on a phone."""
    journey.check_accessibility(name)
    no_sideways_scroll(journey)


def caseworker_of_introduction(live_server: LiveServer, introduction_id: int) -> str:
    """The e-mail of a caseworker of the organisation that supports the introduced person."""
    engine = make_engine(live_server.settings.database_url)
    try:
        with Session(engine) as session:
            introduction = session.get(Introduction, introduction_id)
            assert introduction is not None and introduction.profile_id is not None
            profile = session.get(Profile, introduction.profile_id)
            assert profile is not None
            user = session.exec(
                select(User)
                .where(User.organisation_id == profile.organisation_id, User.role == "caseworker")
                .order_by(col(User.id))
            ).first()
            assert user is not None
            organisation = session.get(Organisation, profile.organisation_id)
            assert organisation is not None
            return user.email
    finally:
        engine.dispose()


def employer_posts_and_asks(journey: Journey, title: str) -> int:
    """Journey 1; returns the id of the introduction asked for."""
    page = journey.page
    journey.sign_in(EMPLOYER)
    step(journey, "employer home")
    journey.press(page.get_by_role("link", name="Post an offer").first)
    arrive(journey, r"/offers/new")
    step(journey, "offer form")
    journey.choose(page.locator("#kind"), value="placement", typed="Work")
    journey.fill(page.locator("#title"), title)
    first = journey.pick_skill(page.locator("#skills_essential-0"), "wash dish")
    second = journey.pick_skill(page.locator("#skills_essential-1"), "vegetables")
    journey.shot("skills chosen by autocomplete")
    journey.choose(page.locator("#region"), value="ITC11", typed="Torino")
    journey.fill(page.locator("#places"), "2")
    journey.fill(page.locator("#hours_per_week"), "30")
    journey.press(page.get_by_role("button", name="Save and preview"))
    arrive(journey, r"/offers/\d+")
    assert "The draft is saved" in page.content()
    assert first in page.content() and second in page.content()
    step(journey, "draft preview")
    journey.press(page.get_by_role("button", name="Publish"))
    page.get_by_text("The offer is published").wait_for()
    step(journey, "published")
    journey.press(page.get_by_role("link", name="See candidates"))
    arrive(journey, r"/candidates")
    assert "Candidates" in heading(journey)
    step(journey, "candidates")
    # Some candidates can no longer be introduced (consent, status): the page says so, and
    # the employer tries the next one.
    links = page.get_by_role("link", name="Ask for an introduction")
    hrefs = [str(links.nth(i).get_attribute("href")) for i in range(links.count())]
    assert hrefs, "no candidate to ask for"
    for number, href in enumerate(hrefs[:8]):
        if number == 0:
            journey.press(links.first)
        else:
            journey.go(href)
        arrive(journey, r"/candidates/[^/]+")
        if number == 0:
            step(journey, "introduction request form")
        journey.fill(
            page.get_by_label("Your message to the caseworker"),
            "We can offer a paid placement of three months in our kitchen, with a mentor.",
        )
        journey.press(page.get_by_role("button", name="Send the request"))
        page.wait_for_load_state()
        if "Your request is sent to the caseworker." in page.content():
            break
        assert "no longer available" in page.content(), page.content()
        journey.shot("candidate no longer available")
    else:
        pytest.fail("no candidate could be asked for")
    step(journey, "request sent")
    match = re.search(r"/inbox/(\d+)", page.url) or re.search(
        r'href="/inbox/(\d+)"', page.content()
    )
    assert match, f"no introduction link after the request ({page.url})"
    return int(match.group(1))


def caseworker_creates_a_profile(journey: Journey, email: str) -> None:
    """Journey 2, first part: a new profile with identity and consent, its matches and gap."""
    page = journey.page
    journey.sign_in(email, DEMO_PASSWORD)
    step(journey, "caseworker home")
    journey.press(page.get_by_role("link", name="New profile").first)
    arrive(journey, r"/profiles/new")
    step(journey, "profile form")
    # A cook who lacks two skills of a line-cook job that a training in Torino teaches.
    journey.pick_skill(page.locator("#skill_0"), "comply with food safety")
    journey.pick_skill(page.locator("#skill_1"), "cook sauce")
    journey.pick_skill(page.locator("#skill_2"), "cook fish")
    journey.shot("skills chosen by autocomplete")
    journey.choose(page.locator("#language_0"), value="it", typed="Italian")
    journey.choose(page.locator("#langlevel_0"), value="A2", typed="A2")
    journey.choose(page.locator("#regions"), value="ITC11", typed="Torino")
    journey.choose(page.locator("#work_permit"), value="yes", typed="Has")
    journey.press(page.get_by_role("button", name="Save the profile"))
    arrive(journey, r"/profiles/\d+")
    assert "The profile is saved" in page.content()
    step(journey, "profile saved")
    journey.press(page.get_by_role("link", name="Open the identity vault"))
    arrive(journey, r"/identity")
    step(journey, "identity vault")
    journey.fill(page.get_by_label("Full name"), "Blessing Okafor")
    journey.fill(page.get_by_label("Phone (optional)"), "+39 333 555 0101")
    journey.press(page.get_by_role("button", name="Save the identity"))
    page.get_by_text("The identity is saved in the vault.").wait_for()
    step(journey, "identity saved")
    journey.press(page.get_by_role("link", name="Record a consent"))
    arrive(journey, r"/consents/new")
    step(journey, "consent form")
    for scope in ("matching", "introductions"):
        journey.tick(page.locator(f"#scope_{scope}"))
    if not page.locator("#expires_on").input_value():
        page.locator("#expires_on").fill("2027-06-30")
    journey.fill(
        page.get_by_label("How it was obtained"), "In person, signed form, with an interpreter."
    )
    journey.press(page.get_by_role("button", name="Record the consent"))
    page.get_by_text("The consent is recorded.").wait_for()
    step(journey, "consent recorded")
    journey.press(page.get_by_role("link", name="Find offers"))
    arrive(journey, r"/matches")
    assert "No open offer fits" not in page.content()
    step(journey, "matches")
    # The gap: skills of a fitting job that the person lacks (the line-cook job lacks two).
    assert "Cuoco/a di linea" in page.content()
    assert page.get_by_text("Missing skills").count() > 0
    assert page.locator(".tag-missing", has_text="cook vegetable products").count() > 0


def caseworker_approves(journey: Journey, introduction_id: int) -> None:
    """Journey 2, second part: approve the employer's request, disclosing two fields."""
    page = journey.page
    journey.go("/introductions")
    step(journey, "introductions to decide")
    journey.go(f"/introductions/{introduction_id}")
    assert "Waiting for your decision" in page.content()
    step(journey, "introduction to decide")
    journey.tick(page.locator("#disclose_first_name"))
    journey.tick(page.locator("#disclose_phone"))
    journey.press(page.get_by_role("button", name="Approve and disclose"))
    page.get_by_text("Approved: the employer now sees what you chose to disclose.").wait_for()
    step(journey, "approved")


def employer_sees_the_two_fields(journey: Journey, introduction_id: int) -> None:
    page = journey.page
    journey.sign_in(EMPLOYER)
    journey.go(f"/inbox/{introduction_id}")
    details = page.locator("dl").last
    names = [str(t).strip() for t in details.locator("dt").all_inner_texts()]
    assert names == ["First name", "Phone"], names
    assert page.get_by_text("Shared with you for this offer only.").is_visible()
    step(journey, "employer sees the disclosed fields")


def test_from_an_offer_to_an_approved_introduction(way: Journey, live_server: LiveServer) -> None:
    journey = way
    title = "Kitchen assistant placement" + (" (keyboard)" if journey.keyboard else "")
    introduction_id = employer_posts_and_asks(journey, title)
    journey.sign_out()
    caseworker = caseworker_of_introduction(live_server, introduction_id)
    caseworker_creates_a_profile(journey, caseworker)
    caseworker_approves(journey, introduction_id)
    journey.sign_out()
    employer_sees_the_two_fields(journey, introduction_id)


def test_coordinator_dashboard_and_export(journey: Journey) -> None:
    page = journey.page
    journey.sign_in(COORDINATOR)
    journey.press(page.get_by_role("link", name="Dashboard").first)
    arrive(journey, r"/dashboard")
    step(journey, "dashboard")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").first.click()
    download = download_info.value
    path = journey.folder / download.suggested_filename
    download.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") >= 2 and "," in text.splitlines()[0]
    journey.shot("after the download")
