#!/usr/bin/python3
"""Generates a synthetic Arabic news corpus for the store benchmark.

usage: gen_corpus.py --articles N --out FILE.jsonl [--seed S]
                     [--lexicon-dir lexicon] [--samples samples]

Each article recombines real sentence structures: the sentences of
samples/*.txt (split on . ؟ ! and line breaks) are templates in which every
surface form of a lexicon entity (its Arabic and Latin aliases, matched as
whole words, longest first, with an optional Arabic proclitic) becomes a slot
of that entity's kind. An article draws 8-20 templates (those with a slot are
preferred) and fills each slot with an alias of an entity of the same kind,
drawn from a Zipf-like distribution (exponent 1.1) over a seeded ranking of
the lexicon's entities of that kind, so a few entities are everywhere and
most are rare. Within an article one original entity always becomes the same
replacement, so the article stays coherent.

Output: JSON Lines, {"id": "gen-000001", "date": "2025-MM-DD", "text": ...}.
Article n depends only on the seed, the inputs and n: any prefix of a bigger
corpus equals a smaller corpus made with the same seed.
"""

import argparse
import bisect
import datetime
import glob
import itertools
import json
import os
import random
import re
import sys

ZIPF_EXPONENT = 1.1
MIN_SENTENCES, MAX_SENTENCES = 8, 20
SLOT_TEMPLATE_WEIGHT = 4.0  # a template with an entity is this much likelier

# Length-preserving folding for matching only: ASCII case, alef and hamza
# seats, alef maqsura, taa marbuta. Spans in the folded text are spans in
# the original.
_FOLD = str.maketrans({
    **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه",
})
_ARABIC = re.compile("[\u0600-\u06ff]")
# Sentence ends: a run of . ؟ ! ? followed by white space or the end of the
# line (so "2.5" stays whole); line breaks end sentences too.
_SENTENCE_END = re.compile(r"(?<=[.؟!?])\s+")


def fold(s):
    return s.translate(_FOLD)


def load_lexicon(lexicon_dir):
    """Entities by id ({"kind", "aliases"}); later files win, as in Lexicon."""
    entities = {}
    for path in sorted(glob.glob(os.path.join(lexicon_dir, "*.json"))):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        for e in data.get("entities", []):
            aliases = list(dict.fromkeys([e["label"]] + e.get("aliases", [])))
            entities[e["id"]] = {"kind": e["kind"], "aliases": aliases}
    if not entities:
        sys.exit(f"gen_corpus: no entities in {lexicon_dir}/*.json")
    return entities


def split_sentences(text):
    out = []
    for line in text.splitlines():
        for s in _SENTENCE_END.split(line):
            s = s.strip()
            if s:
                out.append(s)
    return out


