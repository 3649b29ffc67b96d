"""Agents: who speaks and who blames, resolved inside one document.

An agent is a person, an organisation or a state (or a group named by a
nationality: "Russian officials"). :class:`Agents` turns the head token of a
noun phrase into a :class:`~kg.extract.Mention` whose ``name`` is the fullest
name the document gives that agent:

- titles are stripped ("President Volodymyr Zelensky" -> "Volodymyr Zelensky");
- a surname alone takes the full name seen elsewhere ("Peskov" -> "Dmitry Peskov");
- an apposition gives the name to a role noun ("Ukraine's defence minister,
  Oleksii Reznikov" -> "Oleksii Reznikov");
- a definite description ("the ministry", "the mayor", "the Kremlin spokesman")
  takes the latest earlier agent with the same head noun or role;
- "he"/"she" take the latest compatible person in subject position, "it"/"they"
  the latest organisation, state or group.

Notes:
    Rules follow the dependency parse (spaCy's English ``nsubj``/``appos``/
    ``compound``/``poss`` labels) and the entity labels, in the spirit of
    rule-based coreference (Lee et al. 2013, "Deterministic coreference
    resolution based on entity-centric, precision-ranked rules"), reduced to
    the sieves that matter for attribution: exact/surname match, role match,
    pronoun recency.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from kg.extract import EntityType, Mention
from kg.extract.index import token_index

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"it", "they", "them"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})

# Nouns naming a person by office or role ("the spokesman", "Mayor X").
ROLE_NOUNS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "president", "minister", "mayor", "staffer", "representative", "member",
    "governor", "adviser", "advisor", "secretary", "commander", "chief", "head",
    "leader", "ambassador", "official", "analyst", "expert", "general", "prosecutor",
    "chancellor", "premier", "senator", "speaker", "legislator", "lawmaker", "deputy",
    "director", "envoy", "diplomat", "officer", "researcher", "scholar", "colonel",
    "aide", "lieutenant", "brigadier", "admiral", "marshal", "king", "queen", "prince",
    "emperor", "pope", "mp", "congressman", "congresswoman", "representative",
    "correspondent", "journalist", "blogger", "editor", "professor", "fellow",
    "consultant", "negotiator", "attorney", "lawyer", "judge", "investigator",
    "chairman", "chairwoman", "chair", "ceo", "founder", "pundit", "observer",
    "monitor", "representative", "counsellor", "councillor", "ombudsman", "commissioner",
})
# Words that may precede a name as part of a title ("Defence Minister", "Lt Gen").
TITLE_WORDS = ROLE_NOUNS | frozenset({
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sir", "dame",
    "lt", "lt.", "gen", "gen.", "col", "col.", "maj", "maj.", "brig", "brig.", "major",
    "captain", "capt", "sgt", "sergeant", "defence", "defense", "foreign", "prime",
    "interior", "vice", "presidential", "kremlin", "pentagon", "security", "military",
    "state", "press", "first", "senior", "former", "acting", "chief", "top", "regional",
    "region", "city", "district", "oblast", "finance", "economy", "justice", "health",
    "emergency", "emergencies", "intelligence", "army", "navy", "air", "force", "staff",
    "national", "federal", "deputy", "assistant", "rear", "general", "political",
    "affairs", "public", "home", "culture", "energy", "trade", "war", "field", "supreme",
    "high", "local", "white", "house", "u.s.", "us", "u.k.", "uk", "eu", "un", "nato",
})
# Heads that are never a speaker: documents, media objects, abstract things.
NON_AGENT_NOUNS = frozenset({
    "report", "video", "photo", "photograph", "image", "footage", "data", "statement",
    "document", "evidence", "study", "survey", "analysis", "map", "post", "picture",
    "clip", "figure", "record", "imagery", "article", "story", "poll", "assessment",
    "rumour", "rumor", "source", "thing", "that", "which", "what", "who", "this",
    "these", "those", "one", "nobody", "someone", "anyone", "everyone", "somebody",
    "people", "message", "tweet", "letter", "note", "headline", "caption", "law",
    "order", "decree", "plan", "sign", "signal", "information", "claim", "allegation",
    "account", "version", "update", "bulletin", "readout", "transcript", "website",
    "page", "feed", "estimate", "result", "finding", "there", "all", "both", "each", "none", "side",
    "manufacturer", "maker", "producer", "developer", "vendor", "supplier", "contractor",
})
# Heads of media and news outlets: a source attribution, not a speaker of record.
MEDIA_NOUNS = frozenset({
    "media", "outlet", "channel", "newspaper", "paper", "television", "tv", "broadcaster",
    "tabloid", "daily", "wire", "press", "blog", "newsletter", "magazine", "radio", "site",
    "website", "portal", "times", "journal", "gazette", "herald", "tribune", "courier", "chronicle", "observer",
})
MEDIA_NAMES = frozenset({
    "tass", "ria", "ria novosti", "rbc", "interfax", "reuters", "afp", "ap", "bbc", "cnn",
    "sputnik", "kommersant", "izvestia", "ukrinform", "unian", "bloomberg", "baza", "mash",
    "shot", "meduza", "novaya gazeta", "the associated press", "associated press",
})
# Heads of organisations ("the ministry", "the committee"): descriptions to resolve.
ORG_NOUNS = frozenset({
    "ministry", "committee", "service", "office", "administration", "government",
    "agency", "department", "council", "force", "forces", "army", "military", "navy",
    "corps", "legion", "command", "staff", "kremlin", "parliament", "court", "embassy",
    "authorities", "authority", "regime", "party", "group", "cabinet", "directorate",
    "headquarters", "guard", "police", "prosecutor", "presidency", "mission", "unit",
    "battalion", "brigade", "regiment", "division", "company", "union", "alliance",
    "organisation", "organization", "commission", "bureau", "duma", "senate",
    "assembly", "secretariat", "inspectorate", "fsb", "sbu", "hur", "ukraine",
})
_PERSONISH = ROLE_NOUNS - {"official"}
# Subjects that are never antecedents of "it"/"they": weapons, debris, events.
INANIMATE = frozenset({
    "drone", "missile", "rocket", "shell", "fragment", "debris", "system", "battery", "launcher",
    "strike", "attack", "explosion", "blast", "fire", "building", "bridge", "city", "town", "aircraft",
    "jet", "tank", "weapon", "bomb", "damage", "road", "vehicle", "ship", "plane", "radar", "unit",
})
ANONYMITY = frozenset({"anonymity", "anonymously", "unnamed", "unidentified", "authorised", "authorized", "named"})
QUANTIFIERS = frozenset({"no", "each", "every", "any", "some", "several", "many", "few", "neither", "either", "all", "most", "other", "others"})
# People named by what they are, not who: never a speaker of record.
GENERIC_PEOPLE = frozenset({
    "expert", "analyst", "observer", "resident", "witness", "commentator", "pundit",
    "blogger", "journalist", "reporter", "critic", "user", "people", "person", "man",
    "woman", "local", "citizen", "scholar", "researcher", "eyewitness", "activist",
    "photographer", "engineer", "pilot", "driver", "passenger", "traveller", "diver", "farmer",
    "worker", "employee", "shopkeeper", "fisherman", "villager", "neighbour", "neighbor", "student",
})


@lru_cache(maxsize=1)
def load_agent_aliases() -> dict[str, tuple[str, str]]:
    """Return ``kg/data/aliases-agents.tsv`` as {casefolded alias: (canonical, type)}.

    Entity resolution uses it to put spelling variants of one agent ("Defence
    Ministry", "MoD", "Ministry of Defense") on one canonical key.
    """
    table: dict[str, tuple[str, str]] = {}
    text = resources.files("kg").joinpath("data/aliases-agents.tsv").read_text(encoding="utf-8")
    for row in csv.reader(text.splitlines(), delimiter="\t"):
        if not row or row[0].startswith("#") or len(row) < 3:
            continue
        table[row[0].strip().casefold()] = (row[1].strip(), row[2].strip())
    return table


@lru_cache(maxsize=1)
def _agent_sides() -> dict[str, str]:
    text = resources.files("kg").joinpath("data/aliases-agents.tsv").read_text(encoding="utf-8")
    return {row[0].strip().casefold(): row[3].strip() for row in csv.reader(text.splitlines(), delimiter="\t")
            if len(row) > 3 and row[3].strip() and not row[0].startswith("#")}


def agent_side(name: str) -> str | None:
    """The state a known agent belongs to (the table's fourth column: "Dmitry Peskov" -> Russia), else None.

    Only public office holders are listed; an unknown speaker has no side.
    """
    table = _agent_sides()
    low = name.casefold()
    return table.get(low)


def agent_side_in(name: str) -> str | None:
    """The side of a known body named inside a longer name ("the Northern Fleet's press service" -> Russia)."""
    side = agent_side(name)
    if side:
        return side
    words = " " + " ".join(name.casefold().replace("'s", " ").split()) + " "
    best = max((k for k in _agent_sides() if " " + k + " " in words), key=len, default=None)
    return _agent_sides()[best] if best else None


def _strip_possessive(words: list[Token]) -> list[Token]:
    while words and words[-1].tag_ == "POS":
        words = words[:-1]
    return words


class Agents:
    """Resolve agent mentions in one parsed document (built per ``Doc``, cheap).

    Args:
        doc: a parsed document with entities and dependencies.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.index = token_index(doc)
        self.text = self.index.text
        self._ent_of: dict[int, object] = {}
        for ent in self.index.ents:
            for t in ent:
                self._ent_of[t.i] = ent
        self._cache: dict[int, Mention | None] = {}
        self._persons: dict[str, str] | None = None  # surname -> full name
        self._roles: list[tuple[int, str, str]] | None = None  # (token index, role noun, name)
        self._subjects: list[tuple[int, Mention]] | None = None

    # ---------------------------------------------------------------- helpers
    def _ent(self, tok: Token):
        return self._ent_of.get(tok.i)

    def _words(self, words: list[Token]) -> str:
        """The words as written (original spacing, whitespace runs collapsed)."""
        if not words:
            return ""
        text = self.text[words[0].idx: words[-1].idx + len(words[-1].text)]
        return " ".join(text.split())

    def _span_mention(self, start_tok: Token, end_tok: Token, name: str, type_: EntityType) -> Mention:
        text = self.text
        start = start_tok.idx
        end = end_tok.idx + len(end_tok.text)
        return Mention(start, end, text[start:end], name, type_)

    def _name_tokens(self, head: Token) -> list[Token]:
        """The proper-name words ending at ``head``: its entity or compound chain."""
        ent = self._ent(head)
        if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
            words = [t for t in ent]
            # Extend to compound proper nouns the NER left out ("Oleksii" Reznikov).
            first = words[0]
            while first.i > 0:
                prev = self.doc[first.i - 1]
                if prev.head == head and prev.dep_ in ("compound", "flat") and prev.pos_ == "PROPN" and prev.text[:1].isupper():
                    words.insert(0, prev)
                    first = prev
                else:
                    break
            return _strip_possessive(words)
        words = [head]
        i = head.i
        while i > 0:
            prev = self.doc[i - 1]
            if prev.head.i in {w.i for w in words} and prev.dep_ in ("compound", "flat", "nmod") and prev.pos_ == "PROPN":
                words.insert(0, prev)
                i -= 1
            else:
                break
        return _strip_possessive(words)

    def _strip_titles(self, words: list[Token]) -> list[Token]:
        out = list(words)
        while len(out) > 1:
            w = out[0]
            low = w.text.casefold().rstrip(".")
            ent = self._ent(w)
            if (low in TITLE_WORDS or low + "." in TITLE_WORDS
                    or (ent is not None and ent.label_ in ("GPE", "NORP", "ORG") and not any(t.i == out[-1].i for t in ent))
                    or w.tag_ == "POS" or not w.text[:1].isupper()):
                out.pop(0)
            else:
                break
        return out

    # ----------------------------------------------------------- document maps
    def persons(self) -> dict[str, str]:
        """Surname (casefolded) -> the fullest person name in the document."""
        if self._persons is None:
            best: dict[str, str] = {}
            for ent in self.index.ents:
                if ent.label_ != "PERSON":
                    continue
                words = self._strip_titles(_strip_possessive([t for t in ent]))
                if not words:
                    continue
                name = self._words(words)
                key = words[-1].text.casefold()
                if len(name) > len(best.get(key, "")):
                    best[key] = name
            # Names the NER missed but the parse shows: "Helga Moor, the spokeswoman, ..."
            for tok in self.doc:
                if tok.pos_ == "PROPN" and (any(c.dep_ == "appos" and c.lemma_.casefold() in ROLE_NOUNS for c in tok.children)
                                            or tok.dep_ == "appos" and tok.head.lemma_.casefold() in _PERSONISH):
                    words = self._strip_titles(self._name_tokens(tok))
                    if len(words) > 1:
                        name = self._words(words)
                        key = words[-1].text.casefold()
                        if len(name) > len(best.get(key, "")):
                            best[key] = name
            self._persons = best
        return self._persons

    def _is_person_name(self, head: Token, words: list[Token]) -> bool:
        ent = self._ent(head)
        if ent is not None and ent.label_ == "PERSON":
            return True
        if head.text.casefold() in self.persons() and (ent is None or ent.label_ not in ("GPE", "NORP")):
            return True
        # A title or a role apposition marks a person ("Mayor X", "X, the spokeswoman",
        # "its spokesman, X").
        if head.dep_ == "appos" and head.head.lemma_.casefold() in _PERSONISH:
            return True
        if head.pos_ == "PROPN":
            for c in head.children:
                if c.dep_ == "appos" and c.lemma_.casefold() in _PERSONISH:
                    return True
                if c.dep_ == "compound" and c.i < words[0].i and c.text.casefold() in ROLE_NOUNS:
                    return True
            if head.i > 0 and self.doc[words[0].i - 1].text.casefold() in ROLE_NOUNS if words[0].i > 0 else False:
                return True
        return False

    def roles(self) -> list[tuple[int, str, str]]:
        """(position, role noun, person name) for every titled or apposed person."""
        if self._roles is None:
            found: list[tuple[int, str, str]] = []
            for tok in self.doc:
                if tok.pos_ != "PROPN":
                    continue
                name = None
                # Title compounds: "Kremlin spokesman Dmitry Peskov", "Mayor Vitali Klitschko".
                for c in tok.children:
                    low = c.lemma_.casefold()
                    if c.dep_ in ("compound", "appos", "nmod") and low in ROLE_NOUNS:
                        name = name or self._person_name(tok)
                        if name:
                            found.append((tok.i, low, name))
                # "Ukraine's defence minister, Oleksii Reznikov": role head, name appos.
                if tok.dep_ == "appos" and tok.head.lemma_.casefold() in ROLE_NOUNS:
                    name = self._person_name(tok)
                    if name:
                        found.append((tok.i, tok.head.lemma_.casefold(), name))
            self._roles = found
        return self._roles

    def _person_name(self, head: Token) -> str | None:
        words = self._strip_titles(self._name_tokens(head))
        if not words or not words[-1].text[:1].isupper():
            return None
        if words[-1].text.casefold().rstrip(".") in TITLE_WORDS:
            return None
        name = self._words(words)
        full = self.persons().get(words[-1].text.casefold())
        # Only a tail of the full name expands ("Peskov" -> "Dmitry Peskov"); another
        # full name with the same surname ("Rob Lee" beside "Mark Lee") stays itself.
        if full and len(full) > len(name) and (" " + full).endswith(" " + name):
            return full
        return name

    def subjects(self) -> list[tuple[int, Mention]]:
        """Named agents in subject position, in text order (pronoun antecedents)."""
        if self._subjects is None:
            # Built in text order; a description met while building sees the earlier part.
            subs: list[tuple[int, Mention]] = []
            self._subjects = subs
            for tok in self.doc:
                if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("PROPN", "NOUN") and tok.ent_type_ != "WEAPON" \
                        and tok.lemma_.casefold() not in INANIMATE:
                    m = self.mention(tok, resolve_pronouns=False)
                    if m is not None:
                        subs.append((tok.i, m))
        return self._subjects

    # ------------------------------------------------------------------ public
    def mention(self, tok: Token, *, resolve_pronouns: bool = True) -> Mention | None:
        """Return the agent ``tok`` (the head of a noun phrase) denotes, or None."""
        key = tok.i * 2 + int(resolve_pronouns)
        if key not in self._cache:
            # A name and its role noun may each be the other's apposition
            # ("HSU (CORRESPONDENT)" parsed both ways): a token already being
            # resolved up the stack names nothing, which ends the cycle.
            self._cache[key] = None
            self._cache[key] = self._mention(tok, resolve_pronouns)
        return self._cache[key]

    def _mention(self, tok: Token, resolve_pronouns: bool) -> Mention | None:
        low = tok.text.casefold()
        if tok.pos_ == "PRON" or low in PERSON_PRONOUNS or low in GROUP_PRONOUNS:
            if not resolve_pronouns or low in FIRST_PERSON:
                return None
            return self._pronoun(tok)
        if tok.pos_ not in ("PROPN", "NOUN", "X"):
            return None
        # A role noun with a named apposition: the name is the agent.
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                m = self.mention(c, resolve_pronouns=resolve_pronouns)
                if m is not None and m.type == "Person":
                    return m
        # "its defence ministry": the owner is the latest organisation or state before it.
        its = next((c for c in tok.children if c.dep_ == "poss" and (c.lower_ in ("its", "their")
                    or c.lower_ in ("his", "her") and tok.lemma_.casefold() in ("office", "spokesman", "spokeswoman", "spokesperson", "ministry", "administration", "government", "aide", "press"))), None)
        if its is not None and resolve_pronouns:
            owner = self._pronoun(its) if its.lower_ in ("its", "their") else self._pronoun_person(its)
            words = self._phrase(tok)
            if owner is not None and (owner.type != "Person" or its.lower_ in ("his", "her")) and words:
                rest = self._words([t for t in words if t.i > its.i])
                return self._span_mention(words[0], words[-1], f"{owner.name}'s {rest}", "Organization")
        if tok.dep_ == "appos" and tok.head.pos_ == "PROPN" and tok.lemma_.casefold() in ROLE_NOUNS:
            return self.mention(tok.head, resolve_pronouns=resolve_pronouns)
        if tok.pos_ == "PROPN" or (self._ent(tok) is not None and self._ent(tok).label_ in ("PERSON", "ORG", "GPE", "NORP")):
            return self._proper(tok)
        return self._common(tok)

    def _proper(self, tok: Token) -> Mention | None:
        words = self._name_tokens(tok)
        if not words:
            return None
        if self._is_person_name(tok, words):
            stripped = self._strip_titles(words)
            name = self._person_name(tok) or self._words(stripped)
            return self._span_mention(stripped[0], stripped[-1], name, "Person")
        ent = self._ent(tok)
        label = ent.label_ if ent is not None else ""
        # Organisations keep their possessor and modifiers: "Russia's Defence Ministry".
        if label not in ("GPE", "NORP") or tok.dep_ == "compound":
            phrase = self._phrase(tok)
            if phrase:
                words = phrase
        name = self._words(words)
        if name.casefold() in MEDIA_NAMES:
            type_: EntityType = "Organization"
        elif label == "GPE":
            type_ = "State"
        elif label == "NORP":
            type_ = "State"
        else:
            type_ = "Organization"
        return self._span_mention(words[0], words[-1], name, type_)

    def _phrase(self, tok: Token) -> list[Token]:
        """The noun phrase of ``tok`` without determiner, relative clauses or appositions.

        Keeps a trailing "of"-phrase naming an organisation ("Ministry of
        Defence", "an official of the Belarusian Defense Ministry").
        """
        left = [c for c in tok.lefts if (c.dep_ in ("compound", "amod", "poss", "nmod", "nummod", "npadvmod") or c.tag_ == "POS")
                and not (c.dep_ == "nmod" and any(g.dep_ == "det" for g in c.children))]  # "an attack | officials"
        start = tok
        for c in left:
            if c.i < start.i:
                start = c.left_edge  # "Eastmark-backed militants", "Russia's ministry"
        # Do not start inside a possessive pronoun's phrase ("its" -> keep), at punctuation or at a
        # clock time ("15:10 Russia's embassy ..." in a live blog).
        while start.i < tok.i and (start.is_punct or start.dep_ == "det" or start.like_num or ":" in start.text):
            start = self.doc[start.i + 1]
        end = tok
        for c in tok.rights:
            if c.dep_ == "prep" and (c.lower_ == "of" or c.lower_ in ("for", "at", "from") and tok.lemma_.casefold() in ROLE_NOUNS
                                     or c.lower_ == "in" and any(g.ent_type_ == "GPE" for g in c.children)):
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs and (objs[0].pos_ == "PROPN" or objs[0].lemma_.casefold() in ORG_NOUNS
                             or self._ent(objs[0]) is not None):
                    end = max(objs[0].subtree, key=lambda t: t.i)
            break
        words = [t for t in self.doc[start.i: end.i + 1]]
        return _strip_possessive(words)

    def _common(self, tok: Token) -> Mention | None:
        lemma = tok.lemma_.casefold()
        if lemma in ("statement", "post", "message", "communique", "release", "readout", "notice", "spokesperson"):
            # "a statement from/by the navy": the navy speaks.
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            return self.mention(g)
            # "a ministry statement", "the army's statement": the modifier speaks.
            for c in tok.children:
                if c.dep_ in ("compound", "poss") and c.pos_ in ("NOUN", "PROPN") and c.lemma_.casefold() not in NON_AGENT_NOUNS:
                    m = self.mention(c)
                    if m is not None:
                        return m
            return None
        if lemma in NON_AGENT_NOUNS or tok.text.casefold() in NON_AGENT_NOUNS:
            return None
        # Quantified or generic people are nobody in particular: "no Ukrainian body",
        # "each side", "experts", "a US official".
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "amod", "nummod")}
        if dets & QUANTIFIERS:
            return None
        if lemma in GENERIC_PEOPLE:
            return None
        if lemma in ROLE_NOUNS and dets & {"a", "an", "one", "another"} and not self._affiliation(tok) \
                and (lemma == "official" or any(t.lower_ in ANONYMITY for t in tok.sent)):
            return None  # "a US official, speaking on condition of anonymity": nobody on record
        words = self._phrase(tok)
        if not words:
            return None
        has_det = any(c.dep_ in ("det", "poss") for c in tok.children)
        nationality = any(c.dep_ == "amod" and self._ent(c) is not None and self._ent(c).label_ in ("NORP", "GPE") for c in tok.children) \
            or any(c.dep_ in ("poss", "compound") and self._ent(c) is not None and self._ent(c).label_ in ("GPE", "NORP") for c in tok.children)
        name = self._words(words)
        named_owner = any(c.dep_ in ("poss", "compound") and c.pos_ == "PROPN" and c.text[:1].isupper() for c in tok.children)
        if tok.dep_ == "compound" and not has_det and lemma in ORG_NOUNS and not nationality and not named_owner:
            has_det = True  # "an embassy statement": the embassy named before
        # Definite descriptions: "the ministry", "the Kremlin spokesman", "the mayor".
        if not named_owner and (has_det and not nationality or (lemma in _PERSONISH and tok.tag_ in ("NN", "NNP"))):
            ante = self._antecedent(tok, lemma)
            if ante is not None:
                return self._span_mention(words[0], words[-1], ante.name if isinstance(ante, Mention) else ante, ante.type if isinstance(ante, Mention) else "Person")
        if lemma in _PERSONISH and tok.tag_ == "NN":
            type_: EntityType = "Person"
        elif nationality and lemma not in ORG_NOUNS:
            type_ = "State"
        else:
            type_ = "Organization"
        return self._span_mention(words[0], words[-1], name, type_)

    def _affiliation(self, tok: Token) -> Token | None:
        """The named body in "a spokesman for/of X" (None when there is none)."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "at"):
                for g in c.children:
                    if g.dep_ == "pobj" and any(t.ent_type_ in ("ORG", "GPE", "NORP") or t.pos_ == "PROPN" for t in g.subtree):
                        return g
        return None

    def _antecedent(self, tok: Token, lemma: str) -> Mention | str | None:
        body = next((c for c in tok.children if c.dep_ in ("compound", "nmod", "amod") and c.lemma_.casefold() in ORG_NOUNS), None)
        if lemma in ("spokesman", "spokeswoman", "spokesperson") and body is not None:
            ante = self._antecedent(body, body.lemma_.casefold())
            if ante is not None:
                return ante  # "a ministry spokesman" speaks for the ministry named before
        if lemma in ROLE_NOUNS:
            best = None
            for i, role, name in self.roles():
                if i < tok.i and role == lemma:
                    best = name
            if best is not None:
                return best
            if lemma in ("president", "leader"):
                # "the Russian president" with no titled antecedent: the latest person subject.
                for i, m in reversed(self.subjects()):
                    if i < tok.i and m.type == "Person":
                        return m
            return None
        if lemma in ORG_NOUNS:
            for i, m in reversed(self.subjects()):
                if i < tok.i and m.type in ("Organization", "State") and lemma in m.name.casefold().split() and m.name.casefold() != lemma:
                    return m
            # Organisations named anywhere earlier ("of Russia's Ministry of Defence").
            for ent in reversed(self.index.ents):
                if ent.end <= tok.i and ent.label_ == "ORG" and lemma in ent.text.casefold().split():
                    head = ent.root
                    m = self._proper(head)
                    if m is not None and m.name.casefold() != lemma:
                        return m
            if lemma in ("command", "headquarters", "mission", "force", "forces"):
                # "US Forces Korea confirmed ... The command declined ...": the body just named.
                prev = self.doc[tok.sent.start - 1].sent.start if tok.sent.start > 0 else tok.sent.start
                for i, m in reversed(self.subjects()):
                    if i < tok.i and i >= prev and m.type != "Person" and len(m.name.split()) > 1:
                        return m
                    if i < prev:
                        break
        return None

    def _pronoun(self, tok: Token) -> Mention | None:
        low = tok.text.casefold()
        want_person = low in PERSON_PRONOUNS
        if not want_person and low not in GROUP_PRONOUNS and low not in ("its", "their"):
            return None
        # Prefer a subject in the same or the previous three sentences.
        sent_start = tok.sent.start
        floor = sent_start
        for _ in range(3):
            if floor == 0:
                break
            floor = self.doc[floor - 1].sent.start
        for i, m in reversed(self.subjects()):
            if i >= tok.i:
                continue
            if i < floor:
                break
            if want_person and m.type == "Person":
                return self._as(tok, m)
            if not want_person and m.type != "Person":
                return self._as(tok, m)
        if want_person:
            for ent in reversed(self.index.ents):
                if ent.end <= tok.i and ent.start >= floor and ent.label_ == "PERSON":
                    m = self._proper(ent.root)
                    if m is not None:
                        return self._as(tok, m)
        return None

    def _pronoun_person(self, tok: Token) -> Mention | None:
        """The person "his"/"her" refers to: the latest person subject before it."""
        for i, m in reversed(self.subjects()):
            if i < tok.i and m.type == "Person" and i >= tok.sent.start - 80:
                return m
        return None

    def _as(self, tok: Token, m: Mention) -> Mention:
        return Mention(tok.idx, tok.idx + len(tok.text), tok.text, m.name, m.type)


def is_media(m: Mention) -> bool:
    """Whether an agent is a news outlet (a source attribution, not a speaker of record)."""
    words = m.name.casefold().split()
    if not words:
        return False
    if m.name.casefold() in MEDIA_NAMES or words[0] in MEDIA_NAMES:
        return True
    if words[-1] in MEDIA_NOUNS or words[-1].rstrip("s") in MEDIA_NOUNS:
        return True
    return len(words) >= 2 and words[-2:] in (["news", "agency"], ["news", "service"], ["press", "service"]) and words[-2] == "news"
