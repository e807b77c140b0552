"""The demo story: the 2025 Iran–US indirect talks and the fight over Iraq's armed factions,
as reported by Shafaq News. Every quote is the article's, word for word.

Natural keys (names, numbers, slugs, the source headline) make loading it twice a no-op.
"""

from __future__ import annotations

from typing import Any, NamedTuple

ARTICLE_HEADLINE = "Iran–US talks and future of Iraqi armed factions: Sovereignty vs. Resistance"

NEGOTIATION: dict[str, Any] = {
    "title": "Iran–US indirect talks (2025)",
    "slug": "iran-us-2025",
    "summary": (
        "Indirect talks between the United States and Iran that began on 12 April 2025 in "
        "Oman, reportedly led by Abbas Araghchi and Steve Witkoff. The future of Iraq's armed "
        "factions is reported to be a point of contention."
    ),
    "parties": ["Iran", "United States"],
}

ORGANISATIONS: list[dict[str, Any]] = [
    {"name": "Iran", "name_original": "ایران", "kind": "state", "country_code": "IR"},
    {"name": "United States", "abbreviation": "US", "kind": "state", "country_code": "US"},
    {"name": "Oman", "name_original": "عُمان", "kind": "mediator", "country_code": "OM"},
    {"name": "Iraq", "name_original": "العراق", "kind": "state", "country_code": "IQ"},
    {"name": "Israel", "kind": "state", "country_code": "IL"},
    {
        "name": "Shafaq News",
        "name_original": "شفق نيوز",
        "kind": "media_outlet",
        "country_code": "IQ",
    },
    {
        "name": "Iranian state media",
        "kind": "media_outlet",
        "country_code": "IR",
        "description": "Named collectively in the reporting, without a specific outlet.",
    },
    {
        "name": "Popular Mobilization Forces",
        "name_original": "الحشد الشعبي",
        "abbreviation": "PMF",
        "kind": "armed_group",
        "country_code": "IQ",
        "description": (
            "A legally recognised entity under Iraq's Commander-in-Chief of the Armed Forces "
            "that still includes factions operating autonomously."
        ),
    },
    {
        "name": "Islamic Resistance in Iraq",
        "name_original": "المقاومة الإسلامية في العراق",
        "kind": "armed_group",
        "country_code": "IQ",
    },
    {
        "name": "New Vision Center for Studies and Media",
        "kind": "think_tank",
        "country_code": "IR",
        "description": "A research and media centre in Tehran.",
    },
    {
        "name": "Iraqi Parliament Security and Defense Committee",
        "name_original": "لجنة الأمن والدفاع النيابية",
        "kind": "government_body",
        "country_code": "IQ",
    },
]

PEOPLE: list[dict[str, Any]] = [
    {
        "key": "araghchi",
        "name": "Abbas Araghchi",
        "name_original": "عباس عراقچی",
        "name_original_language": "fa",
        "organisation": "Iran",
        "description": (
            "Iran's foreign minister since August 2024. The Shafaq News article calls him "
            "Deputy Foreign Minister, a title he held earlier."
        ),
        "titles": [("Minister of Foreign Affairs of Iran", "Iran", "2024-08-21", None)],
    },
    {
        "key": "witkoff",
        "name": "Steve Witkoff",
        "organisation": "United States",
        "titles": [("US Special Envoy to the Middle East", "United States", "2025-01-20", None)],
    },
    {
        "key": "trump",
        "name": "Donald Trump",
        "organisation": "United States",
        "titles": [("President of the United States", "United States", "2025-01-20", None)],
    },
    {
        "key": "qazah",
        "name": "Saeed al-Qazah",
        "name_original": "سعيد القزح",
        "name_original_language": "ar",
        "description": "Lebanese strategic analyst and retired brigadier general.",
        "titles": [("Lebanese strategic analyst, retired Brigadier General", None, None, None)],
    },
    {
        "key": "shammari",
        "name": "Mohammed al-Shammari",
        "name_original": "محمد الشمري",
        "name_original_language": "ar",
        "organisation": "Iraqi Parliament Security and Defense Committee",
        "titles": [
            (
                "Member of Iraq's parliamentary Security and Defense Committee",
                "Iraqi Parliament Security and Defense Committee",
                None,
                None,
            )
        ],
    },
    {
        "key": "azizi",
        "name": "Mehdi Azizi",
        "name_original": "مهدی عزیزی",
        "name_original_language": "fa",
        "organisation": "New Vision Center for Studies and Media",
        "titles": [
            (
                "Director of the New Vision Center for Studies and Media",
                "New Vision Center for Studies and Media",
                None,
                None,
            )
        ],
    },
    {
        "key": "abbas",
        "name": "Aqil Abbas",
        "name_original": "عقيل عباس",
        "name_original_language": "ar",
        "description": "Expert on American foreign policy.",
        "titles": [("Expert on American foreign policy", None, None, None)],
    },
]

