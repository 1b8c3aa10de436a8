"""Two independent encodings of Qianhai Tables 1-3 must agree.

SEED below is a second encoding of the report's tables, kept inside the test
suite: the cells as the seed text prints them (page-break rows re-joined) plus
hand-typed class codes. It is compared field by field with the packaged
transcription (taxonomy/qianhai2020.tsv read through qianhai_table), so a typo
in either shows up as a failure.

Codes: industry F financial, T science and technology service, I information
service, G modern logistics, P professional service; duration S short term,
L long term, N near future; severity M moderately, R relatively, E extremely.
"""

from __future__ import annotations

import re

import pytest

from occlink.taxonomy.qianhai_table import default_list

INDUSTRY = {"F": "financial", "T": "science-and-technology-service", "I": "information-service",
            "G": "modern-logistics", "P": "professional-service"}
DURATION = {"S": "short-term", "L": "long-term", "N": "near-future"}
SEVERITY = {"M": "moderately-short", "R": "relatively-short", "E": "extremely-short"}
HEADINGS = {"F": "Financial industry", "T": "Science and technology service industry",
            "I": "Information service industry", "G": "Modern logistics industry",
            "P": "Professional service industry"}
DURATION_PHRASE = {"S": "Demand to remain high in the short term (1-3 years)",
                   "L": "Demand to remain high in the long term (>3 years)",
                   "N": "Demand to remain high in the near future (<1 year)"}
SEVERITY_PHRASE = {"M": "Moderately short supply", "R": "Relatively short supply", "E": "Extremely short supply"}

