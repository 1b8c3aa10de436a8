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
PUBLISHER_ZH = "北京市人力资源和社会保障局"  # project-supplied: the seed gives only the English name

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


# --- the catalog's own texts (verbatim from its English notes), published as metadata ---------

METHODOLOGY_EN = ("This catalog is developed through market surveys, big data analysis, and research as well as "
                  "interviews with key enterprises.")
METHODS = ("market surveys", "big data analysis", "research", "interviews with key enterprises")


@dataclass(frozen=True)
class Section:
    notation: str   # as numbered in the catalog
    title_en: str
    text_en: str    # verbatim


SECTIONS: tuple[Section, ...] = (
    Section("I", "Purpose of Compilation",
            "The purpose of the Catalog is to provide an objective overview of the human resources market in "
            "Beijing's key industrial sectors, reflecting supply-demand dynamics, salary ranges, and core "
            "competence requirements. Its primary goal is to offer guidance to employers, job seekers and "
            "employees, human resources service providers, and educational institutions regarding recruitment, "
            "job searching, educational programs and skill enhancement. Moreover, the Catalog aims to enhance and "
            "optimize the utilization of human resources, with a specific focus on contributing to the city's "
            "high-quality development in the new era."),
    Section("III", "Application Guidance",
            "(I) The purpose of the Catalog is to help market entities enhance the market-oriented utilization of "
            "human resources. Job seekers and employees can utilize the Catalog as a reference for exploring "
            "employment and entrepreneurship opportunities. The Catalog helps them in their career advancement and "
            "skill development. Employers can consider the Catalog as a guide for talent selection, development, "
            "attraction and employment. The Catalog assists employers in formulating precise human resources "
            "development plans and creating more job opportunities. Human resources service providers can "
            "leverage the Catalog as a key reference to understand market trends and demands. The Catalog supports "
            "these service providers in attracting exceptional talents, both domestically and internationally, "
            "and enables them to provide professional and efficient services for talents or market.\n"
            "(II) The purpose of the Catalog is to assist the educational sector in bridging the gap between human "
            "resources supply and social demands. The Catalog serves as a reference for universities and "
            "vocational colleges to improve and align their majors and curricula accordingly. This helps promote "
            "and strengthen the innovative and practical skills of young talents while expediting structural "
            "reforms in the supply side of human resources. By utilizing the Catalog, educational institutions can "
            "cultivate a greater number of individuals with innovative and practical skills, meeting the demands "
            "of Beijing's high-quality development in the new era.\n"
            "(III) The purpose of the Catalog is to assist training institutions in enhancing the precision and "
            "effectiveness of their human resources training. The Catalog serves as a reference for training "
            "institutions to adjust and develop their training programs accordingly. This facilitates job seekers "
            "and employees in improving their technical skills in a targeted manner. With the help of the Catalog, "
            "training institutions and employers can offer joint training programs that promote "
            "industry-education integration and foster mutual development objectives.\n"
            "(IV) The purpose of the Catalog is to promote the enhancement of services related to human resources "
            "by government departments and social organizations. The Catalog serves as a reference for government "
            "departments at various levels to develop and optimize policies concerning employment, "
            "entrepreneurship and talent services. Additionally, the Catalog supports social organizations in "
            "providing more targeted services to meet the specific needs of individuals."),
    Section("IV", "Supportive Policies",
            "In collaboration with relevant municipal departments, the Beijing Municipal Human Resources and "
            "Social Security Bureau will provide preferential policies and support in accordance with the "
            "requirements specified in the Catalog so as to ensure that the achievements of the Catalog can be "
            "effectively utilized and leveraged. In order to attract more talents, domestic talents, overseas "
            "students and university graduates, as well as postdoctoral researchers engaged in key technologies "
            "and core operations within entities in key industries listed in the Catalog can apply for "
            "settlement, work permits, and residence permits in Beijing if they are eligible. Furthermore, foreign "
            "talented individuals employed by employers who comply with the requirements specified in the Catalog "
            "and relevant regulations can be given priority in obtaining work permits and project funding in "
            "China. Restrictions on their age, educational background and work experience can be relaxed, and the "
            "validity of their work permits can also be extended. In the process of selecting and cultivating "
            "talents, high-level talents who meet the requirements specified in the Catalog will receive "
            "assistance in applying for relevant talent projects and science and technology projects in Beijing. "
            "Additionally, they will also receive recommendations from relevant departments based on their "
            "accomplishments. Furthermore, entities that meet the requirements outlined in the Catalog will be "
            "supported in their applications for advanced study programs aimed at knowledge renewal for technical "
            "talents, and priority will be given to them under the same conditions. To facilitate evaluation and "
            "award, Beijing will enhance the reform of the talent evaluation system in key industries specified in "
            "the Catalog. This will improve career development for technical and skilled talents in these key "
            "industries. The city will assist employers in these key industries to organize vocational training "
            "programs and promote the participation of job seekers and employees. Subsidies will be provided in "
            "accordance with relevant policies and regulations. To improve service, Beijing will encourage human "
            "resources service providers to offer services to market entities that align with the requirements "
            "specified in the Catalog. Additionally, Beijing will strengthen the integration of the Catalog with "
            "the city's financial incentives for headhunting activities. Furthermore, Beijing will actively "
            "promote the Catalog and expand its application scenarios. The city aims to enhance the Catalog's "
            "social impact by organizing a range of activities such as online and offline lectures, exchange "
            "meetings and job fairs. These efforts will contribute to creating a favorable environment for the "
            "effective flow and efficient allocation of human resources."),
)


