"""Verdicts per WordNet sense and per word, from the WordNet hierarchy and the Lancaster
Sensorimotor Norms (see gen_classes.py for the codes)."""

import re

from gen_classes import (
    LEX_DEFAULT, NEUTRAL_ROLES, NONVISUAL, NOUN_LOOK, NOUN_ROOTS, PERSON_ROOTS, VERB_CLASS,
    VERB_LOOK,
)

# A nonvisual verdict yields to the norms when people rate the word this visual (and more
# visual than anything else): "night", "sunset".
VISUAL_VETO = 4.4
# An adjective with no WordNet verdict and this little visual or tactile strength describes
# no look ("refundable").
ABSTRACT_ADJECTIVE = 3.0
# Adjectives rated this visual describe a look, whatever their WordNet neighbours say.
CLEARLY_VISUAL = 3.8
# A concrete reading of a word rated this little visual is a rare one.
OBSCURE_VISUAL = 2.5
# How much more a concrete sense of a word counts than an abstract one ("racket": mostly a
# noise in prose, always the bat in a class list).
OBJECT_BOOST = 20.0
VISUAL_BOOST = 4.0
OBJECT_FILES = {"noun.artifact", "noun.animal", "noun.plant", "noun.food"}
# Catch-all class names and closed-class words: never a verdict of their own.
NEUTRAL_WORDS = {
    "other", "others", "another", "misc", "miscellaneous", "unknown", "background", "none",
    "negative", "positive", "default", "unlabeled", "unlabelled", "ignore", "neutral", "same",
    "different", "various", "general", "generic", "normal", "regular", "standard", "special",
    "typical", "real", "main", "extra", "spare", "whole", "total", "first", "second", "last",
    "next", "previous", "new", "old", "good", "bad", "class", "object", "thing", "item",
}
# Classes of an adjective that make "<adjective> <visual object>" non-visual ("stolen_bike",
# "expensive_watch"); a sense word does only when it is hardly visual ("loud", not "fresh").
MODIFIER_CODES = "JLFR"
OTHER_SENSE_MODIFIER = 2.5
OTHER_SENSES = ("Auditory", "Gustatory", "Olfactory", "Interoceptive")
SENSE_CODE = {"Auditory": "S", "Gustatory": "G", "Olfactory": "M"}
GLOSS_STOP = {
    "person", "someone", "one", "who", "whose", "that", "which", "with", "from", "for", "the",
    "and", "or", "of", "in", "on", "at", "to", "by", "as", "an", "a", "is", "are", "be", "has",
    "have", "especially", "usually", "often", "particular", "specific", "other", "another",
    "people", "something", "work", "works", "job", "occupation", "member", "kind", "type",
}


class Lancaster:
    def __init__(self, rows):
        self.rows = rows

    def get(self, word):
        return self.rows.get(word.replace("_", " "))


def morph(wn, word, pos):
    """Base forms of `word` as `pos`, WordNet's detachment rules plus its exception lists."""
    rules = {
        "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
              ("shes", "sh"), ("men", "man"), ("ies", "y")],
        "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
              ("ing", "e"), ("ing", "")],
        "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    }[pos]
    out = list(wn.exceptions.get((pos, word), []))
    for suffix, ending in rules:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            out.append(word[: len(word) - len(suffix)] + ending)
    return [w for w in dict.fromkeys(out) if (pos, w) in wn.index and w != word]


