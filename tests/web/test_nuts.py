"""The NUTS picker dataset and its <select> macro."""

from __future__ import annotations

import re

from jobmatch.web import i18n, nuts
from jobmatch.web.templating import make_templates

BENCH_REGIONS = "ITC11 ITC33 ITI17 ITI34 ITF11 ITF12 ITI43 FR101 FR105 FRL04 SK010 SK022 SK042"


def test_every_code_is_unique_and_nested_in_its_region_and_country() -> None:
    seen: set[str] = set()
    for country in nuts.COUNTRIES:
        for region in country.regions:
            assert region.code.startswith(country.code) and len(region.code) == 4
            for area in region.areas:
                assert area.code.startswith(region.code) and len(area.code) == 5
                assert area.code not in seen
                seen.add(area.code)
    assert len(seen) > 200


def test_the_benchmark_regions_are_known_and_named() -> None:
    for code in BENCH_REGIONS.split():
        assert nuts.is_known(code)
    assert nuts.name("ITC11") == "Torino"
    assert nuts.label("ITC11") == "Torino (Piemonte, Italia)"
    assert nuts.label("SK") == "Slovensko"
    assert nuts.label("XX999") == "XX999"
    assert not nuts.is_known("XX999") and not nuts.is_known("")


def test_the_select_groups_areas_by_region_and_marks_the_selected_one() -> None:
    env = make_templates().env
    macro = env.from_string(
        '{% from "macros/nuts.html" import nuts_select %}'
        "{{ nuts_select('region', 'region', groups, selected='FR101', blank='Choose') }}"
    )
    html = macro.render(groups=nuts.option_groups())
    assert '<optgroup label="France · Île-de-France">' in html
    assert '<option value="FR101" selected>Paris</option>' in html
    assert re.search(r'<option value="ITC1">Piemonte — whole region</option>', html)
    assert html.count("<optgroup") == len(nuts.option_groups())


def test_a_multiple_select_can_offer_whole_countries() -> None:
    env = make_templates().env
    macro = env.from_string(
        '{% from "macros/nuts.html" import nuts_select %}'
        "{{ nuts_select('regions', 'regions', groups, selected=['IT', 'SK010'], multiple=True) }}"
    )
    html = macro.render(groups=nuts.option_groups(countries=True))
    assert '<option value="IT" selected>Italia — whole country</option>' in html
    assert '<option value="SK010" selected>Bratislavský kraj</option>' in html
    assert "multiple" in html


def test_the_kept_options_follow_the_selection_and_the_language() -> None:
    env = make_templates().env
    picker = env.from_string(
        '{% from "macros/nuts.html" import nuts_select %}'
        "{{ nuts_select('region', 'region', groups, selected=chosen, blank='Choose') }}"
    )
    groups = nuts.option_groups()
    paris = picker.render(groups=groups, chosen="FR101")
    turin = picker.render(groups=groups, chosen="ITC11")
    assert '<option value="FR101" selected>' in paris and 'value="ITC11" selected' not in paris
    assert '<option value="ITC11" selected>' in turin and 'value="FR101" selected' not in turin
    assert picker.render(groups=groups, chosen="FR101") == paris
    token = i18n.current_language.set("it")
    try:
        italian = picker.render(groups=groups, chosen="FR101")
    finally:
        i18n.current_language.reset(token)
    assert "Piemonte — tutta la regione" in italian and "whole region" not in italian
    assert "Piemonte — whole region" in picker.render(groups=groups, chosen="FR101")
