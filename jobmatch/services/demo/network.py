"""Networks (transnational, national, regional) and the members that are not employers."""

from __future__ import annotations

from dataclasses import dataclass

from jobmatch.models import Membership, Network, Organisation, User
from jobmatch.models.enums import MembershipRole, NetworkScope, OrganisationKind, Role
from jobmatch.services.demo.context import Demo, slug
from jobmatch.services.demo.names import STAFF_NAMES
from jobmatch.services.demo.places import COUNTRY_LANGUAGE, REGIONS, country_of
from jobmatch.services.demo_accounts import DEMO_ACCOUNTS

NATIONAL_NETWORKS = {
    "IT": "Rete nazionale antitratta – Italia",
    "FR": "Réseau national contre la traite des êtres humains – France",
    "SK": "Národná sieť proti obchodovaniu s ľuďmi – Slovensko",
}
REGIONAL_PREFIX = {
    "IT": "Rete antitratta",
    "FR": "Réseau anti-traite",
    "SK": "Regionálna sieť proti obchodovaniu s ľuďmi –",
}
TRANSNATIONAL = "INT"

K = OrganisationKind
R = MembershipRole


@dataclass(frozen=True)
class Member:
    """An organisation of the network that is not an employer, and who works there."""

    name: str
    kind: str
    area: str  # NUTS-3 seat
    memberships: tuple[tuple[str, str], ...]  # (network key, role)
    staff_role: str | None = None
    staff: int = 0
    phone: str | None = None


