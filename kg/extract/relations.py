"""Relation extraction, sentence by sentence: the driver that reads triggers and calls the rules.

As in the field's event coders (PETRARCH's verb patterns mapped to CAMEO), a relation starts at a
trigger of data/lexicons/triggers.tsv. The stages, one module each:

- context: sentences, triggers, markers (the function words of data/lexicons/markers.tsv)
- coordination, arguments, partners: who takes part (subjects, lists, recipients, partners, hosts)
- modality: asserted, reported, or no fact (denials, negations, appeals, hypotheticals)
- attributes: what is sent and how many, place, date, subtype
- frame_direct, frame_transfer, frame_symmetric, frame_place: one rule per frame of triggers.tsv
- document (kg/extract/document.py): what no single sentence states, after all sentences are read

Decides: which trigger of a sentence is read, in which order, and what a failing sentence costs (that
sentence only). May not choose arguments itself: the rules do.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from spacy.tokens import Doc

from ..model import SYMMETRIC, Relation
from .lexicon import Lexicon
from .mentions import Mention
from . import anaphora, syntax
from . import frame_direct, frame_place, frame_symmetric, frame_transfer  # noqa: F401 - each registers its rules
from .context import (FRAMES_FIRST, OBJECT_TYPES, RELATION_RULES, Context, Sentence, Trigger, relation_rule,
                      sentences_of, _in_compound_adjective, _previous_word)
from .coordination import _group
from .arguments import _dyad
from .attributes import _attributes
from .modality import _modality, _reading
from .frame_place import _forces_present
from .frame_transfer import _nominal_transfers


def extract_relations(doc: Doc, mentions: list[Mention], lex: Lexicon, published: str | None,
                      titles: set[int] | None = None, words: list[str] | None = None,
                      sents: list[Sentence] | None = None, text: str | None = None,
                      failures: list[tuple[int, int, str]] | None = None,
                      trace: list[dict[str, Any]] | None = None, parse: bool = False) -> list[Relation]:
    """All relations in `doc` (ROLE and conflict parties are added by the pipeline).

    With `failures`, a sentence whose rules raise gives no relations and adds (start_char, end_char,
    what was raised) there, and the other sentences are read as usual; without it the error propagates.
    With `trace`, every sentence, trigger, candidate relation and dropped candidate is added there with the
    rule that made it or the reason it was dropped (`kg explain`).
    With `parse`, the sentences that can hold a relation (a trigger or an object, and two actors) are
    parsed first (kg/extract/syntax.py), and the argument rules read the parse where there is one.
    """
    if words is None:
        from .nlp import lower_words
        words = lower_words(doc)
    sents = sentences_of(doc) if sents is None else sents
    # "il Paese", "the country": an actor like any other, whose state is resolved in each relation it takes
    country = anaphora.anaphors(words, lex, mentions)
    ctx = Context(doc, words, lex, anaphora.with_anaphors(mentions, country), published, _dyad(sents, mentions),
                  titles or set(), text=text, trace=trace)
    if country:
        ctx.antecedents = anaphora.Antecedents(mentions, country, words, lex)
    inside = {i for m in mentions for i in range(m.start, m.end)}
    # one pass over the words: where a trigger or an object may start (most words are neither)
    ctx.trigger_list, ctx.object_list = lex.scan(words)
    ctx.trigger_at, ctx.object_at = set(ctx.trigger_list), set(ctx.object_list)
    if parse:
        syntax.read_parse(ctx, [(s.start, s.end) for s in sents if len(ctx.actors(s)) >= 2 and (
            ctx.within(ctx.trigger_list, s) or ctx.within(ctx.object_list, s))])
    out: list[Relation] = []
    n = -1
    previous_places: list[Mention] = []
    for sent in sents:
        triggers_here, objects_here = ctx.within(ctx.trigger_list, sent), ctx.within(ctx.object_list, sent)
        if trace is not None:
            _trace_sentence(ctx, sent, bool(triggers_here or objects_here))
        if not triggers_here and not objects_here:
            ctx.last_subject = next((m.actor for m in ctx.actors(sent) if ctx.marker(m) is None), ctx.last_subject)
            previous_places = [m for m in ctx.in_sentence(sent) if m.kind == "Location"]
            n += 1
            continue
        if not any(w.strip() for w in words[sent.start:sent.end]):
            continue
        n += 1
        ctx.start_sentence(n)
        recent = len(ctx.recent)
        if failures is None:
            out += _read_sentence(ctx, sent, n, triggers_here, objects_here, inside, previous_places)
        else:
            try:
                out += _read_sentence(ctx, sent, n, triggers_here, objects_here, inside, previous_places)
            except Exception as e:  # noqa: BLE001 - a rule's bug costs its sentence, not the article
                del ctx.recent[recent:]
                failures.append((sent.start_char, sent.end_char, _describe(e)))
                if trace is not None:
                    trace.append({"event": "failed", "error": failures[-1][2]})
        previous_places = [m for m in ctx.in_sentence(sent) if m.kind == "Location"]
    return out


def _read_sentence(ctx: Context, sent: Sentence, n: int, triggers_here: list[int], objects_here: list[int],
                   inside: set[int], previous_places: list[Mention]) -> list[Relation]:
    """The relations of one sentence that holds a trigger or an object; updates the subject carried on."""
    doc, words, lex = ctx.doc, ctx.words, ctx.lex
    out: list[Relation] = []
    objects: set[int] = set()
    stems: dict[int, int] = {}  # where a one-word object starts -> the length of its stem
    for i in objects_here:
        for e, j in lex.objects.match(words, i):
            if len(e.words) > 1:
                objects.update(range(i, j))
            elif e.label != "none":
                stems[i] = max(stems.get(i, 0), len(e.words[0]))
    triggers = []
    i = sent.start
    for p in triggers_here:
        if p < i:
            continue  # inside the trigger read before
        i = p
        if i in inside or i in objects:
            i += 1
            continue
        # "Kampfflugzeuge" is the object "kampfflugzeug", not the trigger "kampf": the longer stem wins
        found = [(e, j) for e, j in lex.triggers.match(words, i) if j <= sent.end
                 and not (len(e.words) == 1 and len(e.words[0]) < stems.get(i, 0))]
        if found and _in_compound_adjective(words, max(x[1] for x in found), sent.end):
            found = [(e, j) for e, j in found if e.pos != "n"]  # "war-torn Lebanon" is no war
        if found and lex.has("capitalised_nouns") and i > sent.start and doc[i].text[:1].isupper():
            # German writes nouns with a capital: "die Unterstützung Irans" is no verb
            found = [(replace(e, pos="n") if e.pos == "v" and e.frame == "direct" else e, j) for e, j in found]
        if found and lex.has("noun_verb_homographs") and i > sent.start and (
                lex.is_("aux", words[i - 1]) or lex.is_("verb_before", words[i - 1])
                or lex.is_("passive_aux", words[i - 1])
                or syntax.verbal(ctx, i, max(x[1] for x in found)) is True):
            # "to support", "will support", "were fighting insurgents", "was attacked by": the verb, where English spells noun
            # and verb alike (and the parse gives it a subject, an object or an auxiliary)
            found = [(replace(e, pos="v") if e.pos == "n" and e.frame in ("direct", "sym") else e, j)
                     for e, j in found]
        if found:
            j = max(x[1] for x in found)
            # "received" is a transfer when something is received, else a meeting: transfers first
            entries = sorted((e for e, k in found if k == j),
                             key=lambda e: (e.frame not in FRAMES_FIRST, -len(" ".join(e.words))))
            triggers.append(Trigger(entries[0], i, j, sent, tuple(entries[1:])))
            if ctx.trace is not None:
                ctx.trace.append({"event": "trigger", "start": i, "end": j, "words": " ".join(words[i:j]),
                                  "type": entries[0].label, "frame": entries[0].frame, "pos": entries[0].pos})
            i = j
        else:
            i += 1
    content_until = -1  # after "accused X of ...", "thanked X for ...", what follows is what is said
    content_read = True  # ... and was read as such; else only its transfers are skipped
    # a verb reading after an article is a noun ("los despliegues"), one joined by a hyphen an adjective
    # ("the Iran-backed Hezbollah"): no boundary for arguments
    ctx.verb_starts = [t.start for t in triggers if t.entry.pos == "v" and (t.start == 0 or words[t.start - 1] != "-")
                       and not lex.is_("article", _previous_word(words, t.start))]
    last_sources: list[str] = []
    for first in triggers:
        if first.start < content_until and not (first.entry.label == "CONFLICT" and first.entry.pos == "n") and \
                (content_read or first.entry.frame in FRAMES_FIRST or first.entry.frame == "fund"):
            if ctx.trace is not None:
                _trace_drop(ctx, first, "convention: inside what an accusation or praise says; its speaker does not do it")
            continue  # "criticised the supply of weapons to Kyiv": the critic sends nothing
        if first.entry.pos == "n" and _in_setting(ctx, first):
            if ctx.trace is not None:
                _trace_drop(ctx, first, "convention: the setting of another event (met on the sidelines of a summit)")
            continue  # "met his counterpart on the sidelines of the SCO summit": no meeting with the SCO
        modality = _modality(ctx, first)
        if modality is None:
            if ctx.trace is not None:
                _trace_drop(ctx, first, f"modality: {_reading(ctx, first)}")
            continue
        found_any = False
        rels: list[Relation] = []  # a frame no rule reads (a typo in triggers.tsv) gives nothing
        for trig in (first, *(replace(first, entry=e, alternatives=()) for e in first.alternatives)):
            rule = RELATION_RULES.get(trig.entry.frame)
            if rule is None or trig is not first and trig.entry.pos == "v" and first.entry.pos == "n" and \
                    trig.entry.frame == "direct" and lex.is_("article", _previous_word(words, trig.start)):
                continue  # "El respaldo de Alemania": after an article who supports is the noun's, not a subject's
            rels = [rel for rel in rule(ctx, trig) if rel.source != rel.target]
            if rels:
                break
        for rel in rels:
            if ctx.antecedents is not None:
                # "sosterranno il Paese": the state named before
                rel = ctx.antecedents.resolve(rel, ctx.marker if trig.entry.pos == "n" else None)
                if rel is None:
                    continue
            if rel.source == rel.target:
                continue
            rel = _attributes(ctx, trig, rel)
            if rel.location is None and ctx.pro_drop and len(previous_places) == 1 and \
                    rel.type in OBJECT_TYPES.values():
                # "Ha accettato di inviare 6mila ingegneri" goes on from the sentence before and its place
                rel = replace(rel, location=previous_places[0].place or previous_places[0].id)
            if modality == "reported":
                rel = replace(rel, modality="reported", confidence=min(rel.confidence, 0.5))
            out.append(rel)
            if ctx.trace is not None:
                ctx.trace.append({"event": "candidate", "relation": rel, "rule": getattr(rule, "__name__", ""),
                                  "frame": trig.entry.frame, "trigger": " ".join(words[trig.start:trig.end]),
                                  "at": trig.start})
            ctx.recent.append((n, rel))
            found_any = True
            if trig.entry.pos == "v" and rel.type != "ROLE":
                last_sources = [rel.source] if rel.type not in SYMMETRIC else last_sources
        if trig.entry.label in ("ACCUSE", "PRAISE") and trig.entry.pos == "v":
            # what is said runs longer where the verb ends it ("beschuldigt, Moskau mit Drohnen ... zu helfen")
            content_until, content_read = trig.end + (24 if lex.has("verb_final") else 12), found_any
            for i in range(trig.end, min(sent.end, content_until)):
                # what is said ends where a new clause starts: "Xi praised Russia's efforts, while Putin ..."
                if words[i] in (";", ":") or words[i] == "," and i + 1 < sent.end and (
                        lex.is_("contrast", words[i + 1]) or lex.is_("clause", words[i + 1])) or \
                        lex.is_("and", words[i]) and i + 1 < sent.end and (
                        lex.is_("aux", words[i + 1]) or i + 1 in ctx.verb_starts):
                    # ... or where the subject goes on with another verb: "thanked Merz for his support
                    # and met Rutte"
                    content_until = i
                    break
    nominal = _nominal_transfers(ctx, sent, triggers, n) + _forces_present(ctx, sent, triggers, n)
    if ctx.antecedents is not None:
        nominal = [rel for rel in (ctx.antecedents.resolve(r, ctx.marker) for r in nominal) if rel is not None]
    if ctx.trace is not None:
        ctx.trace += [{"event": "candidate", "relation": rel, "rule": "_nominal_transfers" if rel.type != "MILITARY_DEPLOYMENT"
                       else "_forces_present", "frame": "object", "trigger": ""} for rel in nominal]
    out += nominal
    subjects = [m for m in ctx.actors(sent) if ctx.marker(m) is None]
    if isinstance(ctx.verb_subject, list) and len(ctx.verb_subject) > 1:
        ctx.last_subject = ctx.verb_subject  # "Ambos líderes condenaron ... También criticaron ..."
    elif last_sources:
        ctx.last_subject = last_sources[0]
    elif subjects:
        group = [m.actor for m in _group(ctx, ctx.actors(sent), subjects[0]) if m.actor]
        ctx.last_subject = group if len(set(group)) > 1 else subjects[0].actor  # "Kim e Putin ... avevano firmato"
    return out


def _in_setting(ctx: Context, trig: Trigger) -> bool:
    """Is the noun `trig` where another event took place: "a margine del vertice della SCO", "on the sidelines
    of the SCO Defence Ministers' summit" (markers.tsv, setting; eight words back at most, no comma between)?"""
    words, setting = ctx.words, ctx.lex.first_words("setting")
    for i in range(trig.start - 1, max(trig.sent.start, trig.start - 8) - 1, -1):
        if words[i] == ",":
            return False
        if words[i] in setting and (n := ctx.lex.phrase_at("setting", words, i)) and i + n <= trig.start:
            return True
    return False