# (table, no., industry, years, duration, severity, name, competency cell, education cell)
SEED = [
    (1, 1, 'F', 3, 'S', 'E', 'Investment management specialist',
     '1. Professional knowledge of securities investment, strategy trading, etc.; 2. Ability of industry research and market analysis; 3. Market insights and risk control ability.',
     "1. Economics, finance, investment, financial mathematics and other related specialties; 2. Master's degree."),
    (1, 2, 'F', 3, 'S', 'E', 'Capital operation specialist',
     '1. Professional knowledge of financial management, investment, financing, etc.; 2. Ability of operation management and macro analysis; 3. Ability of communication, coordination and resource consolidation.',
     "1. Finance, business administration and other related specialties; 2. Master's degree."),
    (1, 3, 'F', 3, 'S', 'E', 'Financial planner',
     '1. Professional knowledge of financial instruments, tax planning, wealth distribution, financial law, etc.; 2. Ability of market research and analysis; 3. Ability of communication and coordination, and awareness of customer service.',
     "1. Economics, finance, taxation, law and other related specialties; 2. Master's degree."),
    (1, 4, 'F', 5, 'S', 'E', 'Risk underwriter',
     '1. Professional knowledge of risk evaluation; 2. Being oriented to customer needs and problem solution; 3. Ability of risk control, judgment and decision-making.',
     "1. Insurance, finance and other related specialties; 2. Master's degree."),
    (1, 5, 'F', 5, 'L', 'E', 'Financial technology specialist',
     '1. Combined professional knowledge of technology and finance; 2. Ability of research, analysis and development; 3. Ability of pioneering and innovation.',
     "1. Financial technology, economics, finance, computer science and other related specialties; 2. Doctor's degree."),
    (1, 6, 'T', 5, 'L', 'E', 'AI engineer',
     '1. Professional knowledge of artificial intelligence-related algorithms, deep learning, etc.; 2. Ability of research, analysis and development; 3. Ability of pioneering and innovation.',
     "1. Computer science and other related specialties; 2. Master's degree (doctor's degree or postdoctoral education preferred)."),
    (1, 7, 'T', 3, 'L', 'M', 'AI trainer',
     '1. Professional knowledge of database management, algorithm parameter setting, human-computer interaction design, etc.; 2. Ability of design and data analysis; 3. Ability of pioneering and innovation.',
     "1. Computer science and other related specialties; 2. Bachelor's degree."),
    (1, 8, 'T', 5, 'L', 'E', 'Industrial Internet specialist',
     '1. Professional knowledge of Internet engineering, network security, etc.; 2. Ability of research, design and development; 3. Ability of pioneering, innovation and resource consolidation.',
     "1. Computer science, information engineering and other related specialties; 2. Master's degree."),
    (1, 9, 'T', 3, 'L', 'R', 'Blockchain scenario application engineer',
     '1. Professional knowledge of blockchain technology, etc.; 2. Ability of research, design and development; 3. Ability of pioneering and innovation.',
     "1. Computer science, information and communication engineering and other related specialties; 2. Bachelor's degree."),
    (1, 10, 'T', 5, 'L', 'R', 'Virtual reality specialist',
     '1. Professional knowledge of virtual reality; 2. Ability of research, design and development; 3. Ability of pioneering and innovation.',
     "1. Computer science, software engineering, optoelectronic information science and engineering, simulation technology and other related specialties; 2. Master's degree."),
    (1, 11, 'T', 5, 'S', 'M', 'Geophysical science and technology specialist',
     '1. Professional knowledge of geophysics, etc.; 2. Ability of investigation, research and macro planning; 3. Ability of pioneering, innovation and problem solution.',
     "1. Geophysics, space science and technology and other related specialties; 2. Doctor's degree."),
    (1, 12, 'T', 5, 'S', 'M', 'Marine space science and technology specialist',
     '1. Professional knowledge of marine science, engineering design, etc.; 2. Ability of investigation, research and design; 3. Ability of pioneering, innovation and problem solution.',
     "1. Specialty of ship and marine engineering; 2. Master's degree."),
    (1, 13, 'T', 5, 'L', 'E', 'Consultant for commercialization of scientific research achievements',
     '1. Professional knowledge of investment and financing, technology transfer and industrialization, intellectual property rights, etc.; 2. Ability of evaluation and diagnosis and awareness of customer service; 3. Ability of resource consolidation and problem solution.',
     "1. Engineering, science, management science, finance, economics, law and other related specialties; 2. Master's degree."),
    (1, 14, 'T', 10, 'L', 'M', 'Executive in charge of technological innovation',
     '1. Professional knowledge of enterprise management; 2. Ability of strategic planning and forward-looking innovation; 3. Ability of resource consolidation, leadership and management.',
     "1. Engineering, science, law, management science and other related specialties; 2. Master's degree (doctor's degree preferred)."),
    (1, 15, 'I', 5, 'N', 'E', 'Information system management specialist',
     '1. Professional knowledge of information security, information engineering, etc.; 2. Ability of research, development and system evaluation; 3. Ability of pioneering, innovation and emergency response.',
     "1. Computer science, information and communication engineering and other related specialties; 2. Bachelor's degree."),
    (1, 16, 'G', 5, 'L', 'R', 'Supply chain management specialist',
     '1. Professional knowledge of supply chain management; 2. Ability of research design and macro analysis; 3. Ability of pioneering, innovation and resource consolidation.',
     "1. Engineering and other related specialties; 2. Bachelor's degree."),
    (1, 17, 'G', 5, 'N', 'M', 'Logistics equipment and R&D specialist',
     '1. Professional knowledge of logistics management, logistics engineering, etc.; 2. Ability of R&D and design; 3. Ability of pioneering and innovation.',
     "1. Engineering and other related specialties; 2. Bachelor's degree."),
    (1, 18, 'P', 5, 'S', 'E', 'Intelligent industrial design specialist',
     '1. Professional knowledge of intelligent industry, interaction design, etc.; 2. Ability of research, design and development; 3. Ability of pioneering, innovation, and problem analysis and solution.',
     "1. Industrial design, behavioral science and design, and other related specialties; 2. Bachelor's degree."),
    (1, 19, 'P', 3, 'S', 'R', 'Creative product design specialist',
     '1. Professional knowledge of product design, arts and crafts, etc.; 2. Ability of market analysis, design and R&D; 3. Ability of pioneering, innovation, communication and coordination.',
     "1. Design and other related specialties; 2. Bachelor's degree."),
    (1, 20, 'P', 5, 'N', 'R', 'Digital media art specialist',
     '1. Professional knowledge of art, science and technology, etc.; 2. Ability of research, design and development; 3. Ability of pioneering and innovation.',
     "1. Digital media art and other related specialties; 2. Master's degree."),
    (1, 21, 'P', 5, 'S', 'R', 'International construction engineering specialist',
     '1. Professional knowledge of building and structure design, project management, etc.; 2. Ability of design and development, and comprehensive planning; 3. Ability of pioneering and innovation, and international cultural background',
     "1. Environmental art, architecture, fine arts and other related specialties; 2. Master's degree."),
    (1, 22, 'P', 5, 'S', 'R', 'High-end property management specialist',
     '1. Professional knowledge of property management, asset management, etc.; 2. Ability of market development and consciousness of customer service; 3. Ability of communication, coordination and emergency response.',
     "1. Management and other related specialties; 2. Bachelor's degree."),
    (1, 23, 'P', 5, 'L', 'M', 'International channel and marketing specialist',
     '1. Professional knowledge of marketing, channel development, product operation, etc.; 2. Ability of market analysis, forecast and evaluation; 3. Ability of communication, coordination and emergency response.',
     "1. Marketing, international trade and other related specialties; 2. Master's degree."),
    (1, 24, 'P', 5, 'S', 'M', 'International trade and business operation specialist',
     '1. Professional knowledge of cross-border trade, business operation, etc.; 2. Ability of market analysis and business negotiation; 3. Ability of resource consolidation, communication and coordination.',
     "1. International economy and trade, business administration, international economic law and other related specialties; 2. Master's degree."),
    (1, 25, 'P', 5, 'L', 'M', 'Intelligent project management specialist',
     '1. Professional knowledge of project management and information management, and PMP, Agile PMP and other qualification certificates; 2. Ability of organization, planning, forecasting and evaluation; 3. Ability of leadership, management, communication and coordination.',
     "1. Management science and engineering, information engineering and other related specialties; 2. Master's degree."),
    (1, 26, 'P', 3, 'L', 'R', 'Technological innovation investment specialist',
     '1. Professional knowledge of investment and financing, innovative technology, etc.; 2. Ability of research, analysis and strategic planning; 3. Ability of pioneering, innovation, prediction and evaluation.',
     "1. Finance, economics, financial management and other related specialties; 2. Master's degree."),
    (1, 27, 'P', 5, 'L', 'M', 'International standardization research specialist',
     '1. Professional knowledge of standardization engineering, international technical standards, etc.; 2. Research ability and international vision; 3. Ability of pioneering and innovation.',
     "1. Business administration and other related specialties; 2. Master's degree."),
    (1, 28, 'P', 3, 'S', 'M', 'Strategy and policy research specialist',
     '1. Professional knowledge of strategic planning, policy research, etc.; 2. Research and macro planning capability; 3. Ability of problem analysis and solution, and prediction and evaluation.',
     "1. Public administration, administration management, business administration, finance, economics, international relations and other related specialties; 2. Master's degree."),
    (1, 29, 'P', 5, 'S', 'M', 'Strategic planning and management specialist for international operations',
     '1. Professional knowledge of plan preparation, project analysis, strategic evaluation, etc.; 2. Research ability and international vision; 3. Ability of pioneering, innovation, prediction and evaluation.',
     "1. Economics, finance and other related specialties; 2. Master's degree."),
    (2, 1, 'F', 3, 'L', 'M', 'Multinational asset management specialist',
     '1. Professional knowledge of international investment and financing, asset management, etc.; 2. Ability of international market research and risk management; 3. Ability of resource consolidation, prediction and evaluation.',
     "1. Economics, management science, law and other related specialties; 2. Master's degree."),
    (2, 2, 'F', 3, 'L', 'M', 'Actuary',
     '1. Professional knowledge of actuarial valuation, etc.; 2. Ability of research and analysis; 3. Ability of prediction and evaluation.',
     "1. Actuarial science, financial mathematics, applied economics, management science and other related specialties; 2. Master's degree."),
    (2, 3, 'F', 3, 'L', 'M', 'Asset appraiser',
     '1. Professional knowledge of asset appraisal, etc.; 2. Ability of research and analysis; 3. Ability of prediction, evaluation and communication.',
     "1. Management science, economics and other related specialties; 2. Master's degree."),
    (2, 4, 'T', 5, 'L', 'E', 'IoT architect',
     '1. Professional knowledge of IoT engineering, etc.; 2. Ability of research, design and development; 3. Ability of pioneering and innovation.',
     "1. Computer science, software engineering and other related specialties; 2. Master's degree."),
    (2, 5, 'T', 5, 'L', 'E', 'Intelligent manufacturing specialist',
     '1. Professional knowledge of intelligent manufacturing, etc.; 2. Ability of research, design and development; 3. Ability of pioneering and innovation.',
     "1. Computer science and other related specialties; 2. Master's degree."),
    (2, 6, 'T', 5, 'L', 'E', 'Blockchain engineer',
     '1. Professional knowledge of block chain platform architecture, etc.; 2. Ability of research, design and development; 3. Ability of pioneering and innovation.',
     "1. Computer science, information and communication engineering and other related specialties; 2. Master's degree."),
    (2, 7, 'T', 3, 'L', 'R', 'Additive manufacturing specialist',
     '1. Professional knowledge of additive manufacturing, etc.; 2. Ability of research, design and development; 3. Ability of pioneering and innovation.',
     "1. Computer science, software engineering, material engineering, mechanical engineering and other related specialties; 2. Master's degree."),
    (2, 8, 'T', 5, 'L', 'E', 'Electronic material specialist',
     '1. Professional knowledge of semiconductor, optical fiber materials, integrated circuits, etc.; 2. Ability of research, design and development; 3. Ability of pioneering and innovation.',
     "1. Integrated circuit design, semiconductor, material engineering, electronic engineering and other related specialties; 2. Bachelor's degree."),
    (2, 9, 'T', 3, 'L', 'E', 'Basic science research and application innovation specialist',
     '1. Professional knowledge of basic science, etc.; 2. Ability of research and development; 3. Ability of pioneering and innovation.',
     "1. Science, technology, engineering, mathematics and other related specialties; 2. Master's degree."),
    (2, 10, 'I', 3, 'L', 'R', 'Big data engineer',
     '1. Professional knowledge of big data management and application, etc.; 2. Ability of research, development, analysis and application; 3. Ability of pioneering and innovation.',
     "1. Computer science, information and communication engineering and other related specialties; 2. Master's degree."),
    (2, 11, 'I', 3, 'L', 'R', 'Cloud computing specialist',
     '1. Professional knowledge of cloud computing technology, etc.; 2. Ability of research, development, analysis and application; 3. Ability of pioneering and innovation.',
     "1. Computer science, information and communication engineering and other related specialties; 2. Master's degree."),
    (2, 12, 'I', 5, 'L', 'R', 'Engineering information modeling specialist',
     '1. Professional knowledge of project management, information modeling, etc.; 2. Ability of research, analysis and macro planning; 3. Ability of problem analysis and solution.',
     "1. Architecture, information and communication engineering and other related specialties; 2. Master's degree."),
    (2, 13, 'I', 3, 'L', 'R', 'Enterprise digitalization manager',
     '1. Professional knowledge of enterprise management, digital engineering, etc.; 2. Ability of research, analysis and macro planning; 3. Ability of prediction and evaluation.',
     "1. Computer science, information and communication engineering and other related specialties; 2. Master's degree."),
    (2, 14, 'P', 3, 'L', 'R', 'Intellectual property management specialist',
     '1. Professional knowledge of intellectual property laws and international rules, etc.; 2. Ability of communication and negotiation; 3. Ability of logical thinking.',
     "1. Law and other related specialties (science and engineering background preferred); 2. Master's degree."),
    (2, 15, 'P', 5, 'L', 'R', 'Cross-border dispute resolution lawyer',
     '1. Professional knowledge of international trade laws and rules, etc.; 2. Ability of communication and negotiation; 3. Ability of logical thinking.',
     "1. Law, international trade and other related specialties; 2. Master's degree."),
    (2, 16, 'P', 3, 'L', 'R', 'International human resource service headhunter',
     '1. Professional knowledge of intermediary services, etc. for international human resources; 2. Communication ability and international vision; 3. Ability of resource consolidation.',
     "1. Human resources and other related specialties; 2. Bachelor's degree."),
    (2, 17, 'P', 1, 'L', 'R', 'Occupational training and talent development specialist',
     '1. Professional knowledge of occupational ability training and development, etc.; 2. Ability of research, design, and problem analysis and solution. 3. Ability of communication and coordination.',
     "1. Education, psychology, media and other related specialties; 2. Bachelor's degree."),
    (2, 18, 'P', 3, 'L', 'R', 'Occupational certification and evaluation specialist',
     '1. Professional knowledge of mutual recognition of occupational qualifications, etc.; 2. Research ability and international vision; 3. Ability of problem analysis and solution.',
     "1. Human resources and other related specialties; 2. Bachelor's degree."),
    (2, 19, 'P', 1, 'L', 'R', 'Remuneration design specialist',
     '1. Professional knowledge of remuneration schemes, performance management, etc.; 2. Ability of research, and problem analysis and solution; 3. Ability of communication and coordination.',
     "1. Human resources and other related specialties; 2. Bachelor's degree."),
    (2, 20, 'P', 3, 'L', 'R', 'Immigration management specialist',
     '1. Professional knowledge of immigration regulations, etc.; 2. Ability of research and market analysis; 3. Ability of communication and awareness of customer service.',
     "1. Foreign language, law and other related specialties; 2. Bachelor's degree."),
    (2, 21, 'P', 5, 'L', 'R', 'Cross-culture management specialist',
     '1. Professional knowledge of social psychology, etc.; 2. International cultural background and international vision; 3. Ability of communication and coordination.',
     "1. Human resources, psychology, sociology, management science and other related specialties; 2. Master's degree."),
]

