"""The argument stage read from the dependency parse: who a verb trigger's subject is, which marker governs
an actor, whether a trigger is used as a verb and whether it has an object.

The parse (kg/extract/parser.py) has Universal Dependencies labels, the same in the five languages, so
each question is answered once for all of them:

- the subject of a verb: its `nsubj` / `nsubj:pass`; a verb without one shares its head's when it is
  coordinated with it or controlled by it (`conj`, `xcomp`: "sent troops and provided shells", "agreed to
  supply"); a relative pronoun stands for the noun its clause (`acl:relcl`) qualifies;
- the actor of a noun phrase: the mention on its head word, else a name in apposition, and where the head
  acts for a state (an office, "forces") its possessor, demonym or genitive: "il presidente russo";
- the marker of an actor: a place's for a name in apposition to it ("Qingdao, China"), "qualifier" for the
  genitive of a plain noun ("al frente de Ucrania");
- a trigger with its own subject or auxiliary is a verb; a verb's `obj` outside the trigger is its object.

Decides: what the parse says, or UNKNOWN where a sentence was not parsed or the parse does not say.
May not decide anything where there is no parse: the word-order rules of arguments and partners do.
"""
from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any

from .mentions import Mention

if TYPE_CHECKING:  # context reads the parse through this module: no import at run time
    from .context import Context, Trigger

UNKNOWN: Any = object()  # the parse does not say; the word-order rules decide

SUBJECTS = ("nsubj", "nsubj:pass", "csubj")
SHARES_SUBJECT = ("conj", "xcomp")


def parsed(ctx: Context, i: int) -> bool:
    """Was the sentence of word `i` parsed?"""
    return bool(ctx.deps) and ctx.deps[i] != ""


def dep(ctx: Context, i: int) -> str:
    """The relation of word `i` to its head, without a subtype the rules do not read ("obl:tmod" is obl)."""
    d = ctx.deps[i]
    return d if d in SUBJECTS or d in ("acl:relcl", "obl:agent", "nmod:poss") else d.split(":", 1)[0]


def children(ctx: Context, i: int) -> list[int]:
    """The words whose head is `i`, in order (the sentence's words are indexed once)."""
    found = ctx.kids.get(i)
    if found is None:
        sent = ctx.sent_of_parse(i)
        for j in range(sent[0], sent[1]):
            ctx.kids.setdefault(j, [])
        for j in range(sent[0], sent[1]):
            h = ctx.heads[j]
            if h != j:
                ctx.kids[h].append(j)
        found = ctx.kids[i]
    return found


def head_word(ctx: Context, start: int, end: int) -> int:
    """The word of `start:end` whose head lies outside it (the last such, or the first word)."""
    for i in range(start, end):
        h = ctx.heads[i]
        if h < start or h >= end or h == i:
            return i
    return start


def actor_of(ctx: Context, i: int, actors: list[Mention]) -> Mention | None:
    """The actor a noun phrase headed by word `i` names: on its head, else the one that qualifies it most
    closely: a name in apposition, and where the head is an office or a body that acts for its state, a
    possessor, a demonym, a genitive ("il presidente russo", "Finland's president", "the army of Russia")."""
    on = _mention_at(i, actors)
    if on is not None:
        return on
    kids = children(ctx, i)
    # a possessor, demonym or genitive stands for the phrase only where its head acts for a state or group
    # ("the president of Russia", "le forze russe"), not "un aliado clave de Estados Unidos"
    agent = i in ctx.titles or ctx.lex.is_("agent_noun", ctx.words[i])
    for wanted in (("appos", "flat", "compound"), ("nmod:poss",), ("amod",), ("nmod",)):
        if not agent and wanted != ("appos", "flat", "compound"):
            break
        for k in kids:
            if dep(ctx, k) in wanted and (wanted != ("nmod",) or _genitive(ctx, k)):
                found = _mention_at(k, actors)
                if found is not None:
                    return found
    return None


def _genitive(ctx: Context, i: int) -> bool:
    """Is the nominal `i` a genitive ("of Russia", "della Russia", "de la France", "Russlands")?"""
    cases = [ctx.words[k] for k in children(ctx, i) if dep(ctx, k) == "case"]
    return not cases or any(ctx.lex.is_("genitive", w) for w in cases)


def _mention_at(i: int, actors: list[Mention]) -> Mention | None:
    """The mention of `actors` (a sentence's few) that holds word `i`."""
    return next((m for m in actors if m.start <= i < m.end), None)


def _any_mention_at(ctx: Context, i: int) -> Mention | None:
    """The mention of the document that holds word `i`, found by bisecting the mentions' starts."""
    k = bisect.bisect_right(ctx.starts, i) - 1
    while k >= 0 and i - ctx.mentions[k].start < 16:  # mentions are short; a longer one may hold a shorter
        if ctx.mentions[k].end > i:
            return ctx.mentions[k]
        k -= 1
    return None


