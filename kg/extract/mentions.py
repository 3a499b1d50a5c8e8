"""Turn the rulers' entity spans into mentions of actors, places and conflicts.

This is where people meet their states: a gazetteer person takes the office
they held at the article's date; a titled person the gazetteer does not know
("il ministro degli Esteri russo X", "Iranian Defence Minister X") takes role
and state from the title; a bare surname ("Lavrov", "Kim") is the person of
that name met earlier in the article, else the one office holder of that name.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from . import dates, gazetteer as gaz
from .lexicon import CLAUSE_ENDS, Lexicon
from .nlp import entities

HONORIFICS = {"maj.", "gen.", "lt.", "col.", "adm.", "dr.", "mr.", "mrs.", "ms.", "sen.", "rep.", "gen", "maj",
              "general", "generale", "général", "teniente", "general", "ammiraglio", "admiral", "col", "lt",
              # forms of address before a name: "le Président algérien, M. Tebboune", "el Sr. Albares"
              "m.", "mme", "mme.", "mm.", "sr.", "sra.", "sig.", "sig.ra", "herr", "frau", "monsieur", "madame",
              "señor", "señora", "signor", "signora"}
NAME_PARTICLES = {"de", "da", "di", "del", "van", "von", "bin", "al", "el", "ibn", "la", "le", "jr.", "jr", "ben",
                  "d'", "d’", "dos", "do", "der"}


@dataclass(eq=False)  # a mention is the one at its place in the text: compared by identity, which is fast
class Mention:
    """An entity span read in context."""

    start: int  # token index in the doc
    end: int
    kind: str  # Country | Organization | Person | Location | Conflict | Demonym
    id: str  # contract id of the entity itself
    actor: str | None = None  # who acts when this mention acts: a state, an organization, or the person
    place: str | None = None  # the Location id when the mention is a place
    role: str | None = None  # for persons: their office
    country: str | None = None  # for a capital read as a place: its state
    as_actor: bool = True  # False for a demonym that only qualifies a place or thing
    also_place: bool = False  # a capital that is both its state and a place ("Desde Teherán, el ministro")
    label: str = ""


def _is_name_token(text: str) -> bool:
    return len(text) > 1 and text[0].isupper() and any(c.islower() for c in text[1:]) or text in {"Jr.", "Jr"}


def read(doc: Doc, lex: Lexicon, published: str | None, g: gaz.Gazetteer,
         words: list[str] | None = None, text: str | None = None,
         ents: list[tuple[int, int, str, str]] | None = None,
         idx: list[int] | None = None, length: list[int] | None = None) -> list[Mention]:
    """Read the mentions of `doc`, in text order, with persons resolved to their offices.

    What the caller already read of the doc (its lower-cased words, text, entities, token offsets and
    lengths) may be given, so as not to read it twice.
    """
    if words is None:
        from .nlp import lower_words
        words = lower_words(doc)
    titles: dict[int, tuple[int, str]] = {}  # token start -> (end, role)
    raw: list[Mention] = []
    idx = doc.to_array("IDX").tolist() if idx is None else idx
    length = doc.to_array("LENGTH").tolist() if length is None else length
    text = doc.text if text is None else text  # Doc.text rebuilds the string token by token
    spans = entities(doc) if ents is None else ents
    for start, end, label, id_ in spans:
        surface = text[idx[start]:idx[end - 1] + length[end - 1]]  # no Token objects
        if label == gaz.TITLE:
            titles[start] = (end, id_)
            continue
        if label == gaz.CAPITAL:
            country, _, place = id_.partition("|")
            raw.append(Mention(start, end, "Capital", country, country, place, label=surface))
        elif label == gaz.DEMONYM and surface[:1].isupper() and not doc[start].is_sent_start and \
                g.country_named(surface, lex.lang) == id_:
            # "in Ucraina": the Italian adjective "ucraina" is also the country's name, which a capital marks
            raw.append(Mention(start, end, "Country", id_, id_, label=surface))
        elif label in ("Country", "Organization", "Location", "Conflict", "Person", gaz.DEMONYM, gaz.NAME_PART):
            raw.append(Mention(start, end, label, id_, id_ if label in ("Country", "Organization", "Person",
                               gaz.DEMONYM) else None, id_ if label == "Location" else None, label=surface))
        elif label in ("PER", "PERSON"):  # from an installed model's NER
            raw.append(Mention(start, end, "Person", gaz.slug(surface), gaz.slug(surface), label=surface))
    for m in raw:
        if m.kind == "Location":
            m.country = g.country_of_place.get(m.id)
        if m.kind == "Organization" and m.id in g.media:
            m.actor = None  # a news agency reports; it is not a party
        elif m.kind == "Organization" and m.id in g.state_of_org:
            m.actor = g.state_of_org[m.id]
    _unknown_names(doc, raw)
    prefixed = _prefixed_titles(doc, lex, words, titles, spans, g)
    taken = {i for m in raw for i in range(m.start, m.end)} | {i for s, (e, _) in titles.items() for i in range(s, e)}
    raw += _titled_people(doc, lex, titles, taken)
    raw += _people_before_titles(doc, lex, titles, taken)
    raw += _named_settlements(doc, lex, words, taken)
    raw.sort(key=lambda m: m.start)
    for m in raw:
        if m.kind == "Person" and m.id not in g.types and (known := g.person_spelled(m.id)) is not None:
            m.id = m.actor = known  # "Kirilo Budanov", "Sergej Schoigu": a known person spelled another way
    if g.ambiguous:
        _resolve_ambiguous(raw, g, published)  # before people: "Congolese President X" takes the state chosen
    _resolve_people(doc, raw, titles, published, g, words, lex, prefixed)
    _read_capitals_and_demonyms(doc, raw, lex, titles, words, g)
    return raw


def _resolve_ambiguous(mentions: list[Mention], g: gaz.Gazetteer, published: str | None) -> None:
    """Give a name several states share the state the rest of the article points to.

    "Congo" and "congolese" are the Republic of the Congo or the Democratic Republic of the Congo
    (`Gazetteer.ambiguous`); the state whose capital, office holders, places, demonyms or unshared names
    the article mentions most wins ("M23 rebels ... eastern Congo ... President Tshisekedi" is COD,
    "il presidente congolese Sassou Nguesso" is COG). With no such mention the ruler's reading stays.
    It does not decide whether the mention is an actor or a place; that is read before.
    """
    def key(m: Mention) -> str | None:
        if m.kind in ("Country", "Demonym"):
            for k in (m.label, m.label.lower()):
                if k in g.ambiguous:
                    return k
        return None
    votes: dict[str, int] = {}
    for m in mentions:
        if key(m) is None:
            office = g.office_at(m.id, published) if m.kind == "Person" else None
            named = (office.country if office else None, m.country,
                     m.actor if m.kind in ("Country", "Capital", "Demonym") else None)
            for state in {s for s in named if s is not None}:  # one vote a mention
                votes[state] = votes.get(state, 0) + 1
    for m in mentions:
        k = key(m)
        if k is None:
            continue
        best = max(g.ambiguous[k], key=lambda state: (votes.get(state, 0), state == m.id))
        if best != m.id:
            if m.actor == m.id:
                m.actor = best
            m.id = best


def _unknown_names(doc: Doc, raw: list[Mention]) -> None:
    """A known surname inside a longer unknown name ("Saddam Hussein") is that unknown person, not the
    office holder who shares the surname."""
    for m in raw:
        if m.kind != gaz.NAME_PART or doc[m.start:m.end].text != m.id:
            continue  # a genitive "Putins" ends a name: "Putins Besuch" is no longer name
        i, j = m.start, m.end
        while i > 0 and not doc[i - 1].ent_type_ and not doc[i - 1].is_sent_start and (
                _is_name_token(doc[i - 1].text) or
                # a particle inside the name: "Thomas d'Aquin Ouattara", "Ursula von der Leyen"
                i > 1 and doc[i - 1].lower_ in NAME_PARTICLES and _is_name_token(doc[i].text) and
                _is_name_token(doc[i - 2].text) and not doc[i - 2].ent_type_):
            i -= 1
        while j < len(doc) and _is_name_token(doc[j].text) and not doc[j].ent_type_:
            j += 1
        if (i, j) != (m.start, m.end):
            text = doc[i:j].text
            m.start, m.end, m.kind, m.id, m.actor, m.label = i, j, "Person", gaz.slug(text), gaz.slug(text), text


def _titled_people(doc: Doc, lex: Lexicon, titles: dict[int, tuple[int, str]], taken: set[int]) -> list[Mention]:
    """Names the gazetteer does not know, written after a title: "il ministro degli Esteri russo Sergei Lavrov"."""
    out = []
    for start, (end, _role) in titles.items():
        i = end
        # skip what qualifies the title: a demonym, "of Iran", a comma, an article, a rank
        while i < len(doc) and i < end + 5 and (i in taken or doc[i].lower_ in {",", "of", "di", "de", "du", "del",
                                                   "della", "des", "der", "the", "il", "la", "le", "el", "l'"}
                                                 or doc[i].lower_ in HONORIFICS):
            if i in taken and doc[i].ent_type_ in ("Person", gaz.NAME_PART):
                break
            i += 1
        i = _past_complement(doc, lex, end, i, taken)
        j = i
        while j < len(doc) and j < i + 4 and j not in taken and (
                _is_name_token(doc[j].text) or (j > i and doc[j].lower_ in NAME_PARTICLES)
                or (j > i and doc[j].text == "-" and j + 1 < len(doc) and _is_name_token(doc[j + 1].text))):
            j += 1
        known = j < len(doc) and j in taken and doc[j].ent_type_ in ("Person", gaz.NAME_PART)
        while j > i and doc[j - 1].lower_ in NAME_PARTICLES | {"-"}:
            j -= 1
        if j - i >= 2 and not known:  # "Abdel Fatah al Sisi": the given names of the known al-Sisi
            text = doc[i:j].text
            out.append(Mention(i, j, "Person", gaz.slug(text), gaz.slug(text), label=text))
            taken.update(range(i, j))
    return out


def _people_before_titles(doc: Doc, lex: Lexicon, titles: dict[int, tuple[int, str]], taken: set[int]) -> list[Mention]:
    """Names the gazetteer does not know, written before a title set off by a comma: "Vincent Nyakarundi, the
    RDF's army chief of staff; Ruki Karusisi, a major general", "Anton Siluanov, ministre des Finances". The
    name is two or three capitalised words no other reading took, none of them a month or a weekday."""
    out = []
    calendar = dates.calendar().get(lex.lang, {})
    for start in titles:
        c = start - 1
        while c > 0 and start - c <= 5 and doc[c].text != "," and (doc[c].is_lower or doc[c].text in ("'s", "’s")
                                                                  or c in taken or doc[c].text.isupper()
                                                                  or lex.is_("article", doc[c].lower_)):
            c -= 1
        if c <= 1 or doc[c].text != ",":
            continue
        j = c
        i = j
        while i > 0 and j - i < 3 and (i - 1) not in taken and _is_name_token(doc[i - 1].text) and \
                doc[i - 1].lower_ not in calendar:
            i -= 1
        if j - i >= 2 and (i == 0 or not _is_name_token(doc[i - 1].text)):
            text = doc[i:j].text
            out.append(Mention(i, j, "Person", gaz.slug(text), gaz.slug(text), label=text))
            taken.update(range(i, j))
    return out


def _of_word(lex: Lexicon, word: str) -> bool:
    """Does `word` join a noun to its complement ("of", "della", "du", "von": markers.tsv, genitive or source)?"""
    return lex.is_("genitive", word) or lex.is_("source", word)


def _past_complement(doc: Doc, lex: Lexicon, end: int, i: int, taken: set[int]) -> int:
    """Where the name starts when the title's complement is a name of its own set off by a comma: "la
    gobernadora del Banco Central, Elvira Nabiullina", "la comandante de la Guardia Costera de Estados
    Unidos, Linda Fagan" (not "Banco Central", not "Guardia Costera"), or of common words: "el jefe de la
    inteligencia ucraniana, Kirilo Budánov", "el jefe de inteligencia militar ucraniana, Kirilo Budánov". `i` is the first word past the title."""
    if not (end <= i < len(doc) and (_common_word(lex, doc, i) or end < i and any(
            _of_word(lex, t.lower_) for t in doc[end:i]) and (i in taken or _is_name_token(doc[i].text)))):
        return i
    for c in range(i + 1, min(len(doc), i + 8)):
        if doc[c].text == ",":
            ok = c + 2 < len(doc) and all(_is_name_token(doc[k].text) and k not in taken for k in (c + 1, c + 2))
            # common words qualify a title only with the state or body they name: not "il ministro ha detto ieri,"
            ok = ok and (not _common_word(lex, doc, i) or any(k in taken for k in range(end, c)))
            return c + 1 if ok else i
        if not (c in taken or _is_name_token(doc[c].text) or _of_word(lex, doc[c].lower_) or
                _common_word(lex, doc, c)):
            return i
    return i