TABLE3 = {
    "Data science and information engineering": [
        "AI trainer", "Intelligent industrial design specialist", "Blockchain scenario application engineer",
        "Virtual reality specialist", "Geophysical science and technology specialist",
        "Marine space science and technology specialist", "Information system management specialist"],
    "Finance and economics": [
        "Financial technology specialist", "Investment management specialist", "Capital operation specialist",
        "Risk underwriter", "Technological innovation investment specialist", "Financial planner",
        "Strategic planning and management specialist for international operations"],
    "Business administration and law": [
        "Industrial Internet specialist", "Executive in charge of technological innovation",
        "Consultant for commercialization of scientific research achievements",
        "Strategy and policy research specialist", "International standardization research specialist",
        "International trade and business operation specialist", "International channel and marketing specialist"],
}


def _statements(cell: str) -> list[str]:
    """'1. a; 2. b; 3. c.' → [a, b, c] (separator punctuation dropped, 'etc.' kept)."""
    parts = re.split(r"(?:^|\s)\d\.\s+", cell)[1:]
    out = []
    for part in parts:
        part = part.strip()
        if part.endswith(";") or (part.endswith(".") and not part.endswith("etc.")):
            part = part[:-1]
        out.append(part.strip())
    return out


def _education(cell: str) -> tuple[list[str], bool, str, str]:
    specialties, degree = _statements(cell)
    preference = ""
    for text in (specialties, degree):
        found = re.search(r"\(([^)]*)\)", text)
        if found:
            preference = found.group(1)
    specialties = re.sub(r"\s*\([^)]*\)", "", specialties)
    degree = re.sub(r"\s*\([^)]*\)", "", degree)
    open_list = "other related specialties" in specialties
    specialties = specialties.replace(", and other related specialties", "").replace(" and other related specialties", "")
    if specialties.startswith("Specialty of "):
        specialties = specialties[len("Specialty of "):]
    names = [s[:1].lower() + s[1:] for s in specialties.split(", ")]
    level = {"Bachelor's degree": "bachelor", "Master's degree": "master", "Doctor's degree": "doctor"}[degree]
    return names, open_list, level, preference