def _trace_sentence(ctx: Context, sent: Sentence, read: bool) -> None:
    """For `kg explain`: where the sentence lies and its actors, each with the marker that governs it."""
    assert ctx.trace is not None
    actors = ctx.actors(sent)
    ctx.trace.append({"event": "sentence", "start": sent.start_char, "end": sent.end_char, "read": read,
                      "mentions": [{"text": ctx.doc[m.start:m.end].text, "id": m.id, "actor": m.actor,
                                    "kind": m.kind, "marker": ctx.marker(m, actors) if m in actors else None}
                                   for m in ctx.in_sentence(sent)]})


def _trace_drop(ctx: Context, trig: Trigger, reason: str) -> None:
    assert ctx.trace is not None
    ctx.trace.append({"event": "dropped", "trigger": " ".join(ctx.words[trig.start:trig.end]), "at": trig.start,
                      "type": trig.entry.label, "frame": trig.entry.frame, "reason": reason})


def _describe(e: Exception) -> str:
    """"KeyError: 1234 at relations.py:1396": what a failing rule raised and where."""
    import os
    import traceback

    where = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
    at = f" at {os.path.basename(where.filename)}:{where.lineno}" if where else ""
    return f"{type(e).__name__}: {e}{at}"


__all__ = ["RELATION_RULES", "SYMMETRIC", "Sentence", "extract_relations", "relation_rule", "sentences_of"]
