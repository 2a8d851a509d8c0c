"""Reads the WordNet 3.0 database files (as shipped by Debian's `wordnet-base`)."""

import os

NOUN_LEX = (
    "noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body noun.cognition "
    "noun.communication noun.event noun.feeling noun.food noun.group noun.location noun.motive "
    "noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process "
    "noun.quantity noun.relation noun.shape noun.state noun.substance noun.time"
).split()
ADJ_LEX = {0: "adj.all", 1: "adj.pert", 44: "adj.ppl"}
VERB_LEX = (
    "verb.body verb.change verb.cognition verb.communication verb.competition "
    "verb.consumption verb.contact verb.creation verb.emotion verb.motion verb.perception "
    "verb.possession verb.social verb.stative verb.weather"
).split()


def lexname(lex):
    if 3 <= lex <= 28:
        return NOUN_LEX[lex - 3]
    if 29 <= lex <= 43:
        return VERB_LEX[lex - 29]
    return ADJ_LEX.get(lex, "other")


class Synset:
    __slots__ = ("off", "pos", "lex", "words", "ptrs", "gloss", "key")

    def __init__(self, line):
        data, _, gloss = line.partition(" | ")
        t = data.split()
        self.off, self.lex, self.pos = t[0], int(t[1]), t[2]
        n, i = int(t[3], 16), 4
        self.words = []
        for _ in range(n):
            self.words.append(t[i])
            i += 2
        count, i = int(t[i]), i + 1
        self.ptrs = []
        for _ in range(count):
            self.ptrs.append((t[i], t[i + 1], t[i + 2]))
            i += 4
        self.gloss = gloss.strip()
        self.key = (self.pos if self.pos != "s" else "a", self.off)

    @property
    def lexname(self):
        return lexname(self.lex)

    @property
    def name(self):
        return strip_marker(self.words[0])


def strip_marker(word):
    """Adjective lemmas may carry a syntactic marker: `big(a)`, `galore(ip)`."""
    return word.split("(", 1)[0]


class WordNet:
    """Synsets by (pos, offset), index entries by (pos, lemma), tag counts by sense."""

    def __init__(self, folder):
        self.folder = folder
        self.synsets = {}
        for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj")):
            for line in self._lines("data." + name):
                s = Synset(line)
                self.synsets[s.key] = s
        self.index = {}
        for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj")):
            for line in self._lines("index." + name):
                t = line.split()
                ptr_count = int(t[3])
                self.index[(pos, t[0])] = t[4 + ptr_count + 2 :]
        self.counts = {}
        for line in self._lines("cntlist.rev"):
            key, sense, count = line.split()
            lemma, _, rest = key.partition("%")
            pos = {"1": "n", "2": "v", "3": "a", "5": "a"}.get(rest[0])
            if pos:
                self.counts[(pos, lemma, int(sense))] = int(count)
        self.exceptions = {}
        for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj")):
            for line in self._lines(name + ".exc"):
                t = line.split()
                self.exceptions.setdefault((pos, t[0]), []).extend(t[1:])

    def _lines(self, name):
        with open(os.path.join(self.folder, name), encoding="latin-1") as f:
            for line in f:
                if not line.startswith("  "):
                    yield line.rstrip("\n")

    def senses(self, pos, lemma):
        """Synsets of `lemma` in WordNet's sense order, with their tag counts."""
        out = []
        for rank, off in enumerate(self.index.get((pos, lemma), ()), start=1):
            out.append((self.synsets[(pos, off)], self.counts.get((pos, lemma, rank), 0)))
        return out

    def pointers(self, synset, *symbols):
        for sym, off, pos in synset.ptrs:
            target = self.synsets.get(("a" if pos == "s" else pos, off))
            if sym in symbols and target is not None:  # adverbs are not read
                yield target

    def hypernyms(self, synset):
        return list(self.pointers(synset, "@", "@i"))

    def is_instance(self, synset):
        return any(sym == "@i" for sym, _, _ in synset.ptrs)

    def ancestors(self, synset):
        """Every hypernym (and instance hypernym) with its distance, nearest first."""
        seen, frontier, out, depth = {synset.key}, [synset], [], 0
        while frontier:
            depth += 1
            nxt = []
            for s in frontier:
                for h in self.hypernyms(s):
                    if h.key not in seen:
                        seen.add(h.key)
                        out.append((h, depth))
                        nxt.append(h)
            frontier = nxt
        return out

    def find(self, spec):
        """A synset by its NLTK-style name, e.g. `person.n.01`."""
        lemma, pos, num = spec.rsplit(".", 2)
        return self.synsets[(pos, self.index[(pos, lemma)][int(num) - 1])]