class Classifier:
    def __init__(self, wn, lancaster):
        self.wn, self.lan = wn, lancaster
        self.noun_roots = {wn.find(k).key: v for k, v in NOUN_ROOTS.items()}
        self.root_order = {wn.find(k).key: i for i, k in enumerate(NOUN_ROOTS)}
        self.person_roots = {wn.find(k).key: v for k, v in PERSON_ROOTS.items()}
        self.neutral_roles = {wn.find(k).key for k in NEUTRAL_ROLES}
        self.person = wn.find("person.n.01").key
        self.physical = wn.find("physical_entity.n.01").key
        self.memo = {}

    # --- senses -------------------------------------------------------------------------
    def sense(self, s):
        if s.key not in self.memo:
            self.memo[s.key] = "k"  # cycles (never in WordNet 3.0) resolve to no verdict
            if s.pos == "n":
                self.memo[s.key] = self._noun(s)
            elif s.pos == "v":
                self.memo[s.key] = VERB_CLASS.get(s.lexname, "k")
            else:
                self.memo[s.key] = self._adjective(s)
        return self.memo[s.key]

    def _nearest(self, chain, roots, order=None):
        best = None
        for s, depth in chain:
            if s.key in roots:
                rank = (depth, -(order or {}).get(s.key, 0))
                if best is None or rank < best[0]:
                    best = (rank, s.key)
        return best[1] if best else None

    def _noun(self, s):
        chain = [(s, 0)] + self.wn.ancestors(s)
        keys = {a.key for a, _ in chain}
        if self.wn.is_instance(s):
            return "P" if self.person in keys else "k"
        if self.person in keys:
            return self._role(s, chain)
        root = self._nearest(chain, self.noun_roots, self.root_order)
        cls = self.noun_roots[root] if root else "k"
        if cls == "k" and self.physical in keys:
            # A substance is also a "part" (a relation): what it is physically decides.
            return "v"
        if cls == "k":
            cls = LEX_DEFAULT.get(s.lexname, "k")
        return cls

    def _role(self, s, chain):
        order = {k: i for i, k in enumerate(self.person_roots)}
        root = self._nearest(chain, self.person_roots, order)
        if root in self.neutral_roles and self._look_evidence(s) < 0:
            return "r"
        return self.person_roots[root]

    def _look_evidence(self, s):
        score = 0
        for t in self.wn.pointers(s, "+"):
            score += (VERB_LOOK if t.pos == "v" else NOUN_LOOK).get(t.lexname, 0)
        gloss = re.split(r'[;"(]', s.gloss, maxsplit=1)[0]
        for word in re.findall(r"[a-z]{3,}", gloss.lower()):
            if word in GLOSS_STOP:
                continue
            for pos, table in (("n", NOUN_LOOK), ("v", VERB_LOOK)):
                bases = [word] if (pos, word) in self.wn.index else morph(self.wn, word, pos)
                if bases:
                    first = self.wn.senses(pos, bases[0])[0][0]
                    score += table.get(first.lexname, 0)
                    break
        return score

    def _adjective(self, s):
        if s.lexname == "adj.pert":
            for t in self.wn.pointers(s, "\\"):
                return self.sense(t)
        votes = []
        heads = [s] + ([] if s.pos == "a" else list(self.wn.pointers(s, "&"))[:1])
        for h in heads:
            votes += [self.sense(t) for t in self.wn.pointers(h, "=")]
        if any(v == "J" for v in votes):
            return "J"  # in the cluster of "good" or "bad": an evaluation, whatever it derives
        # Derived "-ness" nouns are abstract qualities whatever the adjective describes, so
        # only a derivation with a more telling class votes.
        votes += [c for c in map(self.sense, self.wn.pointers(s, "+", "<")) if c != "A"]
        votes = [v for v in votes if v not in "kpPrK"]
        if not votes and s.pos == "s":
            # A satellite with nothing of its own is like its head ("overpriced": "expensive").
            return next((self.sense(h) for h in heads[1:]), "k")
        if not votes:
            return "k"
        return max(dict.fromkeys(votes), key=votes.count)

    # --- words --------------------------------------------------------------------------
    def senses(self, word, pos):
        out = []
        for rank, (s, count) in enumerate(self.wn.senses(pos, word), start=1):
            proper = not any(w.lower() == word and w == w.lower() for w in map(_bare, s.words))
            cls = self.sense(s)
            if s.lexname in OBJECT_FILES:
                cls = "o"  # "drink", a serving: a quantity by its place in the hierarchy
            out.append((cls, count + 1.0 / rank, proper))
        return out

    def word(self, word):
        """(code, flags) for a lowercase, underscore-joined word or WordNet phrase."""
        code, flags = self._word(word)
        if code == "k":
            # "shoes" is a lemma of its own (a situation), but the plural of "shoe" in a list.
            for base in morph(self.wn, word, "n"):
                base_code, _ = self._word(base)
                if base_code != "k":
                    return base_code, flags
        return code, flags

    def _word(self, word):
        nouns, adjs = self.senses(word, "n"), self.senses(word, "a")
        common = [x for x in nouns + adjs if not x[2]]
        if not common and "_" not in word:
            # "gates": only Bill Gates as written, but the plural of "gate" in a class list.
            for base in morph(self.wn, word, "n"):
                nouns = self.senses(base, "n")
                common = [x for x in nouns if not x[2]]
                adjs = []
                if common:
                    break
        lan = self.lan.get(word)
        flags = ""
        if common or lan:
            flags += "c"
        if any(c in "prK" for c, _, _ in nouns):
            flags += "h"
        if any(self._place_or_people(s) for s, _ in self.wn.senses("n", word)):
            flags += "l"
        noun_weight = sum(w for _, w, _ in nouns)
        adj_weight = sum(w for _, w, _ in adjs)
        # "remote" is mostly an adjective, but the control in a class list: a noun for an
        # object wins.
        object_noun = any(c == "o" for c, _, _ in nouns)
        if adjs and adj_weight >= noun_weight and not object_noun:
            flags += "a"
        if word in NEUTRAL_WORDS:
            return "k", flags
        if lan and not nouns and not adjs and "_" not in word:
            # Only the norms know it ("refundable"): judge it as an adjective.
            code, modifier = self._adjective_word([], lan, word)
            return code, flags + "a" + ("m" if modifier else "")
        if "a" in flags:
            code, modifier = self._adjective_word(adjs, lan, word)
            noun = self._aggregate(nouns, 0.25)
            if code in "kX" and noun in NONVISUAL:
                code = noun  # "thirteen": a number more than a description
            return code, flags + ("m" if modifier else "")
        code = self._aggregate(nouns + adjs, 0.25)
        # People rate "honesty" hardly visual, and WordNet never saw its plant sense in use
        # (weight below 1: no tag count): the word's main sense decides.
        tagged = lambda x: x[1] > 1  # noqa: E731
        if (
            code == "v"
            and lan
            and lan["Visual"] < OBSCURE_VISUAL
            and nouns
            and nouns[0][0] in NONVISUAL
            and tagged(nouns[0])
            and not any(tagged(x) for x in nouns + adjs if x[0] in "ovp")
        ):
            code = self._aggregate([x for x in nouns + adjs if x[0] not in "ovp"], 0.25)
        if code in NONVISUAL and _touchable(lan):
            code = "v"
        return self._veto(code, lan), flags

    def _place_or_people(self, s):
        """A proper noun for a place, a language or a people ("Brittany", "German"): such a
        word is not a personal name even when people are named so."""
        proper = all(w[:1].isupper() for w in map(_bare, s.words))
        kinds = {"noun.location", "noun.communication"}
        people = s.lexname == "noun.person" and not self.wn.is_instance(s)
        return proper and (s.lexname in kinds or people)

    def _aggregate(self, senses, unknown_weight):
        """The verdict of a word's senses. Class lists name concrete things: a sense that names
        an object (`o`: an artifact, animal, plant or food) counts OBJECT_BOOST times, another
        concrete sense VISUAL_BOOST times, and either outranks every person sense ("speaker",
        "crane"). Unknown senses count `unknown_weight` against the others."""
        by = {}
        for cls, weight, _ in senses:
            by[cls] = by.get(cls, 0.0) + weight
        objects, visual, person = by.pop("o", 0.0), by.pop("v", 0.0), by.get("p", 0.0)
        unknown = by.pop("k", 0.0) * unknown_weight
        if objects or visual:
            for c in "prKP":
                by.pop(c, None)
        nonvisual = sum(w for c, w in by.items() if c in NONVISUAL)
        seen = objects * OBJECT_BOOST + (visual + by.get("p", 0.0)) * VISUAL_BOOST
        if seen > 0 and seen >= max(nonvisual, unknown):
            if objects or visual or person >= max(by.get(c, 0.0) for c in "rKP"):
                return "v" if objects + visual >= person else "p"
        if not by or sum(by.values()) < unknown:
            return "k"
        return max(sorted(by), key=lambda c: (by[c], c))

    def _veto(self, code, lan):
        if lan and code in NONVISUAL:
            vis = lan["Visual"]
            if vis >= VISUAL_VETO and vis >= max(lan[k] for k in OTHER_SENSES):
                return "v"
        return code

    def _adjective_word(self, senses, lan, word=None):
        """Adjectives: WordNet's sense frequencies come from prose, where "icy" is mostly a
        manner; the norms say what the word looks like, so they speak first. Returns the
        verdict and whether the word, as a modifier, makes a visual object non-visual."""
        # "-ness" qualities say little about the look of what an adjective describes.
        strict = [("k" if c == "A" else c, w, p) for c, w, p in senses]
        every_sense_nonvisual = all(c in NONVISUAL for c, _, _ in strict)
        vis = lan["Visual"] if lan else None
        if lan:
            top = max(OTHER_SENSES, key=lambda k: lan[k])
            if top in SENSE_CODE and lan[top] >= 3.5 and lan[top] > vis:
                return SENSE_CODE[top], vis < OTHER_SENSE_MODIFIER
            seen = max(vis, lan["Haptic"]) >= max(lan[k] for k in OTHER_SENSES)
            if seen and (vis >= CLEARLY_VISUAL or vis >= 3.5 and not every_sense_nonvisual):
                return "v", False
        code = self._aggregate(strict, 1.0)
        if code == "k" and word:
            code = self.participle(word)
            if code == "v":
                return code, False
        modifier = code in MODIFIER_CODES or (
            code in SENSE_CODE.values() and (vis or 0.0) < OTHER_SENSE_MODIFIER
        )
        if code == "k" and (vis is None or vis < 3.5):
            code = self._aggregate(senses, 1.0)
        if code == "k" and lan and max(vis, lan["Haptic"]) < ABSTRACT_ADJECTIVE:
            code = "X"
        return self._veto(code, lan), modifier

    def verb(self, word):
        """The verdict of a verb's senses, for its participle used as a modifier: `v` or a
        non-visual class when 60% of the sense weight agrees, else `k`."""
        total, by = 0.0, {}
        for rank, (s, count) in enumerate(self.wn.senses("v", word), start=1):
            weight = count + 1.0 / rank
            total += weight
            cls = self.sense(s)
            by[cls] = by.get(cls, 0.0) + weight
        best = max(sorted(by), key=lambda c: by[c]) if by else "k"
        return best if best != "k" and by[best] >= 0.6 * total else "k"

    def participle(self, word):
        """What a past participle ("torn", "stolen", "certified") says through its verb."""
        if not (word.endswith(("ed", "en")) or ("v", word) in self.wn.exceptions):
            return "k"
        verdicts = {self.verb(base) for base in morph(self.wn, word, "v")} - {"k"}
        return verdicts.pop() if len(verdicts) == 1 else "k"


def _touchable(lan):
    """People see and handle it: the norms' sense of a word with a concrete reading."""
    return bool(lan) and lan["Visual"] >= 3.8 and lan["Haptic"] >= 2.2


def _bare(word):
    return word.split("(", 1)[0]