def _common_word(lex: Lexicon, doc: Doc, i: int) -> bool:
    """A lower-case word that can qualify a title's complement: no word that opens a clause ("that", "che")."""
    return doc[i].is_lower and doc[i].is_alpha and not lex.is_("clause", doc[i].lower_)


def _named_settlements(doc: Doc, lex: Lexicon, words: list[str], taken: set[int]) -> list[Mention]:
    """Places the gazetteer does not know, named after a word for a settlement: "the town of Samarra",
    "las localidades de Muzaffarabad y Kotli", "nel villaggio di Kupjansk", "die Stadt Oberviechtach"."""
    out: list[Mention] = []
    nouns = lex.markers.get("settlement", set())
    for n, w in enumerate(words):
        if w not in nouns:
            continue
        i = n + 1
        while i < len(doc) and i <= n + 2 and (lex.is_("article", words[i]) or words[i] in ("of", "di", "de", "du", "del", "von")):
            i += 1
        while i < len(doc) and i not in taken and _is_name_token(doc[i].text) and not doc[i].is_sent_start:
            j = i
            while j < len(doc) and j < i + 3 and j not in taken and (_is_name_token(doc[j].text) or
                                                                    doc[j].text == "-" and j > i):
                j += 1
            while j > i and doc[j - 1].text == "-":
                j -= 1
            name = doc[i:j].text
            out.append(Mention(i, j, "Location", gaz.slug(name), None, gaz.slug(name), label=name))
            taken.update(range(i, j))
            # "Muzaffarabad y Kotli", "Rukla and Rudninkai": the list goes on after "and"
            if j + 1 < len(doc) and lex.is_("and", words[j]) and words[j] != "," and _is_name_token(doc[j + 1].text):
                i = j + 1
            else:
                break
    return out