def _id(table: int, no: int) -> str:
    return f"{'d' if table == 1 else 's'}{no:02d}"


@pytest.fixture(scope="module")
def transcription():
    return default_list()


def test_seed_encoding_is_complete():
    assert [(t, n) for t, n, *_ in SEED] == [(1, n) for n in range(1, 30)] + [(2, n) for n in range(1, 22)]


def test_same_occupations(transcription):
    assert sorted(transcription.occupations) == sorted(_id(t, n) for t, n, *_ in SEED)


@pytest.mark.parametrize("row", SEED, ids=[_id(r[0], r[1]) for r in SEED])
def test_every_field_agrees(transcription, row):
    table, no, industry, years, duration, severity, name, competencies, education = row
    occ = transcription.occupations[_id(table, no)]
    assert occ.table == table and occ.list_no == no
    assert occ.orientation == ("demand-oriented" if table == 1 else "strategy-oriented")
    assert occ.name_en == name
    assert occ.industry == INDUSTRY[industry]
    assert occ.industry_heading == HEADINGS[industry]
    assert list(occ.competencies) == _statements(competencies)
    assert occ.education_phrase == education
    specialties, open_list, level, preference = _education(education)
    assert list(occ.specialties) == specialties
    assert occ.specialties_open == open_list
    assert occ.degree_min == level
    assert occ.preference_phrase == preference
    assert occ.experience_years == years
    assert occ.experience_phrase == f"More than {years} years of related experience"
    assert occ.duration == DURATION[duration] and occ.duration_phrase == DURATION_PHRASE[duration]
    assert occ.severity == SEVERITY[severity] and occ.severity_phrase == SEVERITY_PHRASE[severity]