VENUES: list[dict[str, Any]] = [
    {
        "name": "Muscat",
        "name_original": "مسقط",
        "city": "Muscat",
        "country_code": "OM",
        "latitude": 23.588,
        "longitude": 58.3829,
        "timezone": "Asia/Muscat",
    },
    {
        "name": "Rome",
        "name_original": "Roma",
        "city": "Rome",
        "country_code": "IT",
        "latitude": 41.9028,
        "longitude": 12.4964,
        "timezone": "Europe/Rome",
    },
]

TOPICS: list[dict[str, Any]] = [
    {
        "slug": "iraq-armed-factions",
        "name": "Iraq's armed factions",
        "name_original": "الفصائل المسلحة العراقية",
        "description": "Whether Iraq's armed factions, especially those aligned with Iran, are "
        "disarmed, dissolved or absorbed into the state.",
    },
    {
        "slug": "pmf",
        "name": "Popular Mobilization Forces (PMF)",
        "name_original": "الحشد الشعبي",
        "description": "The status of the PMF and of the autonomous factions within it.",
    },
    {
        "slug": "state-monopoly-on-force",
        "name": "State monopoly on the use of force",
        "description": "Sovereign states monopolising armed force; disarming non-state actors.",
    },
    {
        "slug": "axis-of-resistance",
        "name": "Axis of Resistance",
        "name_original": "محور المقاومة",
        "description": "Iran's alliance of armed movements in Iraq, Syria, Lebanon, Palestine "
        "and Yemen.",
    },
    {
        "slug": "iran-regional-alliances",
        "name": "Iran's regional alliances",
        "description": "Whether Iran would give up regional allies in the name of diplomacy.",
    },
]

SOURCE: dict[str, Any] = {
    "headline": ARTICLE_HEADLINE,
    "outlet": "Shafaq News",
    "language": "en",
    "notes": (
        "Published after the second round in Rome (Saturday 19 April 2025) and before the "
        "third round. The seed copy carries no URL or exact publication date."
    ),
}

ROUNDS: list[dict[str, Any]] = [
    {
        "number": 1,
        "title": "Muscat",
        "status": "held",
        "format": "indirect",
        "when_edtf": "2025-04-12",
        "venue": "Muscat",
        "mediator": "Oman",
        "summary": "The talks began on 12 April in Oman.",
        "agenda": ["iraq-armed-factions"],
    },
    {
        "number": 2,
        "title": "Rome",
        "status": "held",
        "format": "indirect",
        "when_edtf": "2025-04-19",
        "when_text": "Saturday",
        "venue": "Rome",
        "mediator": "Oman",
        "summary": (
            "The second round concluded in Rome on Saturday. Iranian state media described "
            "the negotiations as constructive."
        ),
        "agenda": ["iraq-armed-factions", "pmf"],
    },
    {
        "number": 3,
        "title": None,
        "status": "announced",
        "format": "indirect",
        "when_edtf": "2025-04-26~",
        "when_text": "the coming weekend",
        "venue": None,
        "mediator": "Oman",
        "summary": "A third round is scheduled for the coming weekend.",
        "agenda": ["iraq-armed-factions"],
    },
]

PARTICIPATIONS = [
    # (round number, person key, role, side, note)
    (1, "araghchi", "head_of_delegation", "Iran", "Reportedly led the Iranian side."),
    (1, "witkoff", "head_of_delegation", "United States", "Reportedly led the US side."),
    (2, "araghchi", "head_of_delegation", "Iran", "Reportedly led the Iranian side."),
    (2, "witkoff", "head_of_delegation", "United States", "Reportedly led the US side."),
]

OUTCOMES: list[dict[str, Any]] = [
    {
        "round": 2,
        "summary": "Iranian state media described the negotiations as “constructive”.",
        "reported_by": "Iranian state media",
        "verification": "reported",
        "when_edtf": "2025-04-19",
        "topics": [],
    }
]

DEVELOPMENTS: list[dict[str, Any]] = [
    {
        "headline": "Third round scheduled for the coming weekend",
        "description": "After the Rome round, a third round was reported as scheduled for the "
        "coming weekend.",
        "round": 3,
        "when_edtf": "2025-04-19/2025-04-26",
        "when_text": "after the Rome round",
        "verification": "reported",
        "topics": [],
        "people": [],
        "organisations": ["Iran", "United States"],
    },
    {
        "headline": "Iraqi factions reported as a major point of contention",
        "description": "Speculation is mounting that Iraqi factions, especially those aligned "
        "with Iran, are a major point of contention in the talks.",
        "round": None,
        "when_edtf": "2025-04-19/2025-04-26",
        "when_text": "after the Rome round",
        "verification": "reported",
        "topics": ["iraq-armed-factions"],
        "people": [],
        "organisations": ["Popular Mobilization Forces", "Islamic Resistance in Iraq"],
    },
]


