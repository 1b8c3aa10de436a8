"""Controlled values of the Qianhai 2020 list (orientation, industry, duration, severity, degree).

Each value is a small SKOS concept so every attribute can be grouped in SPARQL.
English labels follow the report's wording; Chinese labels are project
translations. ``reported`` is the count the report itself states for the value
(sections 2, 2.1, 2.3, 2.4), kept so the data can be checked against the report.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ControlledValue:
    key: str            # stable notation, also the last IRI segment
    label_en: str
    label_zh: str       # project translation
    source_phrase: str  # how the report writes it
    reported: int | None = None
    alt_en: tuple[str, ...] = ()
    note_en: str = ""
    definition_en: str = ""  # quoted from the report


@dataclass(frozen=True)
class ValueScheme:
    key: str            # IRI segment: qh:<key> is the scheme, qh:<key>/<value> the concepts
    property: str       # occ: property linking an occupation to the value
    label_en: str
    label_zh: str
    values: tuple[ControlledValue, ...]

    def get(self, key: str) -> ControlledValue | None:
        return next((v for v in self.values if v.key == key), None)

    def __getitem__(self, key: str) -> ControlledValue:
        """A value the transcription is known to use (the loader checked every key against the scheme)."""
        value = self.get(key)
        if value is None:
            raise KeyError(f"{self.key}: no value {key!r}")
        return value


# source_phrase: the caption of Table 1 / Table 2, verbatim. definition: what the orientation is
# based on, quoted from sections 2, 3.1 and 3.2.
ORIENTATION = ValueScheme("orientation", "orientation", "Orientation", "导向类型", (
    ControlledValue("demand-oriented", "demand-oriented", "需求导向型",
                    "List of demand-oriented high-demand occupations for foreign talents in Qianhai", 29,
                    definition_en="Demand-oriented occupations \"have been identified with data from enterprise\" "
                                  "(section 2): \"According to the data collected from key enterprises in Qianhai "
                                  "in connection with their demand for talent and the vacancies of Qianhai "
                                  "enterprises in recent years\" (section 3.1, Table 1)."),
    ControlledValue("strategy-oriented", "strategy-oriented", "战略导向型",
                    "List of strategy-oriented high-demand occupations for foreign talents in Qianhai", 21,
                    definition_en="Strategy-oriented occupations \"have been identified with data from strategic "
                                  "development plans of Qianhai, such as the Master Plan of Qianhai Shenzhen-Hong "
                                  "Kong Modern Service Industry Cooperation Zone and the Comprehensive Plan of "
                                  "Qianhai Shenzhen-Hong Kong Modern Service Industry Cooperation Zone\" (section "
                                  "2): \"According to the master plans of industries and talent development of "
                                  "Qianhai\" (section 3.2, Table 2)."),
))

# Sections 3.1 and 3.2: how many occupations of each orientation each industry has, as printed.
REPORTED_BY_ORIENTATION_AND_INDUSTRY: dict[tuple[str, str], int] = {
    ("demand-oriented", "financial"): 5,
    ("demand-oriented", "science-and-technology-service"): 9,
    ("demand-oriented", "information-service"): 1,
    ("demand-oriented", "modern-logistics"): 2,
    ("demand-oriented", "professional-service"): 12,
    ("strategy-oriented", "financial"): 3,
    ("strategy-oriented", "science-and-technology-service"): 6,
    ("strategy-oriented", "information-service"): 4,
    ("strategy-oriented", "modern-logistics"): 0,  # not named in section 3.2: 3+6+4+8 = 21
    ("strategy-oriented", "professional-service"): 8,
}

INDUSTRY = ValueScheme("industry", "industry", "Industry", "行业", (
    ControlledValue("financial", "financial industry", "金融业", "Financial industry", 8),
    ControlledValue("science-and-technology-service", "science and technology service industry", "科技服务业",
                    "Science and technology service industry", 15),
    ControlledValue("information-service", "information service industry", "信息服务业",
                    "Information service industry", 5),
    ControlledValue("modern-logistics", "modern logistics industry", "现代物流业", "Modern logistics industry", 2),
    ControlledValue("professional-service", "professional service industry", "专业服务业",
                    "Professional service industry", 20,
                    alt_en=("other professional service industries",),
                    note_en="Tables 1 and 2 head this group \"Professional service industry\"; the text of "
                            "sections 2.1 and 3.1 calls it \"other professional service industries\"."),
))

DURATION = ValueScheme("duration", "demandDuration", "Duration of demand to remain high", "紧缺持续时间", (
    ControlledValue("near-future", "near future (< 1 year)", "近期（1年以内）",
                    "Demand to remain high in the near future (<1 year)", 3),
    ControlledValue("short-term", "short term (1-3 years)", "短期（1至3年）",
                    "Demand to remain high in the short term (1-3 years)", 13),
    ControlledValue("long-term", "long term (> 3 years)", "长期（3年以上）",
                    "Demand to remain high in the long term (>3 years)", 34,
                    note_en="The report merges the questionnaire answers \"longer term (4-5 years)\" and "
                            "\"long term (over 5 years)\" into this class (footnote 2)."),
))

SEVERITY = ValueScheme("severity", "supplySeverity", "Severity of short supply", "紧缺程度", (
    ControlledValue("moderately-short", "moderately short supply", "中度紧缺", "Moderately short supply", 14),
    ControlledValue("relatively-short", "relatively short supply", "比较紧缺", "Relatively short supply", 21),
    ControlledValue("extremely-short", "extremely short supply", "极度紧缺", "Extremely short supply", 15),
))

DEGREE = ValueScheme("degree", "minimumDegree", "Degree level", "学位层次", (
    ControlledValue("bachelor", "bachelor's degree", "学士学位", "Bachelor's degree"),
    ControlledValue("master", "master's degree", "硕士学位", "Master's degree"),
    ControlledValue("doctor", "doctor's degree", "博士学位", "Doctor's degree"),
))

# "doctor's degree or postdoctoral education preferred" (Table 1 no. 6): postdoctoral education is
# no degree level, so it is a preferred qualification of its own, outside the degree scheme.
PREFERENCE = ValueScheme("preference", "preferredQualification", "Preferred qualification", "优先资历", (
    ControlledValue("postdoctoral-education", "postdoctoral education", "博士后研究经历", "postdoctoral education"),
))

VALUE_SCHEMES: tuple[ValueScheme, ...] = (ORIENTATION, INDUSTRY, DURATION, SEVERITY, DEGREE, PREFERENCE)