def test_preferred_degrees_where_stated(transcription):
    occ = transcription.occupations
    assert occ["d06"].degree_preferred == ("doctor",)
    assert occ["d06"].qualification_preferred == ("postdoctoral-education",)  # a preference, not a degree
    assert occ["d06"].preference_phrase == "doctor's degree or postdoctoral education preferred"
    assert occ["d14"].degree_preferred == ("doctor",)
    assert occ["s14"].degree_preferred == ()
    assert occ["s14"].preference_phrase == "science and engineering background preferred"
    assert [k for k, o in occ.items() if o.preference_phrase] == ["d06", "d14", "s14"]


def test_html_entities_decoded(transcription):
    assert transcription.occupations["d17"].name_en == "Logistics equipment and R&D specialist"
    assert not any("&amp;" in str(o) for o in transcription.occupations.values())


def test_page_break_rows_are_whole(transcription):
    occ = transcription.occupations
    assert occ["d03"].competencies[2] == "Ability of communication and coordination, and awareness of customer service"
    assert occ["d14"].competencies[2] == "Ability of resource consolidation, leadership and management"
    assert occ["d21"].competencies[2] == "Ability of pioneering and innovation, and international cultural background"
    assert occ["d28"].specialties[-1] == "international relations"
    assert occ["s15"].competencies[2] == "Ability of logical thinking"


def test_table3_agrees(transcription):
    names = {o.id: o.name_en for o in transcription.occupations.values()}
    got = {c.label_en: [names[m] for m in c.members] for c in transcription.categories}
    assert got == TABLE3