def _title_near(m: Mention, titles: dict[int, tuple[int, str]], doc: Doc, lex: Lexicon,
                words: list[str]) -> tuple[int, int, str] | None:
    """The title introducing person `m`: right before it ("President Biden", "il ministro ... Lavrov")
    or in apposition right after it ("Abdoulaye Diop, the foreign minister"), in the same sentence and
    not across "and" ("il primo ministro di Tokyo e la consorte Yukio Kishida" names two people) nor
    across another person ("il presidente turco Erdogan ha incontrato Putin": the title is Erdogan's)."""
    def joins(lo: int, hi: int) -> bool:
        return not any(words[i] in (".", ";", ":", "!", "?") or "\n" in words[i] or
                       (lex.is_("and", words[i]) and words[i] != ",") for i in range(lo, hi)) \
            and not any(doc[i].is_sent_start for i in range(lo + 1, hi + 1) if i < len(doc))
    for start, (end, role) in titles.items():
        # the distances first: the spans below are made only for the few titles close enough
        if 0 <= m.start - end <= 6 and joins(end, m.start):
            gap = doc[end:m.start]
            if not any(t.ent_type_ in ("Person", gaz.NAME_PART, "PER", "PERSON") for t in gap) and all(
                    t.ent_type_ in (gaz.DEMONYM, "Country", "Capital", "Organization") or not t.is_alpha
                    or t.is_lower or t.lower_ in HONORIFICS or t.i > end and doc[t.i - 1].is_lower for t in gap):
                return start, end, role
        if 0 < m.start - end <= 10 and m.start > 0 and doc[m.start - 1].text == ",":
            # "la comandante de la Guardia Costera de Estados Unidos, Linda Fagan": past the title's complement
            k = end
            while k < m.start and (_of_word(lex, doc[k].lower_) or doc[k].is_lower and len(doc[k].text) <= 3):
                k += 1
            if _past_complement(doc, lex, end, k, set()) == m.start:
                return start, end, role
        if 0 < start - m.end <= 3 and doc[m.end:start].text.strip().startswith(",") and joins(m.end, start):
            return start, end, role
    return None


