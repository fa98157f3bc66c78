"""What a closed column *is*, from its name and its values: an instrument (technical) column, an
ordered scale, a multi-select, or a free-text category with spelling variants.

Pure functions over a column name and its values (strings, ``""`` = missing); used by the roles
step at ingest and by the profiler, so data ingested earlier is read the same way.

>>> technical_reason("Duration (in seconds)", pd.Series(["31", "52", "40"]))
'duration / timing'
>>> scale_of(pd.Series(["Agree", "Strongly agree", "Disagree", "Neutral", ""])).levels
['Disagree', 'Neutral', 'Agree', 'Strongly agree']
>>> multiselect_of(pd.Series(["a|b", "b", "a|c", "c|b", "a"])).options
['a', 'b', 'c']
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import pandas as pd

# --- technical (instrument) columns ------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")
_WORD_SPLIT = re.compile(r"(?<=[a-z])(?=[A-Z])|[^A-Za-z0-9]+")

# A header that names a code for a person, a response or a batch of them (the values decide which).
_KEY_NAME = re.compile(
    r"(\bids?\b|uuid|guid|\bhash\b|session|panel(ist)?|\bpsid\b|\brid\b|response ?id|respondent ?id|"
    r"network ?id|meta ?id|tracking|\btoken\b|external ?(data ?)?ref(erence)?|\bref(erence)?\b|\bkey\b|"
    r"\bcollector\b|\bbatch\b|\bwave\b)")
_BATCH_NAME = re.compile(r"(\bcollector\b|\bbatch\b|\bwave\b|panel|session|meta ?id|network ?id|tracking)")

_NAME_RULES: list[tuple[str, re.Pattern]] = [
    ("row index", re.compile(r"^(unnamed:? ?\d*|index|idx|row|row ?(id|no|num|number|#)|\.\.\.\d+|x|v1|x1|#)$")),
    ("duration / timing", re.compile(
        r"(duration|elapsed|seconds|\bsecs?\b|\bms\b|millis|timing|time ?(taken|spent|on page|to complete)|"
        r"(first|last) ?click|click ?count|\bclicks?\b|page ?submit|\brt\b|latency|response ?time|"
        r"completion ?time|\bloi\b)")),
    ("token / character count", re.compile(
        r"(\btokens?\b|n ?tokens|token ?count|\bwords? ?count|\bn ?words\b|num ?words|wordcount|"
        r"\bn ?chars?\b|\bchars?\b|characters?|char ?count|\blength\b|\blen\b|nchar)")),
    ("language code", re.compile(r"(\blang\b|language|locale|\blid\b|detected|langid|\bcld\d?\b)")),
    ("IP address", re.compile(r"(\bip\b|ip ?address|ipaddress)")),
    ("coordinates", re.compile(r"(latitude|longitude|\blat\b|\blon\b|\blng\b|\bgeo ?(loc|location)?\b|coordinates?)")),
    ("start / end stamp", re.compile(
        r"^(start|end|submit|submitted|stage|recorded|completed|finished|created|updated|modified|"
        r"last ?modified|date ?(submitted|started|completed)|(start|end|submit|stage|recorded) ?(date|time|at|ed)?\b.*)$")),
    ("consent flag", re.compile(r"(consent|\bi agree\b|terms (and|&) conditions|privacy (policy|notice)|\bgdpr\b|"
                                r"opt ?in|informed)")),
    ("response / panel id", _KEY_NAME),
]
_COUNT_NUMERIC = {"duration / timing", "token / character count"}
_NEEDS_DATES = {"start / end stamp"}

_IPV4 = re.compile(r"^(\d{1,3}\.){3}\d{1,3}$")
_IPV6 = re.compile(r"^[0-9a-fA-F:]{6,}$")
_CODE = re.compile(r"^[A-Za-z0-9_\-]{6,}$")
_LANG = set("""aa ab af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da
de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig
ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk
ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd
se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi
vo wa wo xh yi yo za zh zu und""".split())
_LANG_VALUE = re.compile(r"^([a-z]{2,3})([-_][A-Za-z]{2,4})?$")
_DATETIME = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}[ T]\d{1,2}:\d{2}|^\d{1,2}:\d{2}(?::\d{2})?$")
_CONSENT_VALUES = re.compile(r"^(yes|no|i agree|agree|i consent|consent|accepted?|true|false|1|0|y|n|checked|ok)$",
                             re.I)


def clean_name(name) -> str:
    """A header without HTML tags, lower-cased, words split (``MetaID`` -> ``meta id``)."""
    text = _TAGS.sub(" ", str(name))
    return " ".join(w for w in _WORD_SPLIT.split(text) if w).lower().strip() or str(name).strip().lower()


def _filled(values: pd.Series) -> pd.Series:
    v = values.fillna("").astype(str).str.strip()
    return v[v != ""]


def _numeric(v: pd.Series) -> pd.Series:
    return pd.to_numeric(v.str.replace(",", "", regex=False), errors="coerce")


def technical_reason(name, values: pd.Series) -> str | None:
    """Why a column describes the instrument rather than the person (or ``None``).

    Names and values both count: a name cue needs values that fit it (a ``duration`` must be
    numbers), and some values are technical whatever the header (IP addresses, consecutive row
    numbers, date-times, ISO language codes, one value for everyone). An opaque code per person
    is not technical but a key (:func:`key_reason`): it may join other data to these people.
    """
    v = _filled(values)
    if len(v) == 0:
        return "empty column"
    sample = v.head(3000)
    num = _numeric(sample)
    numeric_share = float(num.notna().mean())
    cname = clean_name(name)
    if len(cname.split()) <= 8:   # long headers are questions, whose words are not instrument cues
        for reason, pattern in _NAME_RULES:
            if not pattern.search(cname):
                continue
            if reason in _COUNT_NUMERIC and numeric_share < 0.9:
                continue
            if reason in _NEEDS_DATES and _datetime_share(sample) < 0.8:
                continue
            if reason == "consent flag" and (v.nunique() > 3 or not sample.str.match(_CONSENT_VALUES).all()):
                continue
            if reason == "language code" and sample.str.match(_LANG_VALUE).mean() < 0.9:
                continue
            if reason == "response / panel id":
                if v.nunique() == 1 and len(v) >= 5:
                    return "constant (one value for everyone)"
                if key_reason(name, values):   # a code per person: a join key, kept (never profiled)
                    return None
                if not _BATCH_NAME.search(cname) or v.nunique() > 0.5 * len(v):
                    continue               # e.g. a product or store id shared by many people: an attribute
                return "collector / batch code"
            if reason == "coordinates" and numeric_share < 0.9:
                continue
            return reason
    if sample.str.match(_IPV4).mean() > 0.8:
        return "IP address"
    if len(v) >= 20 and numeric_share == 1.0 and v.nunique() == len(v):
        ints = num.dropna()
        if (ints == ints.round()).all():
            s = pd.Series(sorted(_numeric(v).astype(int)))
            if len(s) and s.iloc[-1] - s.iloc[0] == len(s) - 1:
                return "row index"
    if _datetime_share(sample) >= 0.8:
        return "start / end stamp"
    low = sample.str.lower()
    if (low.str.match(_LANG_VALUE).mean() >= 0.95 and low.str.extract(_LANG_VALUE)[0].isin(_LANG).mean() >= 0.95
            and v.nunique() >= 2 and sample.str.len().max() <= 6 and (sample == low).mean() >= 0.95):
        return "language code"
    if v.nunique() == 1 and len(v) == len(values) and len(values) >= 5:
        return "constant (one value for everyone)"
    return None


def key_reason(name, values: pd.Series) -> str | None:
    """Why a column is an opaque code per person (a respondent, panel or CRM reference) that could
    join other data to these people, or ``None``.

    Values decide: (nearly) one distinct, short, space-free code per filled row. A header that
    names an id (``ExternalReference``, ``panel_id``, ``customer key``) is enough with half the rows
    distinct; without such a name the codes must look like codes (letters and digits, 6+ chars,
    mostly not plain numbers) on 20+ rows. Keys are kept on the respondent, so a CRM or panel file
    can be joined on them, and never profiled (every cell would be one person).
    """
    v = _filled(values)
    if len(v) < 2 or v.nunique() < 2:
        return None
    sample = v.head(3000)
    if sample.str.contains(r"\s").mean() > 0.05 or sample.str.len().max() > 64:
        return None
    if _datetime_share(sample) >= 0.8 or sample.str.match(_IPV4).mean() > 0.8:
        return None
    distinct = v.nunique() / len(v)
    cname = clean_name(name)
    if len(cname.split()) <= 8 and _KEY_NAME.search(cname) and distinct >= 0.9:
        return "per-person code (named as an id)"
    if len(v) >= 20 and distinct >= 0.98 and sample.str.match(_CODE).mean() > 0.95 \
            and sample.str.contains(r"\d").mean() > 0.8 and float(_numeric(sample).notna().mean()) < 0.5:
        return "per-person code"
    return None


def _datetime_share(sample: pd.Series) -> float:
    return float(sample.head(500).str.contains(_DATETIME).mean()) if len(sample) else 0.0


# --- ordered scales ------------------------------------------------------------------------------

# Each family: (level spellings, rank). Ranks order the levels; only order is used.
_FAMILIES: dict[str, list[tuple[str, float]]] = {
    "agreement": [("strongly disagree", 1), ("completely disagree", 1), ("disagree", 2), ("somewhat disagree", 3),
                  ("slightly disagree", 3), ("mostly disagree", 2.5), ("tend to disagree", 3),
                  ("neither agree nor disagree", 4), ("neither agree or disagree", 4), ("neutral", 4),
                  ("undecided", 4), ("somewhat agree", 5), ("slightly agree", 5), ("tend to agree", 5),
                  ("mostly agree", 5.5), ("agree", 6), ("strongly agree", 7), ("completely agree", 7)],
    "frequency": [("never", 0), ("almost never", 0.5), ("rarely", 1), ("seldom", 1), ("occasionally", 2),
                  ("sometimes", 2), ("often", 3), ("frequently", 3), ("usually", 3.5), ("very often", 3.5),
                  ("most of the time", 3.5), ("almost always", 3.8), ("always", 4)],
    "ease": [("very difficult", 0), ("difficult", 1), ("somewhat difficult", 1.5),
             ("neither easy nor difficult", 2), ("somewhat easy", 2.5), ("easy", 3), ("very easy", 4)],
    "satisfaction": [("very dissatisfied", 0), ("extremely dissatisfied", 0), ("dissatisfied", 1),
                     ("somewhat dissatisfied", 1.5), ("neither satisfied nor dissatisfied", 2), ("neutral", 2),
                     ("somewhat satisfied", 2.5), ("satisfied", 3), ("very satisfied", 4),
                     ("extremely satisfied", 4)],
    "likelihood": [("extremely unlikely", 0), ("very unlikely", 0), ("unlikely", 1), ("somewhat unlikely", 1.5),
                   ("neither likely nor unlikely", 2), ("somewhat likely", 2.5), ("likely", 3),
                   ("very likely", 4), ("extremely likely", 4)],
    "importance": [("not at all important", 0), ("not important", 0.5), ("slightly important", 1),
                   ("somewhat important", 2), ("moderately important", 2), ("important", 2.5),
                   ("very important", 3), ("extremely important", 4)],
    "quality": [("very poor", 0), ("poor", 1), ("fair", 2), ("average", 2), ("good", 3), ("very good", 4),
                ("excellent", 5)],
    "openness": [("not open at all", 0), ("not at all open", 0), ("somewhat not open", 1), ("neutral", 2),
                 ("somewhat open", 3), ("very open", 4)],
    "amount": [("none", 0), ("none at all", 0), ("a little", 1), ("some", 2), ("a moderate amount", 2),
               ("a lot", 3), ("a great deal", 4)],
}
OFF_SCALE = re.compile(r"(don'?t know|do not know|not sure|unsure|n/?a\b|not applicable|prefer not|no opinion|"
                       r"can'?t say|decline|skip)", re.I)
_LEADING_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:$|[-–:=.)]\s*\D|\s+[A-Za-z(])")
_BIN = re.compile(r"^\s*(more than|over|less than|under|fewer than|up to|>|<)?\s*\$?(\d[\d,]*(?:\.\d+)?)\s*"
                  r"(%|\+|[-–]|to|or more|and (over|above|up)|$)", re.I)
_NPS_NAME = re.compile(r"(recommend|nps|net promoter)", re.I)


def _norm(value: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s'/]", " ", str(value).lower())).strip()


@dataclass
class Scale:
    """An ordered scale: ``levels`` in order (on the scale), ``scores`` per raw value (level
    position, or the number for numeric scales), ``off_scale`` values (``Don't know``...)."""
    kind: str                       # "rating" | "nps" | "labels:<family>" | "bins"
    levels: list[str]
    scores: dict[str, float]
    off_scale: list[str] = field(default_factory=list)
    low: float = 0.0
    high: float = 1.0
    numeric: bool = False

    def top2(self) -> list[str]:
        """The two top levels (top-2-box) for scales of four or more levels."""
        if self.kind == "bins" or len(self.levels) < 4:
            return []
        if self.numeric:
            return [lv for lv in self.levels if self.scores[lv] >= self.high - 1]
        return self.levels[-2:]

    def to_dict(self) -> dict:
        return {"scale": self.kind, "levels": self.levels, "off_scale": self.off_scale,
                "low": self.low, "high": self.high, "top2": self.top2()}


def scale_of(values: pd.Series, name=None) -> Scale | None:
    """The ordered scale a closed column answers on, or ``None``: numeric ratings (3–11 integer
    levels within 0–10, e.g. 1–5, 1–9, 0–10; NPS when the question asks about recommending),
    labelled Likert / frequency / satisfaction / ease ... scales, and ordered numeric bins
    (``1-25%``, ``26-100``, ``More than 1000``)."""
    v = _filled(values)
    distinct = list(dict.fromkeys(v))
    if len(distinct) < 3 or len(distinct) > 12:
        return None
    on = [d for d in distinct if not OFF_SCALE.search(d)]
    off = [d for d in distinct if d not in on]
    if len(on) < 3 or (v.isin(off).mean() > 0.5):
        return None
    nums = {}
    for d in on:
        m = _LEADING_NUMBER.match(d)
        nums[d] = float(m.group(1)) if m else None
    if all(x is not None for x in nums.values()):
        xs = sorted(set(nums.values()))
        integral = all(x == int(x) for x in xs)
        if len(xs) == len(on) and ((integral and xs[0] >= 0 and xs[-1] <= 10) or
                                   (not integral and len(xs) <= 11 and xs[-1] - xs[0] <= 10)):
            low = 0.0 if xs[0] == 0 else min(xs[0], 1.0)
            high = 10.0 if (xs[-1] >= 9 and low == 0 and integral and xs[-1] <= 10) else xs[-1]
            nps = bool(low == 0 and high == 10 and name is not None and _NPS_NAME.search(str(name)))
            levels = sorted(on, key=lambda d: nums[d])
            return Scale(kind="nps" if nps else "rating", levels=levels, scores=dict(nums), off_scale=off,
                         low=low, high=high, numeric=True)
    fam = _family(on)
    if fam is not None:
        family, ranks = fam
        levels = sorted(on, key=lambda d: ranks[d])
        return Scale(kind=f"labels:{family}", levels=levels,
                     scores={d: float(i + 1) for i, d in enumerate(levels)}, off_scale=off,
                     low=1.0, high=float(len(levels)))
    bins = {}
    for d in on:
        m = _BIN.match(d)
        if not m:
            return None
        x = float(m.group(2).replace(",", ""))
        qual = (m.group(1) or "").lower()
        bins[d] = x + (0.5 if qual in ("more than", "over", ">") or (m.group(3) or "").strip() in ("+", "or more")
                       else -0.5 if qual in ("less than", "under", "fewer than", "<", "up to") else 0)
    if len(set(bins.values())) == len(on) and any(re.search(r"[-–%+]|than|to", d) for d in on):
        levels = sorted(on, key=lambda d: bins[d])
        return Scale(kind="bins", levels=levels, scores={d: float(i + 1) for i, d in enumerate(levels)},
                     off_scale=off, low=1.0, high=float(len(levels)))
    return None


def _family(values: list[str]) -> tuple[str, dict] | None:
    best = None
    for family, spellings in _FAMILIES.items():
        table = dict(spellings)
        ranks = {}
        for d in values:
            key = _norm(d)
            hit = table.get(key)
            if hit is None:   # "Yes, always" / "Sometimes, if it comes up": the scale word leads
                head = re.split(r"[,;(]", key)[0].strip()
                hit = table.get(head)
            if hit is None:
                break
            ranks[d] = hit
        else:
            if len(set(ranks.values())) == len(values) and (best is None or len(ranks) > len(best[1])):
                best = (family, ranks)
    return best


def scores(values: pd.Series, scale: Scale) -> pd.Series:
    """Each value's score on ``scale`` (NaN for missing and off-scale answers)."""
    return values.fillna("").astype(str).str.strip().map(scale.scores).astype(float)


# --- multi-selects -------------------------------------------------------------------------------

@dataclass
class MultiSelect:
    delimiter: str
    options: list[str]


_DELIMS = ("|", ";", ",")


def split_options(value: str, delimiter: str) -> list[str]:
    """Split on ``delimiter`` outside parentheses/brackets; parts stripped, empty parts dropped."""
    value = str(value)
    if not any(b in value for b in "([{"):
        return [p.strip() for p in value.split(delimiter) if p.strip()]
    parts, depth, cur = [], 0, []
    for ch in value:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        if ch == delimiter and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def multiselect_of(values: pd.Series) -> MultiSelect | None:
    """A delimiter-joined multi-select, decided from the set of distinct values: joined values
    must be made of options that recur across other distinct answers (``Anxiety|Mood``,
    ``Mood``, ``Anxiety|PTSD``...). A comma inside a single category (``Yes, I know several``)
    recurs nowhere else, so it stays one category."""
    v = _filled(values)
    if len(v) == 0 or v.str.len().head(500).mean() > 300:
        return None
    distinct = list(dict.fromkeys(v))
    if len(distinct) < 3 or len(distinct) > 5000:
        return None
    for d in _DELIMS:
        split = {x: split_options(x, d) for x in distinct}
        joined = [x for x, parts in split.items() if len(parts) > 1]
        if len(joined) < 2:
            continue
        freq: dict[str, int] = {}
        for parts in split.values():
            for p in set(parts):
                freq[p] = freq.get(p, 0) + 1
        parts = [p for x in joined for p in split[x]]
        recurring = sum(freq[p] >= 2 for p in parts) / len(parts)
        words = sum(len(p.split()) for p in parts) / len(parts)
        if recurring >= 0.8 and words <= 10 and len(freq) < len(distinct) + 5:
            return MultiSelect(delimiter=d, options=sorted(freq))
    return None


def option_columns(frame: pd.DataFrame, columns: list[str]) -> list[list[str]]:
    """Runs of ≥ 2 adjacent columns that are one option each of a multi-select: each holds one
    value only (its own label, or a tick such as ``1``/``Yes``/``X``) or nothing."""
    ticks = {"1", "yes", "x", "true", "checked", "selected", "y"}
    def is_option(col) -> bool:
        v = _filled(frame[col])
        if len(v) == 0 or v.nunique() != 1 or len(v) == len(frame):
            return False
        val = v.iloc[0]
        base = re.sub(r"\.\d+$", "", str(col)).strip()
        return val.lower() in ticks or _norm(val) == _norm(base) or _norm(base).endswith(_norm(val))
    runs, cur = [], []
    for col in columns:
        if is_option(col):
            cur.append(col)
        else:
            if len(cur) >= 2:
                runs.append(cur)
            cur = []
    if len(cur) >= 2:
        runs.append(cur)
    return runs


# --- duplicate headers ---------------------------------------------------------------------------

_DUP = re.compile(r"^(.*)\.(\d+)$")


def duplicate_headers(columns: list) -> dict[str, dict]:
    """Columns that repeat an earlier header (pandas' ``"Why or why not?.1"``): the display name
    (``"Why or why not? (2)"``), the header they repeat and the column they follow."""
    names = [str(c) for c in columns]
    present = set(names)
    out = {}
    for i, name in enumerate(names):
        m = _DUP.match(name)
        if not m or m.group(1) not in present:
            continue
        follows = names[i - 1] if i else None
        out[name] = {"name": f"{m.group(1)} ({int(m.group(2)) + 1})", "repeats": m.group(1),
                     "follows": follows}
    return out


# --- harmonised categories -----------------------------------------------------------------------

_GENDER = {
    "Male": {"m", "male", "man", "men", "cis male", "cis man", "cisgender male", "cisgender man", "male cis",
             "cis male", "mail", "malr", "maile", "mal", "make", "msle", "guy", "dude", "boy", "he him", "male male",
             "sex is male", "cis male (he/him)", "male (cis)", "cis-male", "mle", "male."},
    "Female": {"f", "female", "woman", "women", "cis female", "cis woman", "cisgender female", "cisgender woman",
               "female cis", "femake", "femail", "fem", "female (cis)", "cis-female", "fm", "girl", "she her",
               "female female", "lady", "fmale", "femal", "female/woman", "female woman"},
    "Non-binary": {"non binary", "nonbinary", "non-binary", "nb", "enby", "genderqueer", "gender queer",
                   "genderfluid", "gender fluid", "agender", "non binary genderqueer", "nonbinary genderqueer"},
    "Trans woman": {"trans woman", "transwoman", "trans female", "transgender woman", "mtf", "male to female",
                    "trans-female"},
    "Trans man": {"trans man", "transman", "trans male", "transgender man", "ftm", "female to male"},
}
_GENDER_KEY = {_norm(s): canon for canon, spellings in _GENDER.items() for s in spellings}
_GENDER_NAME = re.compile(r"\b(gender|sex)\b", re.I)


def harmonise(values: pd.Series, name=None, overrides: dict | None = None) -> dict[str, str]:
    """Raw value -> canonical level for a free-text category: case and whitespace folded, close
    spelling variants merged into the most frequent form (``Mlae`` -> ``Male`` only when the common
    form is ≥ 5 times as frequent), gender spellings (``M``, ``man``, ``cis male``) mapped to a
    few canonical levels when the column asks for gender or most values are gender words.
    ``overrides`` (raw -> canonical) win. Only values that change are returned."""
    v = _filled(values)
    counts = v.value_counts()
    if counts.empty:
        return {}
    keys = {raw: _norm(raw) for raw in counts.index}
    gendered = (name is not None and _GENDER_NAME.search(str(name)) is not None) or \
        sum(counts[r] for r in counts.index if keys[r] in _GENDER_KEY) >= 0.8 * counts.sum()
    by_key: dict[str, list[str]] = {}
    for raw in counts.index:
        by_key.setdefault(keys[raw], []).append(raw)
    canon_of_key = {k: max(raws, key=lambda r: (counts[r], r[:1].isupper(), r)) for k, raws in by_key.items()}
    key_count = {k: int(sum(counts[r] for r in raws)) for k, raws in by_key.items()}
    out: dict[str, str] = {}
    for raw in counts.index:
        k = keys[raw]
        target = canon_of_key[k]
        if gendered and k in _GENDER_KEY:
            target = _GENDER_KEY[k]
        elif len(k) >= 5:
            big = [o for o in key_count if o != k and key_count[o] >= 5 * key_count[k] and len(o) >= 4]
            close = difflib.get_close_matches(k, big, n=1, cutoff=0.85)
            if close:
                target = canon_of_key[close[0]]
                if gendered and close[0] in _GENDER_KEY:
                    target = _GENDER_KEY[close[0]]
        out[raw] = target
    for raw, canon in (overrides or {}).items():
        if raw in out:
            out[raw] = str(canon)
    return {r: c for r, c in out.items() if r != c}


# --- one column, summarised ----------------------------------------------------------------------

def describe_column(name, values: pd.Series) -> dict:
    """The kind of a closed column for previews: technical (with reason), multiselect, ordinal,
    or categorical (with its harmonised variants)."""
    reason = technical_reason(name, values)
    if reason:
        return {"kind": "technical", "reason": reason}
    key = key_reason(name, values)
    if key:
        return {"kind": "key", "reason": key}
    multi = multiselect_of(values)
    if multi:
        return {"kind": "multiselect", "delimiter": multi.delimiter, "options": multi.options[:30],
                "n_options": len(multi.options)}
    scale = scale_of(values, name)
    if scale:
        return {"kind": "ordinal", **scale.to_dict()}
    v = _filled(values)
    num = _numeric(v)
    if len(v) and num.notna().mean() >= 0.95 and v.nunique() > 20:
        return {"kind": "numeric"}
    return {"kind": "categorical", "harmonised": harmonise(values, name)}


def is_attitude(desc: dict) -> bool:
    """A candidate segmentation input: an attitude scale (rating, NPS, Likert-type labels; not
    ordered bins such as company size or age bands) or a multi-select."""
    if desc.get("kind") == "multiselect":
        return True
    return desc.get("kind") == "ordinal" and desc.get("scale") != "bins"