def marker(ctx: Context, m: Mention) -> Any:
    """The marker the parse gives mention `m` where it differs from the word before it: a name in apposition
    to a place has the place's ("a summit in Qingdao, China"), and an actor in the genitive of a noun which
    is no actor, no trigger, no object and no office, after a word that also means "from", is "qualifier",
    no party ("al frente de Ucrania", "la periferia di Beirut"). UNKNOWN otherwise: the word before it
    decides."""
    if not parsed(ctx, m.start):
        return UNKNOWN
    h = head_word(ctx, m.start, m.end)
    climbed = False
    while dep(ctx, h) in ("appos", "flat") and ctx.heads[h] != h and ctx.heads[h] < m.start:
        h, climbed = ctx.heads[h], True
    if climbed:
        place = _any_mention_at(ctx, h)
        return ctx.marker_before(place.start) if place is not None and place.kind == "Location" else UNKNOWN
    if dep(ctx, h) == "nmod" and _genitive(ctx, h) and ctx.marker_before(m.start) == "source":
        # "de", "di", "von" read as "from" where they make a genitive
        noun = ctx.heads[h]
        if noun < m.start and _plain_noun(ctx, noun):
            return "qualifier"
    return UNKNOWN


def _plain_noun(ctx: Context, i: int) -> bool:
    """Is word `i` a noun that names no actor, no event, nothing sent and no office?"""
    w = ctx.words[i]
    return w.isalpha() and _any_mention_at(ctx, i) is None and i not in ctx.trigger_at \
        and i not in ctx.object_at and i not in ctx.titles and not ctx.lex.is_("agent_noun", w) \
        and not any(ctx.lex.is_(k, w) for k in ("article", "and", "clause", "pronoun"))


def subject(ctx: Context, trig: Trigger, actors: list[Mention]) -> Any:
    """The actor the parse makes the subject of a verb trigger; UNKNOWN without a parse, and where the parse
    finds no actor there (a pronoun, a dropped subject, a noun that names none: the rules that carry a
    subject over decide)."""
    if trig.entry.pos != "v" or not parsed(ctx, trig.start):
        return UNKNOWN
    v = head_word(ctx, trig.start, trig.end)
    for _ in range(4):  # a chain of coordinated or controlled verbs is short
        subj = next((k for k in children(ctx, v) if dep(ctx, k) in SUBJECTS), None)
        if subj is not None and any(dep(ctx, k) == "case" for k in children(ctx, subj)):
            return UNKNOWN  # a subject with a preposition is a misparse ("Laut Südkorea wurden ... geschickt")
        if subj is not None:
            if dep(ctx, v) == "acl:relcl" and ctx.lex.is_("clause", ctx.words[subj]):
                found = actor_of(ctx, ctx.heads[v], actors)  # "Hezbollah, which fired", "Austin, que llegó"
            else:
                found = actor_of(ctx, subj, actors)
            return UNKNOWN if found is None else found
        if dep(ctx, v) in SHARES_SUBJECT and ctx.heads[v] != v:
            v = ctx.heads[v]
            continue
        return UNKNOWN
    return UNKNOWN


def verbal(ctx: Context, start: int, end: int) -> Any:
    """Is the trigger at `start:end` used as a finite verb: does the parse give it a subject or an auxiliary? True, False (a noun's dependents: a determiner or a preposition), or UNKNOWN without a parse."""
    if not parsed(ctx, start):
        return UNKNOWN
    h = head_word(ctx, start, end)
    kinds = {dep(ctx, k) for k in children(ctx, h)}
    if kinds & {"det", "case"}:
        return False
    return bool(kinds & {"nsubj", "nsubj:pass", "aux", "aux:pass"})  # not a bare object: "killing 156 people"


def has_object(ctx: Context, trig: Trigger) -> bool:
    """Does the parse give a verb trigger a direct object that is a noun ("fighting Islamic insurgents"), not a
    pronoun ("fought each other", "si sono combattuti") nor a word of the trigger ("exchanged artillery
    fire")? False without a parse."""
    if trig.entry.pos != "v" or not parsed(ctx, trig.start):
        return False
    v = head_word(ctx, trig.start, trig.end)
    return any(dep(ctx, k) == "obj" and not trig.start <= k < trig.end and ctx.words[k].isalpha() and not ctx.lex.is_("pronoun", ctx.words[k])
               and not ctx.lex.is_("reciprocal", ctx.words[k]) for k in children(ctx, v))


def read_parse(ctx: Context, spans: list[tuple[int, int]]) -> None:
    """Parse the sentences `spans` ((start, end) word ranges, in order) of `ctx.doc` and keep each word's
    head and relation in `ctx` for the rules. A language without a parser model leaves them unparsed."""
    if not spans:
        return
    from .parser import load_parser, parse

    nlp = load_parser(ctx.doc.lang_)
    if nlp is None:
        return
    doc = ctx.doc
    parse(doc, [doc[a:b] for a, b in spans], nlp)
    ctx.heads = list(range(len(doc)))
    ctx.deps = [""] * len(doc)
    for a, b in spans:
        for t in doc[a:b]:
            ctx.heads[t.i], ctx.deps[t.i] = t.head.i, t.dep_
    ctx.parsed_sents = list(spans)