def _state_of_title(doc: Doc, mentions: list[Mention], start: int, end: int, person: Mention,
                    lex: Lexicon, words: list[str]) -> str | None:
    """The state a title names: a demonym or country right before it ("Russian Foreign Minister"), inside
    it, between it and the name ("il ministro degli Esteri russo Lavrov"), or after it in apposition
    ("Diop, the foreign minister of Mali")."""
    before_name = person.start > start
    lo = start - 3
    while lo < start and any(doc[i].is_sent_start or "\n" in doc[i].text or doc[i].text in (".", "!", "?", ";")
                             for i in range(max(lo, 0) + 1, start + 1)):
        lo += 1  # not across a sentence end: "... in Ucraina. La premier Meloni" is no Ukrainian premier
    hi = person.start if before_name else end + 4
    best = None
    for m in mentions:
        if m is person or m.kind not in ("Demonym", "Country", "Capital", "Organization"):
            continue
        if lo <= m.start < hi and not (person.start <= m.start < person.end):
            if m.end <= start and any(lex.is_("and", w) or lex.is_("clause", w) for w in words[m.end:start]):
                continue  # "condannato i raid israeliani e il presidente Erdogan": another phrase's
            if best is None or abs(m.start - end) < abs(best.start - end):
                best = m
    return best.id if best else None


