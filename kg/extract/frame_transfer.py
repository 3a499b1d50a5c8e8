"""Frame rules for what is sent or received: troops, arms, aid, funds, and transfers named by a noun.

Decides: the type (from the object sent), sender and recipient of `transfer`, `deploy`, `fund` and
`receive` triggers, and of a shipment named without a verb. May not change how subjects, partners or
quantities are found.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace


from ..model import Relation
from .lexicon import Entry
from .mentions import Mention
from .context import Context, FRAMES_FIRST, OBJECT_TYPES, SPEECH, Sentence, Trigger, _is_trigger, relation_rule
from .coordination import _group
from .arguments import _inverted_subject, _sources, _subject
from .partners import (_demonym_of_object, _destination, _for_whom, _genitive_owner, _is_trade, _maker_of_object,
                       _of_a_place)
from .attributes import (_attributes, _count_before, _for_training, _is_value_word, _object, _quantity, _second_object,
                         _share)
from .modality import _modality


def _nominal_transfers(ctx: Context, sent: Sentence, triggers: list[Trigger], n: int) -> list[Relation]:
    """What is sent named without a verb of sending: "a $2 billion military aid package for Ukraine",
    "livraisons d'armes à l'Ukraine". The recipient is the actor right after, marked as one; the sender
    the clause's subject or the object's demonym. Objects a transfer trigger already read are skipped, and
    so are weapons an attack uses ("fired a ballistic missile toward Japan")."""
    used = {i for t in triggers if t.entry.frame in FRAMES_FIRST for i in range(t.start - 5, t.end + 10)}
    used.update(i for t in triggers if t.entry.label == "CONFLICT" and t.entry.pos == "v"
                for i in range(t.end, min(sent.end, t.end + 8)))
    actors = ctx.actors(sent)
    out = []
    for i in ctx.within(ctx.object_list, sent):
        if i in used:
            continue
        matches = ctx.lex.objects.match(ctx.words, i)
        found = sorted((e for e, _ in matches if e.label in ("arms", "aid")), key=lambda e: -len(e.words))
        if not found:
            continue  # the longest reading first: "aide militaire" is arms, not "aide"
        end = max(j for _, j in matches)
        used.update(range(i, end))  # "military aid" is one thing sent, not also "aid"
        reach = end + 3
        while reach < sent.end and reach < end + 10 and _is_value_word(ctx, reach):
            reach += 1  # "un pacchetto di aiuti militari da 500 milioni di dollari per Kiev": past its value
        reach = reach if reach == end + 3 else reach + 2  # then the marker and its article
        to = next((m for m in actors if end <= m.start <= reach and ctx.marker(m, actors) == "target"), None)
        if to is None:
            continue
        trig = Trigger(Entry(OBJECT_TYPES[found[0].label], tuple(ctx.words[i:end]), True, "n", "transfer"), i, end, sent)
        if _modality(ctx, trig) is None:
            continue
        owner = _demonym_of_object(ctx, i) or _genitive_owner(ctx, i, end, actors)
        if any(t.entry.label in SPEECH and t.entry.pos == "v" and t.end <= i for t in triggers):
            # "Pechino ha criticato la vendita di armi americane a Taiwan": who speaks of the sale is not
            # who sells; the seller is the one the object names, or none
            senders = [owner] if owner else []
        else:
            source = _subject(ctx, replace(trig, entry=replace(trig.entry, pos="v")), actors)
            # "Deutschland, Dänemark und die Niederlande kündigten an, ... Panzer an die Ukraine zu liefern":
            # each state of the subject's list
            senders = [x.actor for x in _group(ctx, actors, source) if x.actor] if source is not None else \
                [owner] if owner else []
        # "the sale of Patriot missiles to Saudi Arabia and the United Arab Emirates": each recipient listed
        for recipient in dict.fromkeys(x.actor for x in _group(ctx, actors, to) if x.actor):
            for src in dict.fromkeys(senders):
                if src != recipient:
                    rel = Relation(OBJECT_TYPES[found[0].label], src, recipient, confidence=0.6)
                    out.append(_attributes(ctx, trig, rel))
                    ctx.recent.append((n, rel))
    return out


def _corefer(ctx: Context, trig: Trigger, type_: str) -> Iterator[Relation]:
    """A trigger with no actors of its own ("the soldiers are deployed in Kursk") continues the latest
    relation of the same type, two sentences back at most."""
    if type_ not in ("MILITARY_DEPLOYMENT", "ARMS_TRANSFER", "AID", "ANY"):
        return
    for m, rel in reversed(ctx.recent):
        if (rel.type == type_ or type_ == "ANY" and rel.type in OBJECT_TYPES.values()) and ctx.sentence_index - m <= 3:
            yield Relation(rel.type, rel.source, rel.target, confidence=0.6, inferred="corefer")
            return


@relation_rule("fund")  # what is granted: aid when it is money, else nothing
@relation_rule("deploy")  # what is stationed: troops unless said otherwise
@relation_rule("transfer")
def _transfer(ctx: Context, trig: Trigger, receive: bool = False) -> Iterator[Relation]:
    """Sending troops, arms or aid: "X sent troops to Y", "Y received shells from X", "arms from X to Y"."""
    cls, at = _object(ctx, trig)
    if receive and cls is not None and at is not None and at < trig.start and trig.entry.pos == "v" and \
            (bought := _bought_by(ctx, trig, cls, at)):
        yield from bought
        return
    if receive and at is not None and at < trig.start and trig.entry.pos == "v" and not ctx.lex.has("verb_final") \
            and not any(ctx.lex.is_("passive_aux", w) for w in ctx.words[at:trig.start]):
        # "11.000 soldados norcoreanos están recibiendo entrenamiento": who receives is before an active verb,
        # not what is received
        cls, at = None, None
    if cls is None:
        if trig.entry.frame not in ("deploy", "fund"):
            # "sarebbero state spedite circa 12 milioni di unità": a count of what the last transfer sent
            quantity = _quantity(ctx, trig, None)
            if quantity is not None and not ctx.actors(trig.sent):
                for rel in _corefer(ctx, trig, "ANY"):
                    yield replace(rel, quantity=quantity)
            return
        # "ha stanziato 50 miliardi di euro per l'Ucraina", "allocated $2 billion for Kyiv": money granted
        # is aid; a deployment verb without it stations troops, a funding verb without it gives nothing
        after = ctx.words[trig.end:min(trig.sent.end, trig.end + 6)]
        if any(ctx.lex.is_("money", w) for w in after):
            cls = "aid"
        elif trig.entry.frame == "deploy":
            cls = "troops"
        else:
            return
    type_ = OBJECT_TYPES[cls]
    if type_ == "MILITARY_DEPLOYMENT" and _for_training(ctx, trig):
        return
    quantity = _quantity(ctx, trig, at)
    counts: dict[str, int | None] = {}  # each recipient's own count, where a list gives one
    actors = ctx.actors(trig.sent)
    inverted = _inverted_subject(ctx, trig, actors)
    right = [m for m in actors if m.start >= trig.end and m.start - trig.end <= 14 and m is not inverted]
    marks = {id(m): ctx.marker(m, actors) for m in right}
    # ("al frente de Ucrania": the genitive of a place is no origin)
    origin = next((m for m in right if (marks[id(m)] == "source" and not _of_a_place(ctx, m)) or receive and
                   marks[id(m)] == "with"), None)
    to = next((m for m in right if marks[id(m)] in ("target", "alongside")), None)
    if to is None and at is not None and at > trig.end and trig.entry.pos == "v":
        # "provided the Russian army with shells", "gave Ukraine tanks": the recipient before the object
        # (after a noun it is the owner: "the deployment of US missiles")
        to = next((m for m in right if m.start < at and marks[id(m)] is None), None)
    if to is None and ctx.lex.has("verb_final"):
        # the verb comes last: "wurden 3000 Soldaten nach Russland geschickt"
        to = next((m for m in reversed(actors) if m.end <= trig.start and trig.start - m.end <= 6
                   and ctx.marker(m, actors) == "target"), None)
    if to is None:  # "envoyé 6 000 ouvriers en Russie", "Truppen nach Litauen"
        to = next((m for m in right if marks[id(m)] == "locative" and m.kind == "Country"), None)
    if to is None:  # "inviato 10.000 soldati per aiutare Mosca", "sent troops to help Moscow fight Kyiv"
        to = _helped(ctx, trig, right)
    passive = trig.start > 0 and ctx.lex.is_("passive_aux", ctx.words[trig.start - 1])
    sources: list[str]
    targets: list[str]
    inferred: str | None = None  # the document-level reading that named a party the sentence does not
    if receive:
        subject = _subject(ctx, trig, actors)
        if subject is not None and ctx.marker(subject, actors) == "with":
            origin = origin or subject  # "L'Inde a signé avec la France un accord pour l'acquisition"
            subject = None
        if subject is None and (agent := next((m for m in right if _agent(ctx, m)), None)) is not None:
            # "l'acquisto da parte di Riad di 300 carri armati", "the purchase by India of Rafale jets": the buyer
            subject = agent
            if origin is agent:
                origin = next((m for m in right if m is not agent and marks[id(m)] == "source"
                               and not _of_a_place(ctx, m) and not _agent(ctx, m)), None)
        if subject is None and isinstance(ctx.verb_subject, Mention):
            subject = ctx.verb_subject
        if subject is not None and to is not None and to is not subject and _for_whom(ctx, to):
            # "Germany will buy air defence systems for Ukraine": the buyer passes them on
            sources = [m.actor for m in _group(ctx, actors, subject) if m.actor]
            for t in (m.actor for m in _group(ctx, actors, to) if m.actor):
                for s in sources:
                    if s != t:
                        yield Relation(type_, s, t, quantity=quantity, confidence=0.7)
            return
        if origin is None and to is not None and to is not subject:
            origin = to  # "compró armas a Israel", "a acheté des Rafale à la France": bought from
        if origin is None:  # "avec la France un accord pour l'acquisition", "Raketen aus dem Iran erhalten"
            origin = next((m for m in reversed(actors) if m.end <= trig.start and trig.start - m.end <= 8 and
                           ctx.marker(m, actors) in ("with", "source") and m is not subject), None)
        if subject is None or origin is not None and origin.actor == subject.actor:
            return
        if origin is not None:
            sources = [m.actor for m in _group(ctx, actors, origin) if m.actor]
        elif (maker := _maker_of_object(ctx, trig, at)) is not None:
            sources, inferred = [maker], "maker"  # "Qatar bought 24 Rafale jets": the state that makes them
        elif (seller := _traded_demonym(ctx, trig, at)) is not None and seller != subject.actor:
            sources = [seller]  # "acquisterà 300 carri armati americani", "va acheter des chars américains"
        else:
            return
        targets = [m.actor for m in _group(ctx, actors, subject) if m.actor]
    else:
        hint = _demonym_of_object(ctx, at)
        if origin is not None and (trig.entry.pos == "n" or passive or to is not None and origin.start < to.start):
            sources = [m.actor for m in _group(ctx, actors, origin) if m.actor]
        elif hint is not None and trig.entry.pos == "n":
            sources = [hint]
        else:
            # "I soldati sarebbero schierati": the subject is what is sent, not the previous sentence's actor
            sources = _sources(ctx, trig, actors, allow_last=at is None or at > trig.start) or ([hint] if hint else [])
        if not sources and (maker := _maker_of_object(ctx, trig, at)) is not None:
            sources, inferred = [maker], "maker"  # "L'avion s'est vendu à sept pays": the Rafale's maker sells it
        if to is not None:
            group = _group(ctx, actors, to)
            targets = [m.actor for m in group if m.actor]
            if len(targets) > 1 and (shares := {m.actor: _share(ctx, m) for m in group if m.actor}) and \
                    any(shares.values()):
                counts = shares  # "au Qatar (36 exemplaires), à l'Inde (36)": each its own, not the total
        elif (where := _destination(ctx, trig, sources)) is not None:
            targets = [where]  # "deployed troops to the Kursk region": the state the place lies in
        elif passive and _subject(ctx, trig, actors) is not None:
            subject = _subject(ctx, trig, actors)
            assert subject is not None
            targets = [m.actor for m in _group(ctx, actors, subject) if m.actor]
        elif trig.entry.pos == "v" and ctx.dyad and len(sources) == 1 and sources[0] in ctx.dyad and not right:
            # "Ha accettato di inviare 6mila ingegneri": the recipient is the other state the article is about
            targets = [ctx.dyad[1] if sources[0] == ctx.dyad[0] else ctx.dyad[0]]
        else:
            targets = []
    if not sources and not targets:
        for rel in _corefer(ctx, trig, type_):
            yield replace(rel, quantity=quantity)
        return
    if not sources and targets:
        # "les alliés allaient fournir à l'Ukraine cinq systèmes": the latest sender to that recipient
        for m, rel in reversed(ctx.recent):
            if rel.type == type_ and rel.target in targets and ctx.sentence_index - m <= 6:
                sources, inferred = [rel.source], "transfer_continued"
                break
    conf = 0.8 if trig.entry.pos == "v" else 0.7
    if sources and not targets and trig.entry.pos == "v" and not receive and not any(
            ctx.lex.is_("target", w) or ctx.lex.is_("locative", w) for w in ctx.words[trig.end:min(trig.sent.end, trig.end + 10)]):
        # "Germany said it would deliver two more IRIS-T systems": to the recipient of the same kind of
        # transfer just named, two sentences back at most, when the sentence names no destination at all
        for m, rel in reversed(ctx.recent):
            if ctx.sentence_index - m > 2:
                break
            if rel.type == type_ and rel.target not in sources:
                targets, conf, inferred = [rel.target], 0.6, "transfer_continued"
                break
    for s in sources:
        for t in targets:
            yield Relation(type_, s, t, quantity=counts.get(t) if counts else quantity, confidence=conf,
                           inferred=inferred)
    if (second := _second_object(ctx, trig, cls, at)) is not None:
        # "sent about 15,000 troops and millions of artillery shells to Russia": each thing sent is a relation
        # its count lies between "and" and it: the walk back stops at "and" as at a trigger
        type2, quantity2 = OBJECT_TYPES[second[0]], _count_before(ctx, replace(trig, start=second[2], end=second[2] + 1),
                                                                    second[1])[0]
        for s in sources:
            for t in targets:
                yield Relation(type2, s, t, quantity=quantity2, confidence=conf, inferred=inferred)


HELP_REACH = 6  # words from "to"/"per"/"um" to the state helped and the verb that helps it


def _helped(ctx: Context, trig: Trigger, right: list[Mention]) -> Mention | None:
    """The state a transfer is made to help, named in its purpose clause: "per aiutare Mosca", "to help Moscow
    fight Kyiv", "pour aider Moscou", "um Moskau zu helfen" (markers.tsv: purpose, help_stem). It is the first
    actor of the clause, before any other trigger ("to help fight ISIS" helps nobody named)."""
    words, helps = ctx.words, ctx.lex.stems("help_stem")
    at = None
    for i in range(trig.end, min(trig.sent.end - 1, trig.end + 12)):
        # a purpose word, or one of a recipient right before the verb that helps ("to help", "à aider")
        n = ctx.lex.phrase_at("purpose", words, i) or (ctx.lex.is_("target", words[i]) and words[i + 1].startswith(helps))
        if n:
            at = i + int(n)
            break
    if at is None:
        return None
    end = next((i for i in range(at, min(trig.sent.end, at + 2 * HELP_REACH)) if words[i] in (",", ";")), trig.sent.end)
    if not any(words[i].startswith(helps) for i in range(at, min(end, at + 2 * HELP_REACH))):
        return None  # "um Moskau im Kampf gegen Kiew zu helfen": German puts the verb last
    m = next((m for m in right if at <= m.start < at + HELP_REACH), None)
    if m is None or ctx.marker(m, ctx.actors(trig.sent)) not in (None, "target") or m.kind not in ("Country", "Organization"):
        return None
    if any(_is_trigger(ctx, i) and not words[i].startswith(ctx.lex.stems("help_stem")) for i in range(at, m.start)):
        return None
    return m


def _agent(ctx: Context, m: Mention) -> bool:
    """Is `m` named after a phrase of the agent ("by", "da parte di", "por parte de", "seitens": markers.tsv,
    agent), articles skipped?"""
    k = m.start
    while k > 0 and ctx.lex.is_("article", ctx.words[k - 1]):
        k -= 1
    return ctx.lex.phrase_ending("agent", ctx.words, k) > 0


def _traded_demonym(ctx: Context, trig: Trigger, at: int | None) -> str | None:
    """The state of what is bought, named by its demonym ("300 American tanks", "carri armati americani"):
    its seller, when the purchase names no other. Only a sale or a purchase (markers.tsv, trade_stem): what is
    given or received may be second-hand."""
    if not _is_trade(ctx, trig):
        return None
    return _demonym_of_object(ctx, at)


def _bought_by(ctx: Context, trig: Trigger, cls: str, at: int) -> list[Relation]:
    """"the Chinese weapon systems acquired by Pakistan", "les Rafale français achetés par l'Inde": a thing
    named with its state, then the participle of its purchase and the buyer as agent. The seller is the
    state the thing is named with (or its maker, for a sale); nothing stands between the thing and the verb."""
    actors = ctx.actors(trig.sent)
    agent = next((m for m in actors if trig.end <= m.start <= trig.end + 2 and ctx.own_marker(m) == "source"
                  and m.actor), None)
    if agent is None or any(at < m.start and m.end <= trig.start and m.kind != "Demonym" for m in actors) or any(
            ctx.lex.is_("clause", w) or w == "," for w in ctx.words[at:trig.start]):
        return []
    seller = _demonym_of_object(ctx, at) or _maker_of_object(ctx, trig, at)
    if seller is None:
        return []
    quantity = _quantity(ctx, trig, at)
    return [Relation(OBJECT_TYPES[cls], seller, m.actor, quantity=quantity, confidence=0.7)
            for m in _group(ctx, actors, agent) if m.actor and m.actor != seller]


@relation_rule("contribute")
def _contribute(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """"Les alliés allaient fournir à l'Ukraine cinq systèmes. L'Allemagne, les Pays-Bas, la Roumanie et l'Italie
    doivent également y contribuer": states that contribute, naming neither what nor to whom, join the
    transfer just told (two sentences back at most): its kind and its recipient."""
    actors = ctx.actors(trig.sent)
    if any(m.start >= trig.end for m in actors) or trig.end < trig.sent.end and ctx.words[trig.end] not in (".", ",", ";"):
        return  # "contributed to the peace process", "contribuisce con 500 uomini": the sentence says to what
    prior = next((rel for m, rel in reversed(ctx.recent) if rel.type in OBJECT_TYPES.values()
                  and ctx.sentence_index - m <= 2), None)
    if prior is None:
        return
    for s in _sources(ctx, trig, actors, allow_last=False):
        if s != prior.target:
            yield Relation(prior.type, s, prior.target, confidence=0.6, inferred="contribute")


@relation_rule("receive")
def _receive(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    yield from _transfer(ctx, trig, receive=True)
