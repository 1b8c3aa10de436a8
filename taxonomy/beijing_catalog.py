"""What the Beijing "Two Zones" 2023 catalog says about itself, and its controlled values.

English wording follows the catalog's English notes; Chinese labels of the key
industries and urgency levels are project translations (the published Chinese
tables are not among occlink's sources).
"""

from __future__ import annotations

from dataclasses import dataclass

TITLE_EN = ("Human Resources Development Catalog for the Integrated National Demonstration Zone for Opening up "
            "the Services Sector and the China (Beijing) Pilot Free Trade Zone (2023 Edition)")
SHORT_TITLE_EN = "Human Resources Development Catalog for the \"Two Zones\" (2023 Edition)"
TITLE_ZH = "国家服务业扩大开放综合示范区和中国（北京）自由贸易试验区人力资源开发目录（2023年版）"  # project translation
EDITION = "2023"
PUBLISHER_EN = "Beijing Municipal Human Resources and Social Security Bureau"
PUBLISHER_ZH = "北京市人力资源和社会保障局"

COMPONENT_KEY_INDUSTRIES_EN = "Catalog of Human Resources Development in Key Industries"
COMPONENT_KEY_INDUSTRIES_ZH = "重点产业人力资源开发目录"
COMPONENT_URGENT_EN = ("Catalog Highlighting Occupations (Types of Jobs) that Are in Urgent Need of "
                       "Technical Talents")
COMPONENT_URGENT_ZH = "急需紧缺技术人才职业（工种）目录"

SALARY_BASIS_EN = ("Reference value of the median annual salary: 12-month earnings, excluding equity incentives "
                   "and dividends; the monthly salary in enterprise recruitment information multiplied by 12, "
                   "as of June 2023 (sections II.(I).8 and II.(II).6).")
SALARY_REFERENCE_MONTH = "2023-06"
SALARY_UNIT_EN = "CNY per year"

RULE_SECTION = "II.(II).2"
RULE_EN = ("Occupations classified as green occupations (identified by the code \"L\") and digital occupations "
           "(identified by the code \"S\") in the Occupational Classification Catalog of the People's Republic "
           "of China (2022 Edition) are regarded as occupations (types of jobs) that urgently require talented "
           "individuals.")
RULE_NOTE_EN = ("occlink generates one urgent-need entry per national occupation marked L or S by this rule; "
                "urgency, key industry, description and salary stay absent until the official table is "
                "imported (occlink import beijing).")


@dataclass(frozen=True)
class Term:
    key: str       # stable notation and IRI segment
    label_en: str
    label_zh: str  # project translation


# Section II.(I).1, in the catalog's order.
KEY_INDUSTRIES: tuple[Term, ...] = (
    Term("new-generation-information-technology", "new-generation information technology", "新一代信息技术"),
    Term("integrated-circuits", "integrated circuits", "集成电路"),
    Term("medicine-and-healthcare", "medicine and healthcare", "医药健康"),
    Term("intelligent-equipment", "intelligent equipment", "智能装备"),
    Term("energy-conservation-and-environmental-protection", "energy conservation and environmental protection",
         "节能环保"),
    Term("new-energy-intelligent-vehicles", "new energy intelligent vehicles", "新能源智能汽车"),
    Term("new-materials", "new materials", "新材料"),
    Term("software-and-information-services", "software and information services", "软件和信息服务"),
    Term("artificial-intelligence", "artificial intelligence (AI)", "人工智能"),
    Term("modern-agriculture", "modern agriculture", "现代农业"),
    Term("science-and-technology-services", "science and technology services", "科技服务"),
    Term("business-services", "business services", "商务服务"),
    Term("finance", "finance", "金融"),
    Term("culture-and-art", "culture and art", "文化艺术"),
    Term("livelihood-services", "livelihood services", "民生服务"),
)

# Section II.(II).5, from least to most urgent.
URGENCY_LEVELS: tuple[Term, ...] = (
    Term("general", "general urgent shortage", "一般紧缺"),
    Term("relatively", "relatively urgent shortage", "比较紧缺"),
    Term("severely", "severely urgent shortage", "严重紧缺"),
)


def _index(terms: tuple[Term, ...]) -> dict[str, str]:
    """Every accepted spelling (key, English label, Chinese label; case-insensitive) → key."""
    out: dict[str, str] = {}
    for t in terms:
        for spelling in (t.key, t.label_en, t.label_zh, t.label_en.replace(" (AI)", "")):
            out[spelling.casefold()] = t.key
    return out


KEY_INDUSTRY_SPELLINGS = _index(KEY_INDUSTRIES)
URGENCY_SPELLINGS = _index(URGENCY_LEVELS)