def _noun_after_article(doc: Doc, lex: Lexicon, words: list[str], m: Mention) -> bool:
    """Is surname `m` a noun of a language that writes nouns with a capital, after an article and its
    adjectives ("einen dauerhaften Frieden" is peace, not Luc Frieden)?"""
    if not lex.has("capitalised_nouns"):
        return False
    k = m.start - 1
    while k >= 0 and k >= m.start - 3 and doc[k].is_lower and doc[k].is_alpha and not lex.is_("article", words[k]):
        k -= 1
    return k >= 0 and lex.is_("article", words[k])


def _prefixed_titles(doc: Doc, lex: Lexicon, words: list[str], titles: dict[int, tuple[int, str]],
                     spans: list[tuple[int, int, str, str]], g: gaz.Gazetteer) -> dict[int, str]:
    """Titles written with who they serve as a prefix: "US-Präsident", "UN-Botschafter", "EU-Kommissar".
    A word of a prefix naming a state or organization and a title of the language is a title (added to
    `titles`); the result maps each such title's start to the prefix's state or organization."""
    out: dict[int, str] = {}
    hyphenated = [i for i, w in enumerate(words) if "-" in w[1:-1]]  # the lower-cased words: no Token made
    if not hyphenated:
        return out
    named = {i for start, end, _label, _id in spans for i in range(start, end)}
    for i in hyphenated:
        prefix, _, rest = doc[i].text.partition("-")
        if not prefix or not rest or (i in named and i not in titles):
            continue
        actor = g.actor_named(prefix, lex.lang)
        if actor is None:
            continue
        if i not in titles:
            role = g.title_role(rest.lower(), lex.lang)
            if role is None:
                continue
            titles[i] = (i + 1, role)
        out[i] = actor
    return out