def build_matcher(entities):
    """A regex finding aliases as whole words, and folded alias -> entity id."""
    owner = {}
    for eid, e in entities.items():
        for a in e["aliases"]:
            owner.setdefault(fold(a), eid)  # the first claimant keeps an alias
    alternatives = sorted(owner, key=lambda a: (-len(a), a))
    # Lazy proclitics: the bare word is tried first, so "واشنطن" stays one
    # alias rather than و + something.
    pattern = (r"(?<!\w)(?P<clitic>[وف]??(?:لل|[بلك])??)"
               r"(?P<alias>" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")
    return re.compile(pattern), owner


def parse_template(sentence, matcher, owner, entities):
    """A sentence as literal strings and slots (original id, kind, Arabic?,
    proclitic)."""
    parts, pos = [], 0
    for m in matcher.finditer(fold(sentence)):
        begin, end = m.start("alias"), m.end("alias")
        parts.append(sentence[pos:m.start()])
        eid = owner[m.group("alias")]
        surface = sentence[begin:end]
        parts.append((eid, entities[eid]["kind"], bool(_ARABIC.search(surface)),
                      sentence[m.start():begin]))
        pos = end
    parts.append(sentence[pos:])
    if sentence.rstrip()[-1:] not in ".؟!?:":
        parts[-1] += "."  # a headline or a line without a stop
    return parts


def attach(clitic, alias):
    """Proclitic + alias as Arabic writes it: ل + ال is لل, لل needs ال."""
    if clitic.endswith("لل"):
        return clitic + alias[2:] if alias.startswith("ال") else clitic[:-1] + alias
    if clitic.endswith("ل") and alias.startswith("ال"):
        return clitic + alias[1:]
    return clitic + alias


class Corpus:
    def __init__(self, seed, lexicon_dir, samples_dir):
        self.seed = seed
        self.entities = load_lexicon(lexicon_dir)
        matcher, owner = build_matcher(self.entities)
        files = sorted(glob.glob(os.path.join(samples_dir, "*.txt")))
        if not files:
            sys.exit(f"gen_corpus: no .txt files in {samples_dir}")
        self.templates = []
        for path in files:
            with open(path, encoding="utf-8") as f:
                for s in split_sentences(f.read()):
                    self.templates.append(parse_template(s, matcher, owner, self.entities))
        weights = [SLOT_TEMPLATE_WEIGHT if any(isinstance(p, tuple) for p in t) else 1.0
                   for t in self.templates]
        self.template_cum = list(itertools.accumulate(weights))

        # Per kind: a seeded ranking of the entities and the Zipf weights of
        # the ranks; per entity: its aliases by script.
        rng = random.Random(f"gen_corpus:{seed}:ranking")
        self.by_kind = {}
        for kind in sorted({e["kind"] for e in self.entities.values()}):
            ids = sorted(eid for eid, e in self.entities.items() if e["kind"] == kind)
            rng.shuffle(ids)
            cum = list(itertools.accumulate(1.0 / (r + 1) ** ZIPF_EXPONENT
                                            for r in range(len(ids))))
            self.by_kind[kind] = (ids, cum)
        self.aliases = {}
        for eid, e in self.entities.items():
            arabic = [a for a in e["aliases"] if _ARABIC.search(a)]
            latin = [a for a in e["aliases"] if not _ARABIC.search(a)]
            self.aliases[eid] = (arabic or latin, latin or arabic)

    def stats(self):
        slots = sum(1 for t in self.templates for p in t if isinstance(p, tuple))
        with_slot = sum(1 for t in self.templates if any(isinstance(p, tuple) for p in t))
        return len(self.templates), with_slot, slots

    def article(self, n):
        """Article number n (1-based), a function of the seed and n only."""
        rng = random.Random(f"gen_corpus:{self.seed}:{n}")
        count = rng.randint(MIN_SENTENCES, MAX_SENTENCES)
        picks = rng.choices(self.templates, cum_weights=self.template_cum, k=count)
        replacement = {}  # original entity -> drawn entity, for this article
        sentences = []
        for template in picks:
            out = []
            for part in template:
                if not isinstance(part, tuple):
                    out.append(part)
                    continue
                eid, kind, arabic, clitic = part
                new = replacement.get(eid)
                if new is None:
                    ids, cum = self.by_kind[kind]
                    new = ids[bisect.bisect_left(cum, rng.random() * cum[-1])]
                    replacement[eid] = new
                alias = rng.choice(self.aliases[new][0 if arabic else 1])
                out.append(attach(clitic, alias))
            sentences.append("".join(out))
        # Paragraphs of one to three sentences, one a line.
        lines, i = [], 0
        while i < len(sentences):
            k = rng.randint(1, 3)
            lines.append(" ".join(sentences[i:i + k]))
            i += k
        date = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        return {"id": f"gen-{n:06d}", "date": date.isoformat(), "text": "\n".join(lines)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--lexicon-dir", default="lexicon")
    ap.add_argument("--samples", default="samples")
    args = ap.parse_args()
    corpus = Corpus(args.seed, args.lexicon_dir, args.samples)
    templates, with_slot, slots = corpus.stats()
    tmp = args.out + ".tmp"
    size = 0
    with open(tmp, "w", encoding="utf-8") as f:
        for n in range(1, args.articles + 1):
            line = json.dumps(corpus.article(n), ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            f.write(line)
    os.replace(tmp, args.out)
    print(f"gen_corpus: {args.articles} articles, {size / 1e6:.1f} MB -> {args.out} "
          f"(seed {args.seed}; {templates} templates, {with_slot} with entities, "
          f"{slots} slots; {len(corpus.entities)} entities)", file=sys.stderr)


if __name__ == "__main__":
    main()
