"""The zone words people write that tzdata does not carry: the one hand-kept table behind
zone hints (`calfeed.tz.names` reads tzdata's own tables first and this only where they
have no answer, or a wrong one).

Each entry names a canonical zone of the pinned tzdata, and the tests hold the table to
that: a zone renamed or merged by a new release fails a test, and an entry that tzdata
itself now answers the same way is reported as redundant.
"""

from __future__ import annotations

PLACES: dict[str, str] = {
    # Countries tzdata names otherwise, or splits where people mean one zone.
    # Samoa is two countries in iso3166.tab, and US/Samoa is American Samoa, UTC-11.
    "samoa": "Pacific/Apia",
    "western samoa": "Pacific/Apia",
    "american samoa": "Pacific/Pago_Pago",
    "uk": "Europe/London",  # iso3166.tab: "Britain (UK)"
    "united kingdom": "Europe/London",
    "great britain": "Europe/London",
    "england": "Europe/London",
    "scotland": "Europe/London",
    "wales": "Europe/London",
    "northern ireland": "Europe/London",
    "china": "Asia/Shanghai",  # one official time; zone.tab adds Urumqi (Xinjiang time)
    "south korea": "Asia/Seoul",
    "north korea": "Asia/Pyongyang",
    "uae": "Asia/Dubai",
    "emirates": "Asia/Dubai",
    "burma": "Asia/Yangon",
    # Cities with no zone of their own: the zone of their country (or state).
    "mumbai": "Asia/Kolkata",
    "bombay": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "chennai": "Asia/Kolkata",
    "madras": "Asia/Kolkata",
    "hyderabad": "Asia/Kolkata",
    "pune": "Asia/Kolkata",
    "ahmedabad": "Asia/Kolkata",
    "islamabad": "Asia/Karachi",
    "lahore": "Asia/Karachi",
    "chittagong": "Asia/Dhaka",
    "beijing": "Asia/Shanghai",
    "peking": "Asia/Shanghai",
    "guangzhou": "Asia/Shanghai",
    "shenzhen": "Asia/Shanghai",
    "dongguan": "Asia/Shanghai",
    "humen": "Asia/Shanghai",
    "hangzhou": "Asia/Shanghai",
    "nanjing": "Asia/Shanghai",
    "wuhan": "Asia/Shanghai",
    "chengdu": "Asia/Shanghai",
    "hanoi": "Asia/Ho_Chi_Minh",
    "cebu": "Asia/Manila",
    "davao": "Asia/Manila",
    "bali": "Asia/Makassar",
    "denpasar": "Asia/Makassar",
    "surabaya": "Asia/Jakarta",
    "osaka": "Asia/Tokyo",
    "kyoto": "Asia/Tokyo",
    "yokohama": "Asia/Tokyo",
    "busan": "Asia/Seoul",
    "incheon": "Asia/Seoul",
    "abu dhabi": "Asia/Dubai",
    "sharjah": "Asia/Dubai",
    "jeddah": "Asia/Riyadh",
    "mecca": "Asia/Riyadh",
    "ankara": "Europe/Istanbul",
    "cairns": "Australia/Brisbane",
    "wellington": "Pacific/Auckland",
    "christchurch": "Pacific/Auckland",
    "suva": "Pacific/Fiji",
    "nadi": "Pacific/Fiji",
    "nukualofa": "Pacific/Tongatapu",
    "nuku'alofa": "Pacific/Tongatapu",
    "port vila": "Pacific/Efate",
    "honiara": "Pacific/Guadalcanal",
    "koror": "Pacific/Palau",
    "hagatna": "Pacific/Guam",
    "geneva": "Europe/Zurich",
    "bern": "Europe/Zurich",
    "davos": "Europe/Zurich",
    "glasgow": "Europe/London",
    "edinburgh": "Europe/London",
    "manchester": "Europe/London",
    "cardiff": "Europe/London",
    "bonn": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "munich": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "milan": "Europe/Rome",
    "florence": "Europe/Rome",
    "barcelona": "Europe/Madrid",
    "seville": "Europe/Madrid",
    "lyon": "Europe/Paris",
    "nice": "Europe/Paris",
    "marseille": "Europe/Paris",
    "strasbourg": "Europe/Paris",
    "porto": "Europe/Lisbon",
    "krakow": "Europe/Warsaw",
    "st petersburg": "Europe/Moscow",
    "saint petersburg": "Europe/Moscow",
    "cape town": "Africa/Johannesburg",
    "pretoria": "Africa/Johannesburg",
    "durban": "Africa/Johannesburg",
    "abuja": "Africa/Lagos",
    "rabat": "Africa/Casablanca",
    "marrakesh": "Africa/Casablanca",
    "alexandria": "Africa/Cairo",
    "mombasa": "Africa/Nairobi",
    "washington": "America/New_York",
    "washington dc": "America/New_York",
    "boston": "America/New_York",
    "miami": "America/New_York",
    "atlanta": "America/New_York",
    "philadelphia": "America/New_York",
    "ottawa": "America/Toronto",
    "houston": "America/Chicago",
    "dallas": "America/Chicago",
    "austin": "America/Chicago",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "san diego": "America/Los_Angeles",
    "calgary": "America/Edmonton",
    "rio de janeiro": "America/Sao_Paulo",
    "rio": "America/Sao_Paulo",
    "brasilia": "America/Sao_Paulo",
    "quito": "America/Guayaquil",
    "medellin": "America/Bogota",
    # The zone words of invitations written in other languages.
    "北京时间": "Asia/Shanghai",  # Beijing time
    "北京": "Asia/Shanghai",
    "heure de paris": "Europe/Paris",
    "hora de madrid": "Europe/Madrid",
}
"""Lower-case place names (accents dropped) -> the zone a person means by them."""


ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    # tzdata replaced these invented abbreviations with numeric ones (+04, -03), but they
    # are still what invitations say. Each names standard time in the zones listed; the
    # offset shown with a hint is read from the zone's TZif file, never kept here.
    "GST": ("Asia/Dubai", "Atlantic/South_Georgia"),  # Gulf; South Georgia
    "BST": ("Asia/Dhaka",),  # Bangladesh (tzdata's BST is London's summer time)
    "AST": ("Asia/Riyadh",),  # Arabia (tzdata's AST is Atlantic time)
    "SST": ("Asia/Singapore",),  # Singapore (tzdata's SST is Samoa, UTC-11)
    "AMT": ("Asia/Yerevan", "America/Manaus"),  # Armenia; Amazon
    "BRT": ("America/Sao_Paulo",),  # Brasilia
    "ART": ("America/Argentina/Buenos_Aires",),
    "CLT": ("America/Santiago",),
    "COT": ("America/Bogota",),
    "ECT": ("America/Guayaquil",),
    "PET": ("America/Lima",),
    "VET": ("America/Caracas",),
    "BOT": ("America/La_Paz",),
    "UYT": ("America/Montevideo",),
    "PYT": ("America/Asuncion",),
    "SGT": ("Asia/Singapore",),
    "MYT": ("Asia/Singapore",),  # Malaysia: Asia/Kuala_Lumpur is a link to it
    "ICT": ("Asia/Bangkok",),  # Indochina
    "PHT": ("Asia/Manila",),  # tzdata writes PST, Philippine Standard Time
    "NPT": ("Asia/Kathmandu",),
    "SLST": ("Asia/Colombo",),
    "MMT": ("Asia/Yangon",),
    "BTT": ("Asia/Thimphu",),
    "AFT": ("Asia/Kabul",),
    "IRST": ("Asia/Tehran",),
    "TRT": ("Europe/Istanbul",),
    "GET": ("Asia/Tbilisi",),
    "AZT": ("Asia/Baku",),
    "UZT": ("Asia/Tashkent",),
    "MVT": ("Indian/Maldives",),
    "MUT": ("Indian/Mauritius",),
    "FJT": ("Pacific/Fiji",),
    "TOT": ("Pacific/Tongatapu",),
    "WSST": ("Pacific/Apia",),  # Samoa
    "VUT": ("Pacific/Efate",),
    "SBT": ("Pacific/Guadalcanal",),
    "NCT": ("Pacific/Noumea",),
    "PGT": ("Pacific/Port_Moresby",),
    "CKT": ("Pacific/Rarotonga",),
    "TAHT": ("Pacific/Tahiti",),
    "GILT": ("Pacific/Tarawa",),
}
"""Upper-case abbreviations -> the zones whose standard time they name."""


LOOSE: dict[str, str] = {
    # Standard-time names that invitations also use all year for the region's local time
    # ("09:00 CET" for a June meeting in Paris). Each is read both ways: strictly, the
    # standard offset; loosely, the zone named here, which keeps summer time. tzdata's
    # own CET, MET, EET and WET are such zones.
    "CET": "CET",
    "MET": "MET",
    "EET": "EET",
    "WET": "WET",
    "EST": "America/New_York",
    "MST": "America/Denver",
    "AEST": "Australia/Sydney",
    "NZST": "Pacific/Auckland",
}
"""Upper-case standard-time abbreviations -> the zone whose local time they loosely name."""
