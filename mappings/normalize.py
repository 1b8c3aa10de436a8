"""Label normalization for matching: one canonical string per label, its core and head.

Why: recruitment titles and catalog labels differ in width, case, punctuation,
HTML entities and seniority words ("高级", "senior"); the comparison *core*
drops the generic head noun ("工程师", "人员", "engineer") so that
会计主管 and 会计专业人员 compare on 会计, while the head itself is kept as
separate evidence (see :func:`head_class`).
"""

from __future__ import annotations

import html
import re
import unicodedata

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")
_PAREN = re.compile(r"[(\[][^()\[\]]*[)\]]")
_EN_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#.]*")

# Seniority / employment words: noise for the comparison (longest first).
ZH_NOISE_PREFIXES = ("高级", "资深", "初级", "中级", "助理级", "实习", "兼职", "全职", "见习")
EN_NOISE = frozenset({"senior", "junior", "sr", "jr", "lead", "principal", "trainee", "intern", "staff",
                      "entry", "level", "mid", "experienced", "assistant-level", "i", "ii", "iii"})
EN_STOP = frozenset({"of", "and", "the", "for", "in", "on", "with", "a", "an", "to", "or", "at", "by", "other"})

# Generic trailing heads (longest first) → head class. The class is the evidence kept.
ZH_HEADS: tuple[tuple[str, str], ...] = (
    ("工程技术人员", "engineer"), ("专业技术人员", "professional"), ("技术人员", "technician"),
    ("专业人员", "professional"), ("研究人员", "researcher"), ("管理人员", "manager"), ("服务人员", "service"),
    ("工程师", "engineer"), ("架构师", "engineer"), ("教师", "teacher"), ("老师", "teacher"), ("讲师", "teacher"),
    ("技术员", "technician"), ("研究员", "researcher"), ("开发", "engineer"),
    ("专员", "specialist"), ("负责人", "manager"), ("经理", "manager"), ("主管", "manager"), ("总监", "manager"),
    ("管理师", "manager"), ("管理员", "administrator"), ("操作员", "operator"), ("操作工", "operator"),
    ("助理", "assistant"), ("顾问", "consultant"), ("咨询师", "consultant"), ("设计师", "designer"),
    ("人员", "worker"), ("岗位", "worker"), ("职位", "worker"),
)
EN_HEADS: dict[str, str] = {
    "engineer": "engineer", "developer": "engineer", "programmer": "engineer", "architect": "engineer",
    "technician": "technician", "technologist": "technician", "professional": "professional",
    "specialist": "specialist", "expert": "specialist", "researcher": "researcher", "scientist": "researcher",
    "manager": "manager", "head": "manager", "director": "manager", "supervisor": "manager", "chief": "manager",
    "administrator": "administrator", "operator": "operator", "assistant": "assistant",
    "consultant": "consultant", "advisor": "consultant", "designer": "designer", "worker": "worker",
    "personnel": "worker", "staff": "worker", "clerk": "clerk", "officer": "clerk", "teacher": "teacher",
}
# Head classes that name the same kind of work at different levels (a 专业人员 and a 工程技术人员
# are both professional-technical staff): agreement on the family is weaker evidence.
HEAD_FAMILY: dict[str, str] = {
    "engineer": "professional", "technician": "professional", "professional": "professional",
    "specialist": "professional", "researcher": "professional", "consultant": "professional",
    "manager": "manager", "administrator": "manager",
    "operator": "worker", "worker": "worker", "service": "worker",
}


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def normalize(text: str) -> str:
    """Canonical comparison form: entities decoded, NFKC (full→half width), lower case,
    punctuation → space (keeping + # . inside tokens like c++, c#, .net), spaces between
    Chinese characters removed."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).lower()
    out = []
    for ch in text:
        if ch in "+#.":
            out.append(ch)
        elif unicodedata.category(ch)[0] in "PSZC":
            out.append(" ")
        else:
            out.append(ch)
    text = " ".join("".join(out).split())
    text = text.strip(". ")
    return _SPACE_BETWEEN_CJK.sub("", text)


def strip_parentheticals(text: str) -> str:
    text = unicodedata.normalize("NFKC", html.unescape(text))
    return _PAREN.sub(" ", text)


# British → American spelling fragments (the national English labels use British spelling).
EN_SPELLING: tuple[tuple[str, str], ...] = (("anaes", "anes"), ("paedi", "pedi"), ("centre", "center"),
                                            ("labour", "labor"), ("colour", "color"), ("haem", "hem"),
                                            ("counsell", "counsel"), ("organis", "organiz"))
# Job-title abbreviations → their words (expanded before matching).
EN_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "hr": ("human", "resources"), "ai": ("artificial", "intelligence"), "it": ("information", "technology"),
    "qa": ("quality", "assurance"), "qc": ("quality", "control"), "iot": ("internet", "things"),
    "ceo": ("chief", "executive", "officer"), "cfo": ("chief", "financial", "officer"),
    "cto": ("chief", "technology", "officer"), "gm": ("general", "manager"), "pm": ("project", "manager"),
    "vp": ("vice", "president"), "ic": ("integrated", "circuit"), "ui": ("user", "interface"),
    "ux": ("user", "experience"), "ml": ("machine", "learning"), "bi": ("business", "intelligence"),
}
# Job-title words → the word the national English labels use for the same thing.
EN_CANONICAL: dict[str, str] = {
    "engineer": "engineering", "developer": "engineering", "programmer": "programmer",
    "doctor": "physician", "lecturer": "teacher", "professor": "teacher", "instructor": "teacher",
    "salesman": "sales", "saleswoman": "sales", "salesperson": "sales", "seller": "sales",
    "mechanic": "repairer", "technologist": "technologist",
}


def en_tokens(norm: str) -> list[str]:
    """Content tokens of a normalized English string: abbreviations expanded, spelling
    harmonised, lightly stemmed (plural s), stop words dropped."""
    out: list[str] = []
    for raw in _EN_TOKEN.findall(norm):
        if raw in EN_STOP:
            continue
        for token in EN_ABBREVIATIONS.get(raw, (raw,)):
            if token in EN_STOP:
                continue
            for old, new in EN_SPELLING:
                if old in token:
                    token = token.replace(old, new)
            out.append(stem(token))
    return out


def canonical(token: str) -> str:
    """The label vocabulary's word for a title word (engineer → engineering)."""
    return EN_CANONICAL.get(token, token)


