"""What the Qianhai 2020 report says about itself (Appendix, sections 1.3 and 2).

Only facts stated in the report; Chinese renderings are project translations.
"""

from __future__ import annotations

TITLE_EN = "List of High-Demand Occupations for Foreign Talents in Qianhai"
TITLE_ZH = "前海外籍人才紧缺职业清单"  # project translation (the source gives only 前海)
EDITION = "2020"

COMMISSIONED_BY_EN = "Qianhai Administration Bureau"
COMMISSIONED_BY_ZH = "前海管理局"
PREPARED_BY_EN = "Chinese Academy of Personnel Science"
PREPARED_BY_ZH = "中国人事科学研究院"

RESEARCH_START = "2019-10"  # "research conducted from October 2019 to August 2020"
RESEARCH_END = "2020-08"

METHODS_EN = (  # Appendix 1, in the report's order
    "literature review",
    "on-site research",
    "questionnaire surveys",
    "expert regression survey",
    "expert consultation and verification",
)

ENTERPRISES_SURVEYED_MORE_THAN = 1500  # "more than 1,500": a lower bound, not a count
ENTERPRISES_SURVEYED_PHRASE = ("more than 1,500 enterprises registered in Qianhai and having "
                               "tax-payment records")

BASIS_2015_EN = "Classification of Occupations of the People's Republic of China (Ed. 2015)"
BASIS_2015_PUBLISHERS_EN = ("Ministry of Human Resources and Social Security, State Administration for "
                            "Market Regulation, National Bureau of Statistics")
NEW_OCCUPATIONS = 38
NEW_OCCUPATIONS_NOTE_EN = ("the first batch of 13 \"new occupations\" released in April 2019, the second "
                           "batch of 16 released in February 2020 and the third batch of 9 released in "
                           "July 2020 (footnote 1)")

REPORTED_OCCUPATIONS = 50
TABLE3_TITLE_EN = "The three categories of specialties given the most opportunities in application of jobs"

# Section 1.2, in the report's order: the data sources (published as prov:used of the research).
DATA_SOURCES_PHRASE = ("The data contained in this report mainly come from statistics of questionnaire responses "
                       "from enterprises, records of interviews, open information on official websites of Chinese "
                       "and foreign governments, various statistical yearbooks and documents of policies and "
                       "regulations.")
DATA_SOURCES_EN = (
    ("questionnaire-responses", "statistics of questionnaire responses from enterprises"),
    ("interview-records", "records of interviews"),
    ("government-websites", "open information on official websites of Chinese and foreign governments"),
    ("statistical-yearbooks", "various statistical yearbooks"),
    ("policy-documents", "documents of policies and regulations"),
)
# Section 1.3: whom the research encompassed.
RESEARCH_POPULATION_EN = (
    "the authority for administration of foreign talents in Qianhai",
    "the foreign talents working in Qianhai",
    "more than 1,500 enterprises registered in Qianhai and having tax-payment records",
)

# Appendix, section 3 ("List of High-Demand Occupations for Foreign Talents in Qianhai").
LEGAL_EFFECT_EN = ("International talents who are engaged in the occupations listed in the list may apply for work "
                   "or permanently reside in China and be exempted from the labor market test and employer "
                   "invitation, provided they pass the credit points assessment.")
UPDATE_POLICY_EN = ("To better serve the development of service industries and accurately address the talent demand "
                    "of enterprises, the list is subject to periodical update.")

# Appendix, section 3 ("High-demand occupation").
HIGH_DEMAND_DEFINITION_EN = ("\"High demand\" is usually used to describe the fact that a certain type of "
                             "resources is of short supply at present while it is critical to the development of an "
                             "organization. Generally a high-demand occupation is identified based on three "
                             "indicators.")
HIGH_DEMAND_INDICATORS_EN = (
    "the number of talents is in short supply",
    "the gap between the supply and demand is large",
    "this type of talents is critical to the development of an organization in a certain period of time",
)


# Findings of the report carried as data: (section, heading, quotation, structured values).
SURVEY_SHARE_PERCENT = "38.46"
SURVEY_REASON_EN = "need ideas, methods or aesthetic perspectives different from those commonly found in China"
SURVEY_OTHER_REASONS_EN = ("expansion of foreign markets", "proven experience and guidance", "overseas cooperation")
SURVEY_PHRASE_EN = ("The data show that 38.46% of the surveyed enterprises are in urgent need of foreign talents "
                    "because they \u201cneed ideas, methods or aesthetic perspectives different from those commonly "
                    "found in China\u201d. In addition, expansion of foreign markets, proven experience and guidance "
                    "and overseas cooperation are also key reasons for domestic employers looking for foreign "
                    "talents.")
SECTION_2_2_EN = "International background and globalization as main reason for high demand"
CERTIFICATIONS = ("PMP", "CFA", "CPA", "ACCA")
CERTIFICATIONS_PHRASE_EN = ("Some jobs have clear requirements for professional qualification and certification, "
                            "such as PMP, CFA, CPA and ACCA.")
SECTION_3_3_EN = "High demand for candidates from specialties of data science, finance and economics"
EXPERIENCE_COUNTING_RULE_EN = ("For simplification, jobs with requirements for more than 6 years or 5-10 years of "
                               "working experience are included in the \u201cmore than 5 years\u201d option.")
SECTION_3_5_EN = "More than three years of working experience is required"

# Oddities of the report, published as occ:SourceDefect (reported by `occlink validate`, never
# repaired): (kind, key, affected ids, message).
SOURCE_DEFECTS = (
    ("grammar", "more-than-1-years", ("s17", "s19"),
     "Table 2 no. 17 and 19 print \"More than 1 years of related experience\"; kept as printed "
     "(occ:minimumYearsOfExperience 1)."),
    ("inconsistent-heading", "professional-service", ("industry/professional-service",),
     "Tables 1 and 2 head the last industry group \"Professional service industry\"; sections 2.1, 3.1 and "
     "3.2 call it \"other professional service industries\". Both spellings are kept on "
     "qh:industry/professional-service (prefLabel and altLabel)."),
)
