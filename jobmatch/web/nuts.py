"""The NUTS regions of Italy, France and Slovakia (NUTS 2021): country → region → province.

Forms pick a region from a ``<select>`` grouped by region (``<optgroup>``), so nobody has to
know or type a code. Names are the official NUTS names, in the country's language.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Area:
    """A NUTS-3 area (a province, département or kraj)."""

    code: str
    name: str


@dataclass(frozen=True)
class Region:
    """A NUTS-2 region and its NUTS-3 areas."""

    code: str
    name: str
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    regions: tuple[Region, ...]


@dataclass(frozen=True)
class Option:
    """One ``<option>``; ``whole`` marks a larger area offered as a whole (a country or region)."""

    code: str
    name: str
    whole: bool = False


@dataclass(frozen=True)
class OptionGroup:
    """One ``<optgroup>``: ``country`` and ``region`` names (``region`` is empty for countries)."""

    country: str
    region: str
    options: tuple[Option, ...]


def _region(code: str, name: str, areas: str) -> Region:
    """``areas`` is ``"CODE Name; CODE Name; ..."`` (keeps the table below readable)."""
    parsed = []
    for item in areas.split(";"):
        area_code, area_name = item.strip().split(" ", 1)
        parsed.append(Area(area_code, area_name.strip()))
    return Region(code, name, tuple(parsed))


COUNTRIES: tuple[Country, ...] = (
    Country(
        "IT",
        "Italia",
        (
            _region(
                "ITC1",
                "Piemonte",
                "ITC11 Torino; ITC12 Vercelli; ITC13 Biella; ITC14 Verbano-Cusio-Ossola; "
                "ITC15 Novara; ITC16 Cuneo; ITC17 Asti; ITC18 Alessandria",
            ),
            _region("ITC2", "Valle d'Aosta/Vallée d'Aoste", "ITC20 Valle d'Aosta/Vallée d'Aoste"),
            _region(
                "ITC3", "Liguria", "ITC31 Imperia; ITC32 Savona; ITC33 Genova; ITC34 La Spezia"
            ),
            _region(
                "ITC4",
                "Lombardia",
                "ITC41 Varese; ITC42 Como; ITC43 Lecco; ITC44 Sondrio; ITC46 Bergamo; "
                "ITC47 Brescia; ITC48 Pavia; ITC49 Lodi; ITC4A Cremona; ITC4B Mantova; "
                "ITC4C Milano; ITC4D Monza e della Brianza",
            ),
            _region("ITH1", "Provincia Autonoma di Bolzano/Bozen", "ITH10 Bolzano-Bozen"),
            _region("ITH2", "Provincia Autonoma di Trento", "ITH20 Trento"),
            _region(
                "ITH3",
                "Veneto",
                "ITH31 Verona; ITH32 Vicenza; ITH33 Belluno; ITH34 Treviso; ITH35 Venezia; "
                "ITH36 Padova; ITH37 Rovigo",
            ),
            _region(
                "ITH4",
                "Friuli-Venezia Giulia",
                "ITH41 Pordenone; ITH42 Udine; ITH43 Gorizia; ITH44 Trieste",
            ),
            _region(
                "ITH5",
                "Emilia-Romagna",
                "ITH51 Piacenza; ITH52 Parma; ITH53 Reggio nell'Emilia; ITH54 Modena; "
                "ITH55 Bologna; ITH56 Ferrara; ITH57 Ravenna; ITH58 Forlì-Cesena; ITH59 Rimini",
            ),
            _region(
                "ITI1",
                "Toscana",
                "ITI11 Massa-Carrara; ITI12 Lucca; ITI13 Pistoia; ITI14 Firenze; ITI15 Prato; "
                "ITI16 Livorno; ITI17 Pisa; ITI18 Arezzo; ITI19 Siena; ITI1A Grosseto",
            ),
            _region("ITI2", "Umbria", "ITI21 Perugia; ITI22 Terni"),
            _region(
                "ITI3",
                "Marche",
                "ITI31 Pesaro e Urbino; ITI32 Ancona; ITI33 Macerata; ITI34 Ascoli Piceno; "
                "ITI35 Fermo",
            ),
            _region(
                "ITI4",
                "Lazio",
                "ITI41 Viterbo; ITI42 Rieti; ITI43 Roma; ITI44 Latina; ITI45 Frosinone",
            ),
            _region("ITF1", "Abruzzo", "ITF11 L'Aquila; ITF12 Teramo; ITF13 Pescara; ITF14 Chieti"),
            _region("ITF2", "Molise", "ITF21 Isernia; ITF22 Campobasso"),
            _region(
                "ITF3",
                "Campania",
                "ITF31 Caserta; ITF32 Benevento; ITF33 Napoli; ITF34 Avellino; ITF35 Salerno",
            ),
            _region(
                "ITF4",
                "Puglia",
                "ITF43 Taranto; ITF44 Brindisi; ITF45 Lecce; ITF46 Foggia; ITF47 Bari; "
                "ITF48 Barletta-Andria-Trani",
            ),
            _region("ITF5", "Basilicata", "ITF51 Potenza; ITF52 Matera"),
            _region(
                "ITF6",
                "Calabria",
                "ITF61 Cosenza; ITF62 Crotone; ITF63 Catanzaro; ITF64 Vibo Valentia; "
                "ITF65 Reggio di Calabria",
            ),
            _region(
                "ITG1",
                "Sicilia",
                "ITG11 Trapani; ITG12 Palermo; ITG13 Messina; ITG14 Agrigento; "
                "ITG15 Caltanissetta; ITG16 Enna; ITG17 Catania; ITG18 Ragusa; ITG19 Siracusa",
            ),
            _region(
                "ITG2",
                "Sardegna",
                "ITG2D Sassari; ITG2E Nuoro; ITG2F Cagliari; ITG2G Oristano; ITG2H Sud Sardegna",
            ),
        ),
    ),
    Country(
        "FR",
        "France",
        (
            _region(
                "FR10",
                "Île-de-France",
                "FR101 Paris; FR102 Seine-et-Marne; FR103 Yvelines; FR104 Essonne; "
                "FR105 Hauts-de-Seine; FR106 Seine-Saint-Denis; FR107 Val-de-Marne; "
                "FR108 Val-d'Oise",
            ),
            _region(
                "FRB0",
                "Centre — Val de Loire",
                "FRB01 Cher; FRB02 Eure-et-Loir; FRB03 Indre; FRB04 Indre-et-Loire; "
                "FRB05 Loir-et-Cher; FRB06 Loiret",
            ),
            _region(
                "FRC1",
                "Bourgogne",
                "FRC11 Côte-d'Or; FRC12 Nièvre; FRC13 Saône-et-Loire; FRC14 Yonne",
            ),
            _region(
                "FRC2",
                "Franche-Comté",
                "FRC21 Doubs; FRC22 Jura; FRC23 Haute-Saône; FRC24 Territoire de Belfort",
            ),
            _region("FRD1", "Basse-Normandie", "FRD11 Calvados; FRD12 Manche; FRD13 Orne"),
            _region("FRD2", "Haute-Normandie", "FRD21 Eure; FRD22 Seine-Maritime"),
            _region("FRE1", "Nord-Pas-de-Calais", "FRE11 Nord; FRE12 Pas-de-Calais"),
            _region("FRE2", "Picardie", "FRE21 Aisne; FRE22 Oise; FRE23 Somme"),
            _region("FRF1", "Alsace", "FRF11 Bas-Rhin; FRF12 Haut-Rhin"),
            _region(
                "FRF2",
                "Champagne-Ardenne",
                "FRF21 Ardennes; FRF22 Aube; FRF23 Marne; FRF24 Haute-Marne",
            ),
            _region(
                "FRF3",
                "Lorraine",
                "FRF31 Meurthe-et-Moselle; FRF32 Meuse; FRF33 Moselle; FRF34 Vosges",
            ),
            _region(
                "FRG0",
                "Pays de la Loire",
                "FRG01 Loire-Atlantique; FRG02 Maine-et-Loire; FRG03 Mayenne; FRG04 Sarthe; "
                "FRG05 Vendée",
            ),
            _region(
                "FRH0",
                "Bretagne",
                "FRH01 Côtes-d'Armor; FRH02 Finistère; FRH03 Ille-et-Vilaine; FRH04 Morbihan",
            ),
            _region(
                "FRI1",
                "Aquitaine",
                "FRI11 Dordogne; FRI12 Gironde; FRI13 Landes; FRI14 Lot-et-Garonne; "
                "FRI15 Pyrénées-Atlantiques",
            ),
            _region("FRI2", "Limousin", "FRI21 Corrèze; FRI22 Creuse; FRI23 Haute-Vienne"),
            _region(
                "FRI3",
                "Poitou-Charentes",
                "FRI31 Charente; FRI32 Charente-Maritime; FRI33 Deux-Sèvres; FRI34 Vienne",
            ),
            _region(
                "FRJ1",
                "Languedoc-Roussillon",
                "FRJ11 Aude; FRJ12 Gard; FRJ13 Hérault; FRJ14 Lozère; FRJ15 Pyrénées-Orientales",
            ),
            _region(
                "FRJ2",
                "Midi-Pyrénées",
                "FRJ21 Ariège; FRJ22 Aveyron; FRJ23 Haute-Garonne; FRJ24 Gers; FRJ25 Lot; "
                "FRJ26 Hautes-Pyrénées; FRJ27 Tarn; FRJ28 Tarn-et-Garonne",
            ),
            _region(
                "FRK1",
                "Auvergne",
                "FRK11 Allier; FRK12 Cantal; FRK13 Haute-Loire; FRK14 Puy-de-Dôme",
            ),
            _region(
                "FRK2",
                "Rhône-Alpes",
                "FRK21 Ain; FRK22 Ardèche; FRK23 Drôme; FRK24 Isère; FRK25 Loire; FRK26 Rhône; "
                "FRK27 Savoie; FRK28 Haute-Savoie",
            ),
            _region(
                "FRL0",
                "Provence-Alpes-Côte d'Azur",
                "FRL01 Alpes-de-Haute-Provence; FRL02 Hautes-Alpes; FRL03 Alpes-Maritimes; "
                "FRL04 Bouches-du-Rhône; FRL05 Var; FRL06 Vaucluse",
            ),
            _region("FRM0", "Corse", "FRM01 Corse-du-Sud; FRM02 Haute-Corse"),
            _region("FRY1", "Guadeloupe", "FRY10 Guadeloupe"),
            _region("FRY2", "Martinique", "FRY20 Martinique"),
            _region("FRY3", "Guyane", "FRY30 Guyane"),
            _region("FRY4", "La Réunion", "FRY40 La Réunion"),
            _region("FRY5", "Mayotte", "FRY50 Mayotte"),
        ),
    ),
    Country(
        "SK",
        "Slovensko",
        (
            _region("SK01", "Bratislavský kraj", "SK010 Bratislavský kraj"),
            _region(
                "SK02",
                "Západné Slovensko",
                "SK021 Trnavský kraj; SK022 Trenčiansky kraj; SK023 Nitriansky kraj",
            ),
            _region("SK03", "Stredné Slovensko", "SK031 Žilinský kraj; SK032 Banskobystrický kraj"),
            _region("SK04", "Východné Slovensko", "SK041 Prešovský kraj; SK042 Košický kraj"),
        ),
    ),
)


@cache
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in COUNTRIES:
        names[country.code] = country.name
        for region in country.regions:
            names[region.code] = region.name
            for area in region.areas:
                names[area.code] = area.name
    return names


def is_known(code: str | None) -> bool:
    """Whether ``code`` is a country, NUTS-2 or NUTS-3 code of this dataset."""
    return bool(code) and code in _names()


def name(code: str | None) -> str:
    """The name of a code (``ITC11`` → ``Torino``); an unknown code is returned as it is."""
    if not code:
        return ""
    return _names().get(code, code)


def label(code: str | None) -> str:
    """A code as a person reads it: ``Torino (Piemonte, Italia)``; the code itself if unknown."""
    if not code:
        return ""
    names = _names()
    if code not in names:
        return code
    wider = [names[p] for p in (code[:4], code[:2]) if len(p) < len(code) and p in names]
    return f"{names[code]} ({', '.join(wider)})" if wider else names[code]


def option_groups(
    *, countries: bool = False, regions: bool = True, areas: bool = True
) -> tuple[OptionGroup, ...]:
    """The ``<optgroup>`` list of a region picker: one group per NUTS-2 region.

    ``countries`` adds a first group of whole countries; ``regions`` offers each NUTS-2 region
    as its group's first option (for "anywhere in Piemonte"); ``areas`` lists the NUTS-3 areas.
    """
    return _option_groups(countries, regions, areas)


@cache
def _option_groups(countries: bool, regions: bool, areas: bool) -> tuple[OptionGroup, ...]:
    groups: list[OptionGroup] = []
    if countries:
        groups.append(OptionGroup("", "", tuple(Option(c.code, c.name, True) for c in COUNTRIES)))
    for country in COUNTRIES:
        for region in country.regions:
            options: list[Option] = []
            if regions:
                options.append(Option(region.code, region.name, True))
            if areas:
                options.extend(Option(area.code, area.name) for area in region.areas)
            groups.append(OptionGroup(country.name, region.name, tuple(options)))
    return tuple(groups)


# The pickers' hundreds of options, as HTML, by option groups, chosen codes and labels (the
# labels are in the page's language): a page wrote them all at every request (~1 ms).
_options_html: dict[int, tuple[tuple[OptionGroup, ...], dict[tuple[object, ...], Markup]]] = {}
_options_lock = threading.Lock()
MAX_KEPT_PICKERS = 256


def options_html(
    groups: tuple[OptionGroup, ...],
    chosen: Iterable[str],
    countries_label: str,
    region_label: str,
    country_label: str,
) -> Markup:
    """The ``<optgroup>`` and ``<option>`` elements of a region picker (``chosen``: selected)."""
    key = (tuple(chosen), countries_label, region_label, country_label)
    with _options_lock:
        kept = _options_html.get(id(groups))
        if kept is not None and kept[0] is groups and key in kept[1]:
            return kept[1][key]
    parts: list[str] = []
    selected = set(key[0])
    for group in groups:
        label = f"{group.country} · {group.region}" if group.region else countries_label
        parts.append(f'\n  <optgroup label="{escape(label)}">')
        for option in group.options:
            mark = " selected" if option.code in selected else ""
            whole = ""
            if option.whole:
                whole = f" — {escape(region_label if group.region else country_label)}"
            parts.append(
                f'\n    <option value="{escape(option.code)}"{mark}>{escape(option.name)}{whole}'
                "</option>"
            )
        parts.append("\n  </optgroup>")
    html = Markup("".join(parts))
    with _options_lock:
        kept = _options_html.get(id(groups))
        if kept is None or kept[0] is not groups or len(kept[1]) >= MAX_KEPT_PICKERS:
            kept = (groups, {})
            _options_html[id(groups)] = kept
        kept[1][key] = html
    return html