class Quote(NamedTuple):
    """Words from the article, with who said them, what about and where they stand."""

    speaker: str
    text: str
    topics: list[str]
    stance: str
    speech: str = "direct"


#: When the interviews ran: only the month is certain.
QUOTE_DATE = "2025-04"

QUOTES = [
    Quote(
        "qazah",
        "There can be no lasting peace or stability in the Middle East without the disarmament of militias and their absorption into the structures of legitimate state institutions",
        ["state-monopoly-on-force", "iraq-armed-factions"],
        "supports",
    ),
    Quote(
        "qazah",
        "Whether they claim resistance or defense, such groups must be dissolved or placed under state command under national laws and political decisions.",
        ["state-monopoly-on-force", "iraq-armed-factions"],
        "supports",
    ),
    Quote(
        "qazah",
        "The Iraqi state is moving toward ensuring that all armed groups operate under the umbrella of the state, through organized frameworks that align with the country’s sovereignty",
        ["state-monopoly-on-force", "iraq-armed-factions"],
        "supports",
    ),
    Quote(
        "shammari",
        "the PMF, while a legally recognized entity under the Commander-in-Chief of the Armed Forces, still includes factions that operate autonomously with ideological motives, independent of the state.",
        ["pmf", "iraq-armed-factions"],
        "mixed",
    ),
    Quote(
        "shammari",
        "Washington wants to see these factions disbanded, seeing them as external to the state and often hostile to US interests. The US is willing to pursue their dismantling by any means—political or otherwise",
        ["iraq-armed-factions"],
        "supports",
    ),
    Quote(
        "shammari",
        "Tehran is a strategic actor that makes calculated decisions in line with its interests, and it will act in ways that serve its broader vision, including its regional alliances.",
        ["iran-regional-alliances"],
        "unclear",
    ),
    Quote(
        "azizi", "Iran doesn’t need proxies or proxy wars", ["iran-regional-alliances"], "opposes"
    ),
    Quote(
        "azizi",
        "The Islamic Resistance in Iraq is an independent force that defends Iraqi sovereignty against US arrogance and Israeli threats.",
        ["iraq-armed-factions", "axis-of-resistance"],
        "opposes",
    ),
    Quote(
        "azizi",
        "the resistance in Iraq is a domestic issue and unrelated to Iran–US negotiations",
        ["iraq-armed-factions"],
        "opposes",
    ),
    Quote(
        "azizi",
        "There are political and media efforts to insert the issue of armed factions into the Rome talks, but Iran will not negotiate away its principles or its support for the Axis of Resistance in Iraq, Syria, Lebanon, Palestine, and Yemen",
        ["iraq-armed-factions", "axis-of-resistance", "iran-regional-alliances"],
        "opposes",
    ),
    Quote(
        "abbas",
        "Washington and Tel Aviv both support dismantling the factions and the PMF, which they see as an integral part of the Resistance Axis",
        ["iraq-armed-factions", "pmf", "axis-of-resistance"],
        "supports",
    ),
    Quote(
        "abbas",
        "If they’re integrated as factions, their internal command structures may remain intact, and the integration won’t be effective. The US won’t accept this",
        ["iraq-armed-factions", "pmf"],
        "mixed",
    ),
    Quote(
        "abbas",
        "And if they’re merged as individuals, the question becomes how such integration would be monitored and enforced. There’s a lack of clarity on execution",
        ["iraq-armed-factions", "pmf"],
        "mixed",
    ),
    Quote(
        "abbas",
        "Regardless, these factions will not maintain the same power they once had, not just because of US pressure but due to internal Iraqi shifts as well.",
        ["iraq-armed-factions"],
        "unclear",
    ),
    Quote(
        "qazah",
        "neutralizing all armed factions outside the state’s framework is essential",
        ["iraq-armed-factions", "state-monopoly-on-force"],
        "supports",
        "reported",
    ),
    Quote(
        "qazah",
        "Iraq is undergoing what al-Qazah described as a “steady transition” toward "
        "centralized authority over the use of force",
        ["state-monopoly-on-force"],
        "supports",
        "reported",
    ),
    Quote(
        "azizi",
        "describing as “misleading” the idea that these discussions are a pretext for "
        "dismantling regional armed movements",
        ["iraq-armed-factions", "axis-of-resistance"],
        "opposes",
        "reported",
    ),
]

DEMO_PASSWORD = "demo-password"

ACCOUNTS: list[dict[str, Any]] = [
    {"email": "admin@example.org", "name": "Demo Admin", "role": "admin"},
    {"email": "editor@example.org", "name": "Demo Editor", "role": "editor"},
    {"email": "viewer@example.org", "name": "Demo Viewer", "role": "viewer"},
]
