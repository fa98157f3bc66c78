"""Need, wish, request, complaint and pain-point statements, found with spaCy Matcher rules.

Works on a blank English pipeline (tokenizer, sentencizer, lookup lemmatizer): rules use
LOWER, LEMMA, regular expressions and two token flags set here — ``_.fs_aspect`` (a content
word that WordNet lists as a noun and not as an adjective, or an unknown word such as "wifi")
and ``_.fs_negative`` (a word with VADER valence <= -1.4). Each sentence yields at most one
statement, of the first kind that matches in ``KIND_PRIORITY``.

>>> [(s.kind, s.cue) for s in extract_needs(["Please add more legroom. The wifi was awful!"])]
[('request', 'Please add'), ('complaint', 'wifi was awful')]
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Sequence

import numpy as np

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from .keywords import clean_token, rank_distinctive, text_lemmas

__all__ = ["NeedStatement", "Group", "extract_needs", "group_statements", "rank_groups", "build_matcher",
           "need_phrase", "statement_phrase",
           "KINDS", "KIND_PRIORITY"]

KINDS = ("need", "wish", "request", "complaint", "pain")
# Explicit forms beat generic ones when one sentence matches several rules.
KIND_PRIORITY = ("request", "wish", "need", "pain", "complaint")
NEGATIVE_VALENCE = -1.4
_BATCH = 256


@dataclass(frozen=True)
class NeedStatement:
    """One statement of need or pain, located in the input."""

    text_index: int
    sentence: str
    kind: str
    cue: str
    rule: str
    aspect: str | None
    start_char: int
    end_char: int

    def to_dict(self) -> dict:
        return asdict(self)


def extract_needs(texts: list[str], nlp: Language | None = None) -> list[NeedStatement]:
    """Statements of need/wish/request/complaint/pain in ``texts``, in text then sentence order.

    ``nlp`` may be any English pipeline that sets sentence boundaries; by default a blank
    English pipeline with a sentencizer and lookup lemmatizer is used.
    """
    nlp = nlp or _default_nlp()
    _register_extensions()
    matcher = build_matcher(nlp.vocab)
    out: list[NeedStatement] = []
    docs = nlp.pipe(((t if isinstance(t, str) else "", i) for i, t in enumerate(texts)),
                    as_tuples=True, batch_size=_BATCH)
    for doc, index in docs:
        out.extend(_statements(doc, index, matcher))
    return out


@lru_cache(maxsize=8)
def _matcher_for(vocab) -> Matcher:
    matcher = Matcher(vocab)
    for kind, rules in RULES.items():
        for name, patterns in rules.items():
            matcher.add(f"{kind}:{name}", patterns)
    return matcher


def build_matcher(vocab) -> Matcher:
    """The Matcher with every rule of ``needs_rules.RULES``; match ids read ``kind:rule``."""
    _register_extensions()
    return _matcher_for(vocab)


def _statements(doc: Doc, index: int, matcher: Matcher) -> list[NeedStatement]:
    best: dict[int, tuple[int, int, Span, str, str]] = {}  # sentence start -> best match
    for match_id, start, end in matcher(doc):
        kind, rule = doc.vocab.strings[match_id].split(":", 1)
        span = doc[start:end]
        sent = span.sent
        rank = (KIND_PRIORITY.index(kind), -(end - start))
        prev = best.get(sent.start)
        if prev is None or rank < prev[:2]:
            best[sent.start] = (*rank, span, kind, rule)
    found = []
    for _, _, span, kind, rule in sorted(best.values(), key=lambda b: b[2].start):
        sent = span.sent
        found.append(NeedStatement(
            text_index=index,
            sentence=sent.text.strip(),
            kind=kind,
            cue=span.text,
            rule=rule,
            aspect=_aspect(span, kind),
            start_char=sent.start_char,
            end_char=sent.end_char,
        ))
    return found


def _aspect(span: Span, kind: str) -> str | None:
    """The aspect: for complaints the aspect word inside the cue, else the first one after it.

    Two aspect words in a row make one aspect ("customer service").
    """
    doc, sent = span.doc, span.sent
    if kind in ("complaint", "pain"):
        candidates = list(span) + list(doc[span.end: min(sent.end, span.end + 6)])
    else:
        candidates = list(doc[span.end: min(sent.end, span.end + 6)])
    for tok in candidates:
        if tok.is_punct and tok.text in ".!?;":
            break
        if tok._.fs_aspect:
            nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
            words = [_norm(tok)] + ([_norm(nxt)] if nxt is not None and nxt._.fs_aspect else [])
            return " ".join(words)
    return None


def _norm(token: Token) -> str:
    # "Cancelled Flightled" / "Late Flight" are artifacts of the airline-tweet corpus.
    lower = token.lower_
    if lower.startswith("flight") and lower.endswith("ed"):
        return "flight"
    if lower in _lexicons()[0]:
        return lower  # a noun as written: the lookup table lemmatises "crew" as the verb "crow"
    return (token.lemma_ or lower).lower()


@lru_cache(maxsize=1)
def _lexicons() -> tuple[frozenset, frozenset, frozenset, frozenset]:
    from spacy.lookups import load_lookups
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    index = load_lookups("en", ["lemma_index"]).get_table("lemma_index")
    nouns, adjs = frozenset(index["noun"]), frozenset(index["adj"]) | frozenset(index["adv"])
    verbs = frozenset(index["verb"])
    lexicon = SentimentIntensityAnalyzer().lexicon
    negative = frozenset(w for w, v in lexicon.items() if v <= NEGATIVE_VALENCE and w.isalpha())
    negative_adj = frozenset(w for w in negative if w in index["adj"])
    return nouns - adjs - NOT_ASPECT, nouns | adjs | verbs, negative, negative_adj


def _is_aspect(token: Token) -> bool:
    if not token.is_alpha or len(token) < 3 or token.lower_ in STOP_WORDS or token.lower_ in NOT_ASPECT:
        return False
    nouns, known = _lexicons()[:2]
    lemma = (token.lemma_ or token.lower_).lower()
    return lemma in nouns or token.lower_ in nouns or (lemma not in known and token.lower_ not in known)


def _is_negative(token: Token) -> bool:
    return token.lower_ in _lexicons()[2]


def _is_negative_adj(token: Token) -> bool:
    return token.lower_ in _lexicons()[3]


def _register_extensions() -> None:
    if not Token.has_extension("fs_aspect"):
        Token.set_extension("fs_aspect", getter=_is_aspect)
    if not Token.has_extension("fs_negative"):
        Token.set_extension("fs_negative", getter=_is_negative)
    if not Token.has_extension("fs_negative_adj"):
        Token.set_extension("fs_negative_adj", getter=_is_negative_adj)


@lru_cache(maxsize=1)
def _default_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


# --- grouping ----------------------------------------------------------------------------
@dataclass
class Group:
    """Similar statements: ``members`` index the list given to ``group_statements``."""

    id: int
    label: str
    top_words: list[str]
    kind: str
    aspect: str | None
    members: list[int]
    quotes: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)

    def to_dict(self) -> dict:
        return {**asdict(self), "size": self.size}


def group_statements(statements: Sequence[NeedStatement], vectors: np.ndarray, seed: int = 0,
                     distance_threshold: float = 0.5, max_quotes: int = 3) -> list[Group]:
    """Cluster statements by their sentence embeddings (average-linkage agglomerative, cosine).

    ``vectors`` holds one L2-normalised embedding per statement (of ``statement.sentence``).
    Clusters are cut at ``distance_threshold`` (cosine distance); the algorithm is
    deterministic, ``seed`` only orders ties. Groups come largest first; each is labelled by
    a readable phrase (:func:`need_phrase`: the cue clause of a central statement), keeps its
    distinctive words (the keyword ranking of :mod:`.keywords`, against the other groups) and quotes
    its statements closest to the group centroid. Memory grows with n², so keep n to a few thousand per call.
    """
    from sklearn.cluster import AgglomerativeClustering

    vectors = np.asarray(vectors, dtype=np.float32)
    if len(vectors) != len(statements):
        raise ValueError(f"{len(statements)} statements but {len(vectors)} vectors")
    if not statements:
        return []
    if len(statements) == 1:
        labels = np.zeros(1, dtype=int)
    else:
        labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                         distance_threshold=distance_threshold).fit_predict(vectors)
    clusters = sorted({int(c) for c in labels}, key=lambda c: (-(labels == c).sum(), c))
    members = [np.flatnonzero(labels == c).tolist() for c in clusters]
    sentences = [s.sentence for s in statements]
    tokens = text_lemmas([_NOISE.sub(" ", t) for t in sentences])
    group_of = np.empty(len(statements), dtype=int)
    for gid, idx in enumerate(members):
        group_of[idx] = gid
    words = rank_distinctive(tokens, group_of.tolist(), top_n=5, min_docs=1, min_doc_share=0.0,
                             min_lift=1.0, clean=clean_token)
    groups = []
    for gid, idx in enumerate(members):
        centroid = vectors[idx].mean(axis=0)
        order = sorted(idx, key=lambda i: (-float(vectors[i] @ centroid), i))
        quotes = list(dict.fromkeys(statements[i].sentence for i in order))[:max_quotes]
        kind = Counter(statements[i].kind for i in idx).most_common(1)[0][0]
        aspects = Counter(statements[i].aspect for i in idx if statements[i].aspect)
        aspect = aspects.most_common(1)[0][0] if aspects else None
        top = [w for w, _ in words.get(gid, [])]
        label = need_phrase([statements[i] for i in order], top) or (aspect or kind)
        groups.append(Group(gid, label, top, kind, aspect, idx, quotes))
    return groups


_CLAUSE = re.compile(r"\s*(?:[,;:!?.…()\[\]\"“”]+|\s[-–—]+\s|\bbut\b|\band then\b)\s*", re.I)
_LEADING = re.compile(r"^(?:and|so|then|but|also|because|plus|just|oh|well|ok|okay|yes|no|hey|hi|rt)\b\s*", re.I)
MAX_PHRASE_WORDS = 9
MIN_PHRASE_WORDS = 2
PHRASE_CANDIDATES = 15


def statement_phrase(statement: NeedStatement) -> str:
    """The clause of a statement's sentence that holds its cue, cleaned and at most 9 words.

    Handles, links and ``#`` go; a long clause keeps a window of words around the cue.
    """
    text = re.sub(r"\s+", " ", _NOISE.sub(" ", statement.sentence)).strip()
    cue = re.sub(r"\s+", " ", _NOISE.sub(" ", statement.cue)).strip()
    at = text.lower().find(cue.lower()) if cue else -1
    clause, pos = text, 0
    for part in _CLAUSE.split(text):
        start = text.find(part, pos)
        pos = max(pos, start + len(part)) if start >= 0 else pos
        if part.strip() and (at < 0 or start <= at < start + len(part) or cue.lower() in part.lower()):
            clause = part
            break
    clause = _LEADING.sub("", clause.strip(" -–—'\""))
    words = clause.split()
    if len(words) > MAX_PHRASE_WORDS:
        cue_at = next((i for i in range(len(words)) if " ".join(words[i:]).lower().startswith(
            cue.lower().split(" ")[0])), 0) if cue else 0
        begin = max(0, cue_at - 2)
        joints = [i + 1 for i in range(begin, cue_at) if words[i].lower() in ("and", "or", "so", "because")]
        begin = joints[-1] if joints else begin
        words = words[begin:begin + MAX_PHRASE_WORDS]
    return " ".join(words)


def need_phrase(statements: Sequence[NeedStatement], top_words: Sequence[str] = ()) -> str:
    """A readable label for a group: the cue clause of one of its most central statements.

    ``statements`` come most central first. Among the first few whose clause has 2–9 words,
    the one that uses most of the group's distinctive ``top_words`` wins (then centrality).
    """
    keys = list(top_words)[:5]
    best, best_score = "", None
    for rank, st in enumerate(statements[:PHRASE_CANDIDATES]):
        phrase = statement_phrase(st)
        n = len(phrase.split())
        if not MIN_PHRASE_WORDS <= n <= MAX_PHRASE_WORDS:
            continue
        lemmas = set(text_lemmas([phrase])[0])
        score = (sum(k in lemmas or k in phrase.lower() for k in keys), -rank)
        if best_score is None or score > best_score:
            best, best_score = phrase, score
    if not best and statements:
        best = statement_phrase(statements[0])
    return best[:1].upper() + best[1:] if best else ""


def rank_groups(groups: Sequence[Group], statements: Sequence[NeedStatement],
                person_of_text: Sequence[str], people: Sequence[str] | None = None) -> list[dict]:
    """Rank groups by the share of ``people`` (default: everyone in ``person_of_text``) who voice them.

    ``person_of_text[i]`` is the person who wrote text ``i`` (``statement.text_index``).
    Each row: group id, label, kind, people (count), share, statements (count), quotes.
    """
    base = set(people) if people is not None else set(person_of_text)
    rows = []
    for g in groups:
        who = {person_of_text[statements[i].text_index] for i in g.members} & base
        rows.append({"group": g.id, "label": g.label, "kind": g.kind, "aspect": g.aspect,
                     "people": len(who), "share": len(who) / len(base) if base else 0.0,
                     "statements": g.size, "quotes": g.quotes})
    return sorted(rows, key=lambda r: (-r["share"], -r["statements"], r["group"]))


_NOISE = re.compile(r"(@\w+|https?://\S+|&amp;|#)")


# --- rules -------------------------------------------------------------------------------
# Token-pattern shorthands.
def _w(*words: str) -> dict:
    return {"LOWER": {"IN": list(words)}}


def _re(pattern: str) -> dict:
    return {"LOWER": {"REGEX": pattern}}


_OPT = {"OP": "?"}
_ANY_OPT = {"IS_ALPHA": True, "OP": "?"}
_ASPECT = {"_": {"fs_aspect": True}}
_NEG = {"_": {"fs_negative": True}}
_NEG_ADJ = {"_": {"fs_negative_adj": True}}
_INTENS = {"LOWER": {"IN": ["so", "very", "really", "extremely", "super", "absolutely", "totally",
                            "completely", "just", "always", "still", "too", "beyond", "incredibly"]},
           "OP": "*"}
_BE = _w("is", "was", "are", "were", "be", "been", "'s", "s", "being", "seems", "looks", "feels")
_I = _w("i", "we", "me", "us", "my", "our", "you", "u", "it", "they", "he", "she", "this", "that")
_CANT = [_w("ca", "can", "could", "cannot"), _w("n't", "not", "nt", "n’t")]
_NEG_AUX = [_w("wo", "does", "do", "would", "did", "will", "is", "does", "wouldn", "doesn", "didn", "isn", "won"),
            _w("n't", "not", "nt", "n’t", "t")]
_NOT_PLEASANTRY = {"LOWER": {"NOT_IN": ["wait", "thank", "believe", "stop", "complain", "say",
                                        "express", "ask", "imagine", "beat", "tell", "describe"]}}
_OBJ = _w("me", "us", "my", "our", "it", "this", "the", "a", "an", "ur", "your", "more", "some", "back", "up", "together")
_HELPVERB = _re(r"^(add|fix|bring|help|make|get|give|let|send|change|allow|offer|provide|update|"
                r"consider|improve|stop|start|put|call|dm|respond|reply|answer|look|check|refund|"
                r"rebook|find|tell|explain|contact|assist|resolve|reimburse|compensate|return)$")

# Words that WordNet lists as nouns but that never name a product aspect here.
NOT_ASPECT = frozenset("""thing things lot way time day today tonight tomorrow yesterday week hour
hours minute minutes people guy guys one ones someone anyone everyone nobody something anything
nothing everything reason problem issue issues fact help thanks thank please sorry hope wish need
love dont im ive youre cant wont http https amp rt let get go make take give want try say see know keep
put fly flying""".split())

RULES: dict[str, dict[str, list[list[dict]]]] = {
    "wish": {
        "i_wish": [[_w("i", "we"), _w("wish", "wished")], [_w("wish"), _w("you", "u", "they", "there", "it")]],
        "would_be_good_if": [[_w("would", "'d", "d"), {"LOWER": "be"}, _INTENS,
                              _w("great", "nice", "awesome", "good", "better", "helpful", "lovely", "cool",
                                 "amazing", "ideal", "fantastic", "wonderful"),
                              _w("if", "to", "for")]],
        "would_love": [[_w("i", "we"), _w("would", "'d", "d"), _w("love", "like", "appreciate", "prefer")],
                       [{"IS_SENT_START": True, "LOWER": "would"}, _w("love", "like", "appreciate", "prefer")],
                       [_w("i'd", "we'd", "id"), _w("love", "like", "appreciate", "prefer")]],
        "hope_you": [[_w("hope", "hoping", "hopefully"), _w("you", "u", "they", "it", "this", "that", "someone",
                                                            "my", "our", "the", "i", "we"),
                      {"LOWER": {"NOT_IN": ["have", "had", "enjoy", "enjoyed", "are", "'re", "re", "were",
                                            "all", "feel", "get", "guys", "do"]}}]],
        "if_only": [[{"LOWER": "if"}, {"LOWER": "only"}]],
    },
    "request": {
        "please_verb": [[_w("please", "pls", "plz", "plse"), _HELPVERB]],
        "can_you": [[_w("can", "could", "would", "will"), _w("you", "u", "someone", "somebody", "anyone",
                                                              "y'all"), _w("please", "maybe", "just", "kindly", "pls", "plz", "not", "possibly") | _OPT, _HELPVERB]],
        "you_should": [[_w("you", "u", "they", "y'all"), _w("should", "need", "needs", "must", "ought"),
                        _OPT | {"LOWER": "to"}, {"LOWER": {"NOT_IN": ["be", "see", "know", "have", "feel", "try", "hear", "read", "check"]}, "IS_ALPHA": True}],
                       [_w("should", "must"), _w("have", "add", "offer", "give", "let", "allow", "provide",
                                                 "bring", "make", "hire", "train", "fix")]],
        "imperative": [[{"IS_SENT_START": True, "TEXT": {"REGEX": "^@"}}, {"TEXT": {"REGEX": "^@"}, "OP": "*"},
                        _re(r"^(give|get|send|fix|bring|add|start|stop|let|hire|train|refund|reimburse|make)$"), _OBJ],
                       [{"IS_SENT_START": True, "LOWER": {"REGEX": r"^(give|get|send|fix|bring|add|start|stop|let|hire|train|refund|reimburse|make)$"}}, _OBJ]],
        "how_about": [[{"LOWER": "how"}, {"LOWER": "about"}], [{"LOWER": "why"}, _w("not", "don't", "dont", "doesn't")],
                      [{"LOWER": "why"}, _w("do", "does", "ca", "can", "wo"), _w("n't", "nt", "not", "n’t"), _w("you", "u", "they", "y'all")]],
        "would_like_to": [[_w("i", "we"), _w("would", "'d"), _w("like", "love"), {"LOWER": "to"},
                           _w("know", "speak", "talk", "get", "change", "request", "ask", "see", "have", "be")]],
        "bring_back": [[_w("bring", "put"), {"LOWER": "back"}]],
    },
    "need": {
        "i_need": [[_w("i", "we", "i'd", "we'd", "still", "really", "just"), _w("need", "needed", "want", "require")],
                   [_w("need", "needed", "needs"), _w("a", "an", "more", "some", "help", "to", "my", "our",
                                                      "assistance", "answers", "info", "information", "someone")]],
        "looking_for": [[_w("looking", "searching"), {"LOWER": "for"}]],
        "is_there_way": [[_w("is", "isn't"), {"LOWER": "there"}, _w("a", "any", "no"), _ANY_OPT,
                          _w("way", "option", "chance", "number", "phone", "link", "form")]],
    },
    "pain": {
        "cannot": [[_w("i", "we", "you", "u", "they", "still", "just", "it", "me"), *_CANT, _NOT_PLEASANTRY],
                   [_w("i", "we", "still", "just"), _w("cannot", "cant", "couldnt"), _NOT_PLEASANTRY],
                   [_w("unable", "impossible"), {"LOWER": "to"}],
                   [{"LOWER": "not"}, {"LOWER": "able"}, {"LOWER": "to"}],
                   [*_NEG_AUX, _w("let", "allow", "work", "load", "answer", "respond", "help", "accept")],
                   [{"LOWER": "no"}, _w("way", "option", "ability"), {"LOWER": "to"}]],
        "delay": [[_re(r"^(delay|delayed|delays|delaying)$")], [{"LOWER": "late"}, _re(r"^flight")],
                  [_w("still", "been", "keep", "kept"), _re(r"^wait")],
                  [_re(r"^(wait|waited|waiting)$"), _w("for", "on", "over", "since", "almost", "nearly"),
                   {"LIKE_NUM": True, "OP": "?"}, _re(r"^(hours?|hrs?|minutes?|mins?|days?|weeks?|an|a|ever|forever)$")],
                  [_w("on", "in"), _w("hold", "queue", "line")],
                  [{"LIKE_NUM": True}, _re(r"^(hours?|hrs?|minutes?|mins?|days?)$"), _OPT | {"LOWER": "of"},
                   _re(r"^(holding|hold|waiting|wait|late|delay|delayed|trying)$")],
                  [_w("long", "longer", "endless", "huge"), _re(r"^(lines?|waits?|queues?|delays?|layovers?)$")], [_re(r"^(stuck|stranded|diverted)$")],
                  [_re(r"^miss(ed|ing)?$"), _w("my", "our", "the", "a"), _re(r"^(connect|flight|meeting)")]],
        "cancelled": [[_re(r"^cancell?(ed|ing|ation|ations)?$")], [_re(r"^cancel+ed")]],
        "lost_damaged": [[_re(r"^(lose|loses|lost|losing)$"), _ANY_OPT, _ANY_OPT,
                          _re(r"^(bags?|baggage|luggage|suitcases?|stroller|items?|package|seat|reservation|booking)$")],
                         [{"LOWER": "still"}, _w("missing", "without")],
                         [_re(r"^(lost|losing|missing|damaged|broken|broke|destroyed|ruined)$"), _OPT | {"LOWER": {"IN": ["my", "our", "the", "a"]}},
                          _ANY_OPT, _re(r"^(bags?|baggage|luggage|suitcases?|stroller|car ?seat|items?|package|box|guitar)$")],
                         [_re(r"^(bags?|baggage|luggage|suitcases?)$"), _BE, _INTENS, _w("lost", "missing", "damaged", "broken", "gone", "destroyed")]],
        "trouble": [[_w("trouble", "problems", "problem", "difficulty", "difficulties", "issues", "issue"),
                     _re(r"^(getting|with|logging|booking|finding|reaching|changing|checking|using|making|rebooking)$")]],
        "no_one": [[_w("no", "nobody", "noone"), _OPT | {"LOWER": "one"},
                    _re(r"^(answer|answers|answered|respond|responds|responded|helps?|helped|calls?|called|cares?|knows?|replied|replies|picks?)$")],
                   [_w("no"), _w("response", "answer", "reply", "help", "info", "information", "update", "updates",
                                 "explanation", "notification", "communication", "refund", "compensation")]],
    },
    "complaint": {
        "price": [[{"LOWER": "too"}, _w("expensive", "pricey", "costly", "much")],
                  [_re(r"^(overpriced|ripoff|rip-off|overcharged?|price-?gouging)$")],
                  [{"LOWER": "rip"}, {"LOWER": "off"}],
                  [_w("hidden", "extra", "change", "baggage", "bag", "ridiculous", "outrageous"), _re(r"^(fees?|charges?)$")],
                  [_w("charged", "charging", "charge"), _w("me", "us"), _ANY_OPT]],
        "aspect_is_negative": [[_ASPECT, _BE, {"LOWER": "not", "OP": "?"}, _INTENS, _NEG],
                               [_ASPECT, _BE, _w("not", "n't", "never", "nt"), _INTENS,
                                _w("clear", "helpful", "good", "great", "working", "open", "available", "acceptable",
                                   "ok", "okay", "easy", "reliable", "friendly", "fair", "professional", "responsive")],
                               [_ASPECT, _BE, _w("a", "an"), _INTENS, _w("joke", "mess", "nightmare", "disaster", "disgrace", "fail")]],
        "negative_aspect": [[_w("worst", "terrible", "horrible", "awful", "poor", "bad", "rude", "pathetic", "useless",
                                "unacceptable", "ridiculous", "lousy", "crappy", "crap", "disgusting", "unhelpful",
                                "incompetent", "broken", "dirty", "slow", "lame", "confusing", "complicated", "cramped",
                                "uncomfortable", "nasty", "unprofessional", "filthy", "stale", "cold"), _OPT | {"IS_ALPHA": True, "IS_STOP": False}, _ASPECT]],
        "negword_aspect": [[_NEG_ADJ, _OPT | {"IS_ALPHA": True, "IS_STOP": False}, _ASPECT]],
        "why_question": [[{"LOWER": "why"}, _re(r"^(is|are|was|were|does|do|did|can|would|has|have|wo|ca|should|must|am)$")]],
        "given_up": [[_w("given", "gave", "giving"), {"LOWER": "up"}]],
        "never_again": [[{"LOWER": "never"}, _w("again", "fly", "flying", "use", "using", "buy", "recommend")],
                        [{"LOWER": "not"}, {"LOWER": "happy"}], [_w("so", "very", "really", "extremely"), _w("disappointed", "frustrated", "upset", "angry")],
                        [_re(r"^#?(fail|epicfail|worst\w*|disappointed|unacceptable|frustrated|ridiculous)$")]],
    },
}