MEMBERS: tuple[Member, ...] = (
    Member(
        "JobMatch Network Secretariat",
        K.INTERNATIONAL,
        "BE100",
        ((TRANSNATIONAL, R.COORDINATOR),),
        Role.ADMIN,
        1,
    ),
    # Italy
    Member(
        "Dipartimento Pari Opportunità",
        K.PUBLIC_AUTHORITY,
        "ITI43",
        (("IT", R.COORDINATOR), (TRANSNATIONAL, R.COORDINATOR)),
        Role.COORDINATOR,
        1,
    ),
    Member(
        "Numero Verde Antitratta 800 290 290",
        K.HELPLINE,
        "ITH35",
        (("IT", R.HELPLINE),),
        phone="800 290 290",
    ),
    Member(
        "IOM Italia – Ufficio di Roma",
        K.INTERNATIONAL,
        "ITI43",
        (("IT", R.SUPPORT_SERVICE), (TRANSNATIONAL, R.SUPPORT_SERVICE)),
    ),
    Member(
        "Regione Piemonte – Settore Politiche Sociali",
        K.PUBLIC_AUTHORITY,
        "ITC11",
        (("ITC1", R.COORDINATOR),),
        Role.COORDINATOR,
        1,
    ),
    Member(
        "Associazione Liberi Passi",
        K.NGO,
        "ITC11",
        (("ITC1", R.SUPPORT_SERVICE), ("IT", R.SUPPORT_SERVICE)),
        Role.CASEWORKER,
        2,
    ),
    Member(
        "Cooperativa Sociale Filo d'Arianna",
        K.NGO,
        "ITC16",
        (("ITC1", R.SUPPORT_SERVICE),),
        Role.CASEWORKER,
        2,
    ),
    Member(
        "Città di Torino – Servizi Sociali", K.PUBLIC_AUTHORITY, "ITC11", (("ITC1", R.REFERRAL),)
    ),
    Member(
        "Centro per l'Impiego di Torino",
        K.PUBLIC_AUTHORITY,
        "ITC11",
        (("ITC1", R.TRAINING_PROVIDER),),
    ),
    Member(
        "Ospedale Civile di Asti – Servizio Sociale Ospedaliero",
        K.PUBLIC_AUTHORITY,
        "ITC17",
        (("ITC1", R.REFERRAL),),
    ),
    Member(
        "Associazione Approdo Sicuro",
        K.NGO,
        "ITC33",
        (("ITC3", R.SUPPORT_SERVICE),),
        Role.CASEWORKER,
        2,
    ),
    Member(
        "Comune di Genova – Direzione Politiche Sociali",
        K.PUBLIC_AUTHORITY,
        "ITC33",
        (("ITC3", R.COORDINATOR),),
    ),
    Member(
        "Cooperativa Sociale Ponte Aperto",
        K.NGO,
        "ITI14",
        (("ITI1", R.SUPPORT_SERVICE),),
        Role.CASEWORKER,
        2,
    ),
    Member(
        "Associazione Nuova Rotta",
        K.NGO,
        "ITI17",
        (("ITI1", R.SUPPORT_SERVICE),),
        Role.CASEWORKER,
        1,
    ),
    Member(
        "Regione Toscana – Settore Inclusione Sociale",
        K.PUBLIC_AUTHORITY,
        "ITI14",
        (("ITI1", R.COORDINATOR),),
    ),
    Member(
        "Provincia di Pisa – Servizio Pari Opportunità",
        K.PUBLIC_AUTHORITY,
        "ITI17",
        (("ITI1", R.REFERRAL),),
    ),
    Member(
        "Ispettorato Territoriale del Lavoro di Firenze",
        K.PUBLIC_AUTHORITY,
        "ITI14",
        (("ITI1", R.REFERRAL),),
    ),
    Member(
        "Associazione Casa dei Venti",
        K.NGO,
        "ITI32",
        (("ITI3", R.SUPPORT_SERVICE),),
        Role.CASEWORKER,
        2,
    ),
    Member(
        "Cooperativa Sociale Orizzonte Piceno",
        K.NGO,
        "ITI34",
        (("ITI3", R.SUPPORT_SERVICE),),
        Role.CASEWORKER,
        1,
    ),
    Member("Provincia di Ascoli Piceno", K.PUBLIC_AUTHORITY, "ITI34", (("ITI3", R.COORDINATOR),)),
    Member(
        "Associazione Sentieri Nuovi",
        K.NGO,
        "ITF13",
        (("ITF1", R.SUPPORT_SERVICE),),
        Role.CASEWORKER,
        2,
    ),
    Member(
        "Provincia di Teramo – Servizi Sociali",
        K.PUBLIC_AUTHORITY,
        "ITF12",
        (("ITF1", R.COORDINATOR),),
    ),
    # France
    Member(
        "Mission nationale de coordination contre la traite",
        K.PUBLIC_AUTHORITY,
        "FR101",
        (("FR", R.COORDINATOR), (TRANSNATIONAL, R.COORDINATOR)),
        Role.COORDINATOR,
        1,
    ),
    Member(
        "Association Nouveaux Horizons",
        K.NGO,
        "FR101",
        (("FR10", R.SUPPORT_SERVICE), ("FR", R.SUPPORT_SERVICE)),
        Role.CASEWORKER,
        2,
    ),
    Member(
        "Collectif Passerelle Emploi",
        K.NGO,
        "FR106",
        (("FR10", R.SUPPORT_SERVICE),),
        Role.CASEWORKER,
        1,
    ),
    Member(
        "Préfecture de région Île-de-France – Droits des femmes et égalité",
        K.PUBLIC_AUTHORITY,
        "FR101",
        (("FR10", R.COORDINATOR),),
    ),
    Member(
        "Mairie de Montreuil – Service Insertion",
        K.PUBLIC_AUTHORITY,
        "FR106",
        (("FR10", R.REFERRAL),),
    ),
    Member(
        "France Travail – Agence Paris 19e",
        K.PUBLIC_AUTHORITY,
        "FR101",
        (("FR10", R.TRAINING_PROVIDER),),
    ),
    Member(
        "Association Escale Méditerranée",
        K.NGO,
        "FRL04",
        (("FRL0", R.SUPPORT_SERVICE),),
        Role.CASEWORKER,
        2,
    ),
    Member(
        "Association Horizons Varois",
        K.NGO,
        "FRL05",
        (("FRL0", R.SUPPORT_SERVICE),),
        Role.CASEWORKER,
        1,
    ),
    Member(
        "Région Sud – Direction Emploi et Formation",
        K.PUBLIC_AUTHORITY,
        "FRL04",
        (("FRL0", R.COORDINATOR),),
    ),
    Member(
        "DREETS Provence-Alpes-Côte d'Azur – Inspection du travail",
        K.PUBLIC_AUTHORITY,
        "FRL04",
        (("FRL0", R.REFERRAL),),
    ),
    Member(
        "Hôpital Nord-Littoral – Service social",
        K.PUBLIC_AUTHORITY,
        "FRL04",
        (("FRL0", R.REFERRAL),),
    ),
    # Slovakia
    Member(
        "Národné koordinačné centrum proti obchodovaniu s ľuďmi",
        K.PUBLIC_AUTHORITY,
        "SK010",
        (("SK", R.COORDINATOR), (TRANSNATIONAL, R.COORDINATOR)),
        Role.COORDINATOR,
        1,
    ),
    Member(
        "IOM Slovensko – kancelária Bratislava",
        K.INTERNATIONAL,
        "SK010",
        (("SK", R.SUPPORT_SERVICE), (TRANSNATIONAL, R.SUPPORT_SERVICE)),
    ),
    Member("Linka pomoci obetiam obchodovania s ľuďmi", K.HELPLINE, "SK010", (("SK", R.HELPLINE),)),
    Member(
        "Nádej pre život o.z.",
        K.NGO,
        "SK010",
        (("SK01", R.SUPPORT_SERVICE), ("SK", R.SUPPORT_SERVICE)),
        Role.CASEWORKER,
        2,
    ),
    Member("OZ Nový krok", K.NGO, "SK010", (("SK01", R.SUPPORT_SERVICE),), Role.CASEWORKER, 1),
    Member(
        "Bratislavský samosprávny kraj", K.PUBLIC_AUTHORITY, "SK010", (("SK01", R.COORDINATOR),)
    ),
    Member(
        "Úrad práce, sociálnych vecí a rodiny Bratislava",
        K.PUBLIC_AUTHORITY,
        "SK010",
        (("SK01", R.REFERRAL),),
    ),
    Member(
        "OZ Svetlo na ceste", K.NGO, "SK042", (("SK04", R.SUPPORT_SERVICE),), Role.CASEWORKER, 2
    ),
    Member("Košický samosprávny kraj", K.PUBLIC_AUTHORITY, "SK042", (("SK04", R.COORDINATOR),)),
    Member(
        "Mesto Košice – oddelenie sociálnych vecí",
        K.PUBLIC_AUTHORITY,
        "SK042",
        (("SK04", R.REFERRAL),),
    ),
    Member(
        "Nemocnica Košice-Šaca – sociálne oddelenie",
        K.PUBLIC_AUTHORITY,
        "SK042",
        (("SK04", R.REFERRAL),),
    ),
)


