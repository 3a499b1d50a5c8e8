"""Anaphora: which state "the country" stands for ("il Paese", "le pays", "el país", "das Land").

News names a state once and then calls it "the country": "Trump promised Armenia that the United States
would support the country", "l'Ungheria accusava il Paese di diffondere menzogne", "ayudas que Washington
destinaba al país". The phrases are data (markers.tsv, kind `country_anaphor`: a determiner or
preposition and the noun, so that "les pays" or "a country" is none). Each becomes a mention, without the
preposition it starts with (that stays the marker the rules read), whose actor is a placeholder; the rules
read it like any actor, and a relation that takes it is resolved here: the state is the one named last
before it that is not the relation's other party (the country a state acts on is not itself), among the
states and capitals named in the few sentences before (a person's state is not "the country": "Lavrov was
in the country" is where he went). A relation whose placeholder finds no state is dropped, and so is a
war with "the country" after "in": that is where it is fought.

"His country" ("il suo Paese", "son pays", "su país", "sein Land"; kind `own_country`) is the state of the
one named last before it: "French Defense Minister Lecornu said his country has signed a deal".

Decides: which words are such a phrase and which state a relation's placeholder is. May not choose a
relation's parties or type: the rules do.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import replace

from ..model import Relation
from .lexicon import Lexicon
from .mentions import Mention

OWN = "own"  # the label of "his country", "il suo Paese": the state of the one named last, whoever it is
OWN_REACH = 25  # words back to that one (the sentence, about)
PLACEHOLDER = "@"  # an actor id that starts with it is "the country" at the word its digits give
PREPOSITIONS = ("locative", "target", "source", "against", "with")  # marker kinds a phrase may start with
REACH = 120  # words back from the phrase in which the state must be named (about four sentences of news)


def anaphors(words: list[str], lex: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """The mentions of "the country" and "his country" in `words`, outside the mentions already read, in
    text order ("his country" has the kind OWN)."""
    first = lex.first_words("country_anaphor") | lex.first_words("own_country")
    if not first:
        return []
    taken = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    for i, w in enumerate(words):
        if w not in first:
            continue
        own = lex.phrase_at("own_country", words, i)
        n = own or lex.phrase_at("country_anaphor", words, i)
        if n > 1:
            start, end = i, i + n
            while start < end - 1 and any(lex.is_(kind, words[start]) for kind in PREPOSITIONS):
                start += 1  # "nel Paese", "au pays": the preposition is the marker the rules read before it
            if not taken.intersection(range(start, end)):
                out.append(Mention(start, end, "Country", f"{PLACEHOLDER}{start}", actor=f"{PLACEHOLDER}{start}",
                                   label=OWN if own else ""))
    return out


def with_anaphors(mentions: list[Mention], found: list[Mention]) -> list[Mention]:
    """`mentions` and `found`, in text order (the context bisects mentions by their start)."""
    return sorted(mentions + found, key=lambda m: m.start) if found else mentions


class Antecedents:
    """The states named as such before each word: what a placeholder can stand for."""

    def __init__(self, mentions: list[Mention], country: list[Mention], words: list[str], lex: Lexicon) -> None:
        # "fighting insurgents in the country" is where a war is fought, not whom it is fought with
        self.places = {m.start for m in country if lex.is_("locative", words[m.start - 1])}
        self.country = {m.start: m for m in country}
        self.resolved: dict[int, str] = {}  # what each "the country" stood for in the first relation it took
        self.mentions = [m for m in mentions if m.actor and m.as_actor and not m.actor.startswith(PLACEHOLDER)
                         and m.kind in ("Country", "Person", "Organization", "Demonym")]
        self.mention_starts = [m.start for m in self.mentions]
        self.named = sorted([m for m in mentions if m.kind == "Country" and m.as_actor and m.actor
                             and not m.actor.startswith(PLACEHOLDER) or m.kind == "Location" and m.country]
                            + country, key=lambda m: m.start)
        self.starts = [m.start for m in self.named]

    def owner(self, at: int) -> str | None:
        """"Lecornu said his country has signed a deal": the state of the actor named last before word `at`."""
        k = bisect.bisect_left(self.mention_starts, at)
        if k == 0 or at - self.mentions[k - 1].start > OWN_REACH:
            return None
        return self.mentions[k - 1].actor

    def state(self, at: int, other: str | None) -> str | None:
        """The state named last before word `at`, within REACH words, that is not `other`; an earlier "the
        country" names the state it stood for ("Russia sent bombers to the country and China will support
        the country")."""
        if self.country[at].label == OWN:
            return self.owner(at)
        k = bisect.bisect_left(self.starts, at)
        while k > 0:
            k -= 1
            m = self.named[k]
            if at - m.start > REACH:
                return None
            state = self.resolved.get(m.start) if m.start in self.country else \
                m.actor if m.kind == "Country" else m.country  # "a Manila ... in visita nel Paese"
            if state is not None and state != other:
                return state
        return None

    def resolve(self, rel: Relation, marker: Callable[[Mention], str | None] | None = None) -> Relation | None:
        """`rel` with its placeholders replaced by their states; None if one finds no state. With `marker` (the
        relation's trigger is a noun), "the country" takes part only after a function word: "su guerra contra
        este país", not "the fight against terrorism despite the burdens the country faced"."""
        source: str | None = rel.source
        target: str | None = rel.target
        for x in (rel.source, rel.target):
            if x.startswith(PLACEHOLDER):
                at = int(x[1:])
                if rel.type == "CONFLICT" and at in self.places or marker is not None and marker(self.country[at]) is None:
                    return None
        if rel.source.startswith(PLACEHOLDER):
            at = int(rel.source[1:])
            source = self.state(at, None if rel.target.startswith(PLACEHOLDER) else rel.target)
            if source:
                self.resolved.setdefault(at, source)
        if rel.target.startswith(PLACEHOLDER):
            at = int(rel.target[1:])
            target = self.state(at, source)
            if target:
                self.resolved.setdefault(at, target)
        if not source or not target or source == target:
            return None
        return rel if (source, target) == (rel.source, rel.target) else \
            replace(rel, source=source, target=target, inferred=rel.inferred or "country_anaphor")