@dataclass(frozen=True)
class Field:
    component: str      # "key-industries" (I) or "urgent-need" (II)
    notation: str       # section number, e.g. II.(I).2
    title_en: str
    text_en: str        # verbatim
    items: tuple[str, ...] = ()  # what the text enumerates (priorities, kinds, criteria), in its order


FIELDS: tuple[Field, ...] = (
    Field("key-industries", "II.(I).2", "Key areas of human resources development",
          "Beijing will prioritize areas that align with the development of key industries, demonstrate advanced "
          "scientific and technological achievements, have high output efficiency, and play a significant role "
          "in both the supply and demand sides of the human resources market. In addition to the primary emphasis "
          "on research and development (R&D) and practical application, the key areas will also prioritize "
          "manufacturing, technology transfer, commercialization of achievements, and services associated with "
          "fintech, intellectual property rights and human resources.",
          ("research and development (R&D)", "practical application", "manufacturing", "technology transfer",
           "commercialization of achievements", "fintech", "intellectual property rights", "human resources")),
    Field("key-industries", "II.(I).3", "Core focus areas of human resources development",
          "The core focus areas should encompass specific business directions that represent the forefront of "
          "development in key sectors. These areas should possess solid industrial foundations and promising "
          "prospects, offer practical application scenarios and commercial potential, and exhibit rapid growth "
          "and urgent demands in the human resources industry."),
    Field("key-industries", "II.(I).4", "Representative positions in human resources development",
          "Representative positions are those directly associated with the key technologies, products, and "
          "operations of core focus areas, and they should enjoy a wide recognition in the industry."),
    Field("key-industries", "II.(I).5", "Core competence requirements",
          "Core competence encompasses essential expertise and qualities that individuals need to possess when "
          "working in key areas. These include the ability to conduct academic research, use relevant tools, "
          "engage in product design and application, facilitate commercialization, engage in technology-driven "
          "research and development, techniques of manufacturing, and testing processes, as well as carrying out "
          "operations and management tasks.",
          ("academic research", "use of relevant tools", "product design and application", "commercialization",
           "technology-driven research and development", "manufacturing techniques and testing processes",
           "operations and management")),
    Field("key-industries", "II.(I).6", "Academic background",
          "Academic background refers to majors that closely align with job roles in key areas. The names and "
          "codes of these majors, as per the Catalog of Undergraduate Majors in Regular Higher Education "
          "Institutions issued by the Ministry of Education of the People's Republic of China in April 2023, are "
          "publicly available."),
    Field("key-industries", "II.(I).7", "Ratings for human resources development",
          "The rating system for human resources development is determined by evaluating the level of difficulty "
          "in matching supply and demand, talent training, and successful transitioning to new positions. "
          "Through comprehensive assessments, human resources development efforts will be rated on a five-level "
          "scale, with the highest rating represented by five stars. A higher star level indicates a more urgent "
          "shortage of human resources in key areas and signifies greater development value.",
          ("difficulty in matching supply and demand", "difficulty of talent training",
           "difficulty of successful transitioning to new positions")),
    Field("key-industries", "II.(I).8", "Reference value of the median annual salary",
          "The reference value of the median annual salary corresponds to the median annual salary indicated in "
          "the recruitment process for representative positions within key areas. This salary includes 12-month "
          "earnings and excludes additional components such as equity incentives and dividends. Third-party "
          "platforms collect this reference value from enterprise recruitment information and post information "
          "obtained through sampling surveys conducted in companies. The reference value is calculated by "
          "multiplying the monthly salary mentioned in the enterprise's recruitment information by 12 as of June "
          "2023."),
    Field("urgent-need", "II.(II).1", "Key industries",
          "Industries should align with Beijing's core development direction and exhibit a significant imbalance "
          "in the supply and demand of technical talent."),
    Field("urgent-need", "II.(II).2", "Occupations (types of jobs) that are in urgent need of talents",
          "These occupations (types of jobs) entail core technical skills, stringent expertise requirements, "
          "substantial market demand, and a significant gap between supply and demand. Occupations classified as "
          "green occupations (identified by the code \"L\") and digital occupations (identified by the code "
          "\"S\") in the Occupational Classification Catalog of the People's Republic of China (2022 Edition) are "
          "regarded as occupations (types of jobs) that urgently require talented individuals.",
          ("core technical skills", "stringent expertise requirements", "substantial market demand",
           "a significant gap between supply and demand")),
    Field("urgent-need", "II.(II).4", "Description of occupations (types of jobs)",
          "This refers to a comprehensive depiction of the tasks and scope of occupations (types of jobs)."),
    Field("urgent-need", "II.(II).6", "Reference value of the median annual salary",
          "The reference value of the median annual salary represents the median annual salary specified in the "
          "recruitment process for a particular occupation (type of job). This salary includes 12-month earnings "
          "and excludes additional components such as equity incentives and dividends. Third-party platforms "
          "collect this reference value from enterprise recruitment information and information about urgently "
          "needed positions acquired through company sampling surveys. The reference value is calculated by "
          "multiplying the monthly salary mentioned in the enterprise's recruitment information by 12 as of June "
          "2023."),
)