def create_networks(demo: Demo) -> None:
    """The transnational network, a national network per country, a regional one per region."""
    root = Network(
        name="JobMatch transnational network (IT · FR · SK)",
        scope=NetworkScope.INTERNATIONAL,
        country="EU",
    )
    demo.session.add(root)
    demo.session.flush()
    demo.networks[TRANSNATIONAL] = root
    for country, name in NATIONAL_NETWORKS.items():
        national = Network(
            name=name,
            scope=NetworkScope.NATIONAL,
            country=country,
            region=country,
            parent_id=root.id,
        )
        demo.session.add(national)
        demo.session.flush()
        demo.networks[country] = national
    for region in REGIONS.values():
        regional = Network(
            name=f"{REGIONAL_PREFIX[region.country]} {region.name}",
            scope=NetworkScope.REGIONAL,
            country=region.country,
            region=region.code,
            parent_id=demo.networks[region.country].id,
        )
        demo.session.add(regional)
        demo.networks[region.code] = regional
    demo.session.flush()


def add_organisation(
    demo: Demo,
    *,
    name: str,
    kind: str,
    area: str,
    sector: str | None = None,
    size: str | None = None,
    phone: str | None = None,
    association: Organisation | None = None,
) -> Organisation:
    """Create an organisation with an invented contact person of its country."""
    country = "EU" if area.startswith("BE") else country_of(area)
    first, last = _staff_name(demo, country)
    organisation = Organisation(
        name=name,
        kind=kind,
        region=area,
        sector=sector,
        size=size,
        contact_name=f"{first} {last}",
        contact_email=f"{slug(first)}.{slug(last)}@{slug(name)[:40]}.example",
        contact_phone=phone,
        association_id=association.id if association else None,
        created_at=demo.moment(demo.day(demo.rng.randint(560, 760))),
    )
    demo.session.add(organisation)
    demo.session.flush()
    demo.organisations[name] = organisation
    return organisation


def join(demo: Demo, organisation: Organisation, network_key: str, role: str) -> None:
    """A membership with the date its co-operation agreement was signed."""
    assert organisation.id is not None
    network = demo.networks[network_key]
    assert network.id is not None
    signed = demo.day(demo.rng.randint(200, 2200))
    demo.session.add(
        Membership(
            organisation_id=organisation.id,
            network_id=network.id,
            role=role,
            agreement_signed_on=signed,
        )
    )


def add_staff(demo: Demo, organisation: Organisation, role: str, count: int) -> None:
    """The demo accounts of this organisation, then ``count`` more staff with invented names."""
    for account in DEMO_ACCOUNTS:
        if account.organisation == organisation.name:
            _add_user(demo, organisation, role=account.role, email=account.email, name=None)
    country = "EU" if organisation.region.startswith("BE") else country_of(organisation.region)
    for _ in range(count):
        first, last = _staff_name(demo, country)
        email = f"{slug(first)}.{slug(last)}@{slug(organisation.name)[:40]}.demo.jobmatch.eu"
        if email in demo.emails:
            continue
        _add_user(demo, organisation, role=role, email=email, name=f"{first} {last}")


def _add_user(
    demo: Demo, organisation: Organisation, *, role: str, email: str, name: str | None
) -> None:
    assert organisation.id is not None
    country = "EU" if organisation.region.startswith("BE") else country_of(organisation.region)
    user = User(
        email=email,
        password_hash=demo.password_hash,
        role=role,
        organisation_id=organisation.id,
        display_name=name,
        language=COUNTRY_LANGUAGE.get(country, "en"),
        created_at=demo.moment(demo.day(demo.rng.randint(548, 600))),
    )
    demo.session.add(user)
    demo.emails.add(email)
    demo.staff.setdefault(organisation.name, []).append(user)


def _staff_name(demo: Demo, country: str) -> tuple[str, str]:
    firsts, lasts = STAFF_NAMES[country]
    return demo.pick(firsts), demo.pick(lasts)


def create_members(demo: Demo) -> None:
    """Every non-employer member, its memberships and its staff accounts."""
    for member in MEMBERS:
        organisation = add_organisation(
            demo, name=member.name, kind=member.kind, area=member.area, phone=member.phone
        )
        for network_key, role in member.memberships:
            join(demo, organisation, network_key, role)
        if member.staff_role is not None:
            add_staff(demo, organisation, member.staff_role, member.staff)
    demo.session.flush()


def ngos() -> list[Member]:
    """The NGOs whose caseworkers write profiles."""
    return [m for m in MEMBERS if m.kind == OrganisationKind.NGO]
