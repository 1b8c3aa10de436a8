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

ENTERPRISES_SURVEYED = 1500
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
