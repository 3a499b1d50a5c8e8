"""Lists and coordination: which actors form one group ("Mali, Burkina Faso e Niger", "Kim e Putin").

Decides: the members of the list an actor belongs to, and whether a demonym follows the noun it
qualifies (the marker of a list is its first member's, so the context reads lists through here).
May not decide what role a group plays in a relation: that is the argument stage.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING


from .mentions import HONORIFICS, Mention

if TYPE_CHECKING:
    from .context import Context


def _group(ctx: Context, actors: list[Mention], m: Mention) -> list[Mention]:
    """`m` with the actors coordinated with it ("Russia e Corea del Nord", "the U.S., South Korea and Japan").

    A comma alone does not coordinate ("After meeting Choe, Lavrov accused ..."): the list
    needs a conjunction somewhere.
    """
    def gap_kind(a: Mention, b: Mention) -> str | None:
        gap: Sequence[int] = range(a.end, b.start)
        if not gap:  # "lobte Selenskyj Deutschland": subject and object side by side are no list
            return "same" if a.actor == b.actor else None  # "le Président russe Vladimir Poutine": one
        if a.actor == b.actor and all(ctx.words[i] == "," or ctx.words[i] in HONORIFICS for i in gap):
            return "same"  # "le Président russe, M. Vladimir Poutine,": the title and the name in apposition
        if a.kind == "Demonym" and b.kind != "Demonym" and _follows_its_noun(ctx, a):
            return None  # "i raid israeliani e il presidente Erdogan": the demonym belongs to the raids
        if all(i in ctx.titles for i in gap):
            return "and" if a.actor != b.actor else "same"
        words = [ctx.words[i] for i in gap]
        if "(" in words and ")" in words[words.index("("):]:
            # "au Qatar (36 exemplaires), à l'Inde (36)": a count or an aside in brackets is no boundary
            o = words.index("(")
            c = words.index(")", o)
            gap, words = [*gap[:o], *gap[c + 1:]], words[:o] + words[c + 1:]
        if len(words) > 3 and words[0] == "," and "," in words[2:6] and all(
                ctx.doc[i].text[:1].isupper() and ctx.doc[i].text.replace("-", "").isalpha()
                for i in gap[1:words.index(",", 1)]):
            # "con el jefe de la CIA, Bill Burns, y el primer ministro catarí": a name in apposition
            c = words.index(",", 1)
            gap, words = gap[c:], words[c:]
        if len(words) > 3 and words[-2] == "-" and words[-1].isalpha() and words[-3].isalpha():
            gap, words = gap[:-3], words[:-3]  # "Saudi Arabia and nuclear-armed Pakistan": an epithet
        elif len(words) > 1 and "-" in words[-1].strip("-") and words[-1].replace("-", "").isalpha():
            gap, words = gap[:-1], words[:-1]
        if not all(ctx.lex.is_("and", w) or ctx.lex.is_("article", w) or i in ctx.titles
                   or ctx.lex.is_("source", w) or w in HONORIFICS for i, w in zip(gap, words)):
            # ("Le Président algérien, M. Tebboune, et le Président russe, M. Poutine": a form of address)
            # "all'Egitto, al Qatar e alla Grecia", "au Qatar, à l'Inde": each member repeats the marker
            # of the one before
            marker = ctx.own_marker(b)
            if marker is None or ctx.own_marker(a) != marker or not all(
                    ctx.lex.is_("and", w) or ctx.lex.is_("article", w) or ctx.lex.is_(marker, w) for w in words):
                return None
        if any(ctx.lex.is_("and", w) and w != "," for w in words):
            return "and"
        return "," if "," in words else None

    k = actors.index(m)
    lo = hi = k
    kinds = []
    while lo > 0 and (kind := gap_kind(actors[lo - 1], actors[lo])) is not None:
        kinds.append(kind)
        lo -= 1
    while hi + 1 < len(actors) and (kind := gap_kind(actors[hi], actors[hi + 1])) is not None:
        kinds.append(kind)
        hi += 1
    if "and" not in kinds:
        return [m]
    if ctx.own_marker(actors[lo]) is not None:
        # "sent soldiers to the Philippines, and Japan will provide": a member followed by its own verb
        # opens a new clause, when the list before it is a verb's object
        # ("du Gabon, et de la Côte d'Ivoire sont remplacés": a member with its own marker is no new subject)
        cut = next((j for j in range(lo + 1, hi + 1) if _opens_clause(ctx, actors[j]) and ctx.own_marker(actors[j]) is None
                    and any(ctx.lex.is_("and", w) and w != "," for w in ctx.words[actors[j - 1].end:actors[j].start])),
                   None)
        if cut is not None:
            lo, hi = (cut, hi) if k >= cut else (lo, cut - 1)
            if lo == hi:
                return [m]
    return actors[lo:hi + 1]


def _follows_its_noun(ctx: Context, m: Mention, events: bool = True) -> bool:
    """Does demonym `m` follow a noun it qualifies, as Italian, French and Spanish put it ("les troupes
    russes", "l'intelligence sudcoreana", "le città ucraine"; with `events`, also an event noun: "i raid
    israeliani")?"""
    i, lex = m.start - 1, ctx.lex
    return lex.has("adjective_after_noun") and i >= 0 and (
        events and i in ctx.trigger_at or bool(lex.objects.match(ctx.words, i)) or lex.is_("agent_noun", ctx.words[i])
        or lex.is_("place_noun", ctx.words[i]))


def _opens_clause(ctx: Context, m: Mention) -> bool:
    """Is `m` followed by an auxiliary or a verb, as the subject of a clause of its own?"""
    return m.end < len(ctx.words) and (ctx.lex.is_("aux", ctx.words[m.end]) or ctx.lex.is_("passive_aux", ctx.words[m.end])
                                       or m.end in ctx.verb_starts)