def stem(token: str) -> str:
    token = token.rstrip(".")
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def zh_core_and_head(norm: str) -> tuple[str, str]:
    """(core, head class) of a normalized Chinese label; head class '' when none."""
    text = norm.replace(" ", "")
    for prefix in ZH_NOISE_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix) + 1:
            text = text[len(prefix):]
            break
    for suffix, klass in ZH_HEADS:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)], klass
    return text, ""


def en_core_and_head(tokens: list[str]) -> tuple[list[str], str]:
    """(core tokens, head class) of English tokens: seniority noise dropped, generic head removed."""
    content = [t for t in tokens if t not in EN_NOISE] or list(tokens)
    if len(content) > 2 and content[-2:] == ["engineering", "technician"]:
        return content[:-2], "engineer"  # the national rendering of 工程技术人员
    if len(content) > 1 and content[-1] in EN_HEADS:
        return content[:-1], EN_HEADS[content[-1]]
    if content and content[-1] in EN_HEADS:
        return content, EN_HEADS[content[-1]]
    return content, ""


def char_bigrams(text: str) -> list[str]:
    """Character bigrams of a Chinese string (a single character is its own feature)."""
    text = text.replace(" ", "")
    if len(text) < 2:
        return [text] if text else []
    return [text[i:i + 2] for i in range(len(text) - 1)]