def _resolve_people(doc: Doc, mentions: list[Mention], titles: dict[int, tuple[int, str]],
                    published: str | None, g: gaz.Gazetteer, words: list[str], lex: Lexicon,
                    prefixed: dict[int, str]) -> None:
    seen: list[Mention] = []  # persons named in full so far
    known: dict[str, tuple[str | None, str | None]] = {}  # person -> (state, role) the text gave first
    for m in mentions:
        if m.kind == gaz.NAME_PART and _noun_after_article(doc, lex, words, m):
            m.kind = "Drop"
            continue
        if m.kind == gaz.NAME_PART:
            match = next((p for p in reversed(seen) if m.id in p.label.replace("-", " ").split()), None)
            if match is not None:
                m.kind, m.id, m.actor, m.role = "Person", match.id, match.actor, match.role
                continue
            holders = _holders(m.id, mentions, published, g)
            if len(holders) == 1:
                m.kind, m.id = "Person", holders[0]
            else:
                m.kind = "Drop"
                continue
        if m.kind != "Person":
            continue
        office = g.office_at(m.id, published)
        title = _title_near(m, titles, doc, lex, words)
        if office is not None:
            m.actor, m.role = office.country, office.role
        if title is not None:
            state = _state_of_title(doc, mentions, title[0], title[1], m, lex, words)
            prefix = prefixed.get(title[0])
            if prefix is not None and (g.types.get(prefix) == "Country" or state is None):
                # "US-Präsident Joe Biden" serves the United States; "Israels UN-Botschafter" Israel at the UN
                state = prefix
            if state and (office is None or state == office.country):
                m.actor, m.role = state, title[2] if office is None else m.role
            elif state and office is not None and state != office.country:
                m.actor, m.role = state, title[2]  # the text is explicit: trust it over the dictionary
        if title is None and m.id in known:
            m.actor, m.role = known[m.id]  # a later bare mention keeps what the article said of them
        elif title is not None and m.id not in known:
            known[m.id] = (m.actor, m.role)
        m.label = g.labels.get(m.id, m.label)
        # a person whose state neither the text nor the gazetteer gives is an entity, not a party: events are
        # coded between states and organizations, and a bare name would stand for nobody the scorer knows
        m.as_actor = m.actor != m.id
        seen.append(m)
    mentions[:] = [m for m in mentions if m.kind != "Drop"]


def _holders(name: str, mentions: list[Mention], published: str | None, g: gaz.Gazetteer) -> list[str]:
    """Who a bare surname can be: the office holders of that name, those in office at the date first;
    of several, those whose state the text names ("Putin and Kim ... Pyongyang"); of several of one
    state, the highest office (a bare "Kim" in Pyongyang is its head of state)."""
    holders = [pid for pid in g.name_parts.get(name, []) if g.office_at(pid, published)]
    if published and len(holders) > 1:
        holders = [pid for pid in holders if any(o.holds_at(published) for o in g.offices.get(pid, ()))] or holders
    if len(holders) > 1:
        named = {x.actor for x in mentions if x.kind in ("Country", "Demonym", "Capital") and x.actor}
        holders = [pid for pid in holders if g.office_at(pid, published).country in named] or holders  # type: ignore[union-attr]
    offices = {pid: g.office_at(pid, published) for pid in holders}
    if len(holders) > 1 and len({o.country for o in offices.values() if o}) == 1:
        top = min(gaz.rank(o) for o in offices.values())
        holders = [pid for pid, o in offices.items() if gaz.rank(o) == top]
    return holders


def _read_capitals_and_demonyms(doc: Doc, mentions: list[Mention], lex: Lexicon,
                                titles: dict[int, tuple[int, str]], words: list[str], g: gaz.Gazetteer) -> None:
    previous: Mention | None = None
    for m in mentions:
        if m.kind == "Capital":
            prev = words[m.start - 1] if m.start > 0 else ""
            before = words[max(0, m.start - 4):m.start]
            ends = [k for k, w in enumerate(before) if w in (".", "!", "?") or "\n" in w]
            before = before[ends[-1] + 1:] if ends else before  # not "on each other's soil. Tokyo has provided"
            place = (prev in lex.markers.get("place_noun", ()) or any(w in lex.markers.get("place_noun", ())
                     for w in before[-2:]) or (prev in lex.markers.get("locative", ()) and (
                     prev not in lex.markers.get("target", ()) or _meeting_before(lex, words, m.start))) or
                     _meeting_before(lex, words, m.start, span=1) or _dateline(words, m) or
                     _setting(doc, lex, words, m, "locative"))
            if place:
                m.kind, m.country, m.id, m.actor = "Location", m.id, m.place or m.id, None
            else:
                m.kind = "Country"  # "Pyongyang sent troops"; the place stays known for "visited Pyongyang"
                # "Desde Teherán, el ministro acusó", "Shehbaz Sharif's state visit to Riyadh": where they are,
                # and the state they speak for or visit
                m.also_place = _setting(doc, lex, words, m, "source") or _visited(lex, before)
        elif m.kind == "Country" and m.start > 0 and any(lex.is_("building", w) for w in words[m.start:m.end]) \
                and (_place_word(lex, words[m.start - 1]) or
                     m.start > 1 and lex.is_("article", words[m.start - 1]) and _place_word(lex, words[m.start - 2])):
            # "firmato alla Casa Bianca": the building is where, not who; the place is its city
            m.as_actor, m.place = False, g.capital.get(m.id)
        elif m.kind == "Demonym":
            # "North Korean soldiers", "il leader nordcoreano" name the state; "la regione russa di Kursk"
            # only qualifies a place
            near = words[max(0, m.start - 2):m.start]
            if not (m.end + 1 < len(words) and lex.is_("agent_noun", words[m.end + 1])):
                near += words[m.end:m.end + 1]  # "the Philippine coast guard", "Ukrainian border guards" act
            places = lex.markers.get("place_noun", set())
            m.as_actor = not any(w in places for w in near)
        if m.kind == "Country" and m.start >= 2 and words[m.start - 1] == "," and previous is not None and \
                previous.kind == "Location" and previous.end == m.start - 1 and (
                m.end == len(words) or words[m.end] in CLAUSE_ENDS or "\n" in words[m.end]):
            # "the summit in Qingdao, China.", "in Wonsan, North Korea, on Friday": the country that locates a
            # place (not "In Odesa, near Mykolaiv, Russia attacked", where it begins a clause)
            m.as_actor = False
        previous = m
        if m.as_actor and m.end + 1 < len(doc) and doc[m.end].text == "-" and not doc[m.end - 1].whitespace_ \
                and not doc[m.end].whitespace_ and lex.is_("described_by", words[m.end + 1]):
            # "the Russia-backed Wagner Group", "Iran-backed Hezbollah", "India's French-made Rafales": a name
            # joined by a hyphen to such a participle describes what follows in passing; it is no party
            m.as_actor = False


def _place_word(lex: Lexicon, word: str) -> bool:
    """A preposition that can introduce a place ("in", "at", "alla", "au")."""
    return lex.is_("locative", word) or lex.is_("target", word)


DASHES = ("-", "–", "—")


def _dateline(words: list[str], m: Mention) -> bool:
    """Does capital `m` open the article as its dateline: "Beirut – Un imponente raid", "(Kyiv) Le premier
    ministre"? A dash or a closing bracket after it; a comma is not enough ("Ankara, che controlla")."""
    bracket = m.start == 1 and words[0] == "("
    return (m.start == 0 or bracket) and m.end < len(words) and words[m.end] in ((")",) if bracket else DASHES)


def _setting(doc: Doc, lex: Lexicon, words: list[str], m: Mention, kind: str) -> bool:
    """Is capital `m` the setting a clause opens with or sets off by commas, after a word of marker `kind`:
    "A Washington si è tenuta la cerimonia", "ont signé jeudi, à Moscou, la Déclaration" (locative), "Desde
    Teherán, el ministro acusó" (source)? A word that also marks a recipient ("a", "à") names a place there,
    as no verb comes before it to take a recipient; an origin needs the comma after the name."""
    if m.start == 0 or not lex.is_(kind, words[m.start - 1]):
        return False
    k = m.start - 1
    opens = k == 0 or doc[k].is_sent_start or words[k - 1] in (",", ";", ":", "(")
    return opens and (kind != "source" or m.end < len(words) and words[m.end] == ",")


def _visited(lex: Lexicon, before: list[str]) -> bool:
    """"state visit to Riyadh", "la visite à Moscou": the capital after a visit and the word of its recipient."""
    return len(before) >= 2 and lex.is_("target", before[-1]) and \
        any(w.startswith(lex.stems("visit_stem")) for w in before[:-1])


def _meeting_before(lex: Lexicon, words: list[str], i: int, span: int = 10) -> bool:
    for j in range(max(0, i - span), i):
        if any(e.label == "MEET" or e.frame == "arrive" for e, _ in lex.triggers.match(words, j)):
            return True
    return False
