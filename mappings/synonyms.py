"""Recruitment wording → classification wording (Chinese synonym layer and title cleaning).

Why: job ads say 人事, 财务, 客服, 老师, 司机, "Java", "architect"; the national
classification says 人力资源, 会计, 客户服务, 教师, 驾驶员, 软件, 工程技术人员.
These tables are *general* vocabulary correspondences (each one holds for any
title containing the word), never rules for particular titles. A synonym only
adds search features (weight SYNONYM_WEIGHT in the matcher); scores are still
computed on the real labels, so a wrong expansion costs little.

Title cleaning removes recruitment noise before matching: the employer in
"某某公司招聘X", bracketed remarks (places, job codes like (MJ004615)),
benefit phrases (五险一金, 双休 …) and seniority / time words.
"""

from __future__ import annotations

import re

# recruitment word (normalized) → classification words it stands for
ZH_SYNONYMS: dict[str, tuple[str, ...]] = {
    "人事": ("人力资源",), "招聘专员": ("人力资源",), "hr": ("人力资源",), "hrbp": ("人力资源",),
    "薪酬": ("人力资源",), "绩效": ("人力资源",), "培训师": ("职业培训师",),
    "财务": ("会计",), "出纳": ("会计",), "记账": ("会计",), "税务": ("税务专业",),
    "研发": ("研究", "开发", "工程技术"), "运维": ("运行维护",), "客服": ("客户服务",),
    "老师": ("教师",), "讲师": ("教师",), "高中": ("高级中学",), "初中": ("初级中学",),
    "幼教": ("幼儿园教师",), "家教": ("家庭教育",), "早教": ("婴幼儿",),
    "前端": ("软件",), "后端": ("软件",), "java": ("软件",), "python": ("软件",), "php": ("软件",),
    "golang": ("软件",), "c++": ("软件",), "c#": ("软件",), ".net": ("软件",), "ios": ("软件",),
    "android": ("软件",), "安卓": ("软件",), "全栈": ("软件",), "程序员": ("程序设计", "软件"),
    "编程": ("程序设计", "软件"), "算法": ("人工智能", "软件"), "网管": ("网络", "运行维护"),
    "实施工程师": ("信息系统",), "数据库": ("数据",), "dba": ("数据库",), "etl": ("数据分析处理",),
    "ui": ("视觉传达设计", "数字媒体"), "美工": ("美术", "设计"), "平面设计": ("视觉传达设计",),
    "文案": ("编辑", "文字"), "新媒体": ("全媒体",), "自媒体": ("全媒体",), "短视频": ("全媒体", "剪辑"),
    "主播": ("互联网营销",), "直播": ("互联网营销",), "带货": ("互联网营销",), "电商": ("电子商务",),
    "外贸": ("国际商务",), "跨境": ("国际商务", "电子商务"), "销售": ("营销", "销售"), "推销": ("营销",),
    "业务员": ("营销员",), "导购": ("营业员",), "店员": ("营业员",), "收银": ("收银员",),
    "司机": ("驾驶员",), "驾驶": ("驾驶员",), "货车": ("货运汽车",), "送货": ("配送", "货运"),
    "快递": ("快递员",), "外卖": ("配送",), "骑手": ("配送",), "仓管": ("仓储管理",),
    "保安": ("保安员",), "保洁": ("保洁员",), "厨师": ("烹调师",), "厨工": ("烹调",), "面点": ("面点师",),
    "服务生": ("服务员",), "文员": ("办事员",), "行政": ("行政事务", "办事员"), "前台": ("前厅",),
    "医生": ("医师",), "护工": ("护理员",), "月嫂": ("家政", "护理"), "保姆": ("家政服务员",),
    "育婴": ("保育",), "汽修": ("汽车维修",), "机修": ("机械维修", "修理"), "修理": ("维修",),
    "质检": ("质检员", "检验"), "品管": ("质量管理",), "品质": ("质量",), "测试": ("测试", "检验"),
    "地产": ("房地产",), "房产": ("房地产",), "置业顾问": ("房地产经纪",), "物管": ("物业管理",),
    "会籍": ("客户服务",), "理财": ("金融", "理财"), "信贷": ("信贷员",), "风控": ("风险管理",),
    "法务": ("法律顾问",), "审计": ("审计",), "造价": ("工程造价",), "预算": ("造价",),
    "施工员": ("建筑施工",), "监理": ("工程监理",), "测绘": ("测绘",), "电工": ("电工",),
    "普工": ("生产",), "学徒": ("学徒",),
}

# English title words → search words of the national English labels (added, not replacing)
EN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "architect": ("engineering", "technician"), "specialist": ("professional",),
    "expert": ("professional",), "developer": ("software",), "programmer": ("software",),
    "coder": ("software",), "frontend": ("software",), "backend": ("software",),
    "fullstack": ("software",), "devops": ("operation", "maintenance"),
}

# Time / seniority / employment words removed anywhere in a Chinese title (longest first).
ZH_NOISE_WORDS: tuple[str, ...] = (
    "五险一金", "六险一金", "周末双休", "双休", "单休", "包吃住", "包住", "包吃", "高薪", "急聘", "急招", "诚聘",
    "诚招", "直招", "年薪", "月薪", "底薪", "提成", "无责任", "无经验", "可兼职", "可全职", "兼职", "全职",
    "暑期", "寒假", "暑假", "实习生", "实习", "校招", "社招", "应届生", "应届", "储备", "管培生", "见习",
)


# world_knowledge.tsv: school stage/grade words (layer school) and the subject words dropped beside them
SCHOOL_STAGE_WORDS: list[str] = []
SCHOOL_SUBJECT_WORDS: list[str] = []


def _load_world_knowledge() -> None:
    """Add the layers of ``world_knowledge.tsv`` (project work, see its header): synonym layers extend
    ZH_SYNONYMS, the ``workplace`` layer extends the words removed from titles."""
    global ZH_NOISE_WORDS
    from importlib import resources
    text = resources.files("occlink.mappings").joinpath("world_knowledge.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    header, body = rows[0], rows[1:]
    assert header[:3] == ["layer", "word", "stands_for"], "world_knowledge.tsv: unexpected header"
    noise = list(ZH_NOISE_WORDS)
    for layer, word, stands_for, *_note in body:
        word = word.strip().lower()
        if layer == "workplace":
            if word not in noise:
                noise.append(word)
        elif layer == "subject":
            SCHOOL_SUBJECT_WORDS.append(word)
        else:
            if layer == "school":
                SCHOOL_STAGE_WORDS.append(word)
            terms = tuple(t for t in stands_for.split("|") if t)
            ZH_SYNONYMS[word] = ZH_SYNONYMS.get(word, ()) + tuple(t for t in terms if t not in ZH_SYNONYMS.get(word, ()))
    ZH_NOISE_WORDS = tuple(noise)


_load_world_knowledge()
_RECRUIT = re.compile(r"^(.*?)(?:招聘|诚聘|急聘|诚招|急招|直招)(?=[\u4e00-\u9fffA-Za-z])")
# what may follow 招聘 in a real occupation name (招聘师, 招聘专员): then nothing is removed
_RECRUIT_HEADS = ("师", "专员", "主管", "经理", "助理", "顾问", "总监", "负责人", "人员", "生")
_BRACKETS = re.compile(r"[(\[（【〔{<《][^()\[\]（）【】〔〕{}<>《》]*[)\]）】〕}>》]")
# salaries and job codes (7000起, 8k, 1.5万), not "3D", "4S", "UE4"
_DIGITS = re.compile(r"\d+(?:\.\d+)?(?:[kKwW千万元]|(?=\d{2})\d+)[\d+\-~/kKwW千万元]*[起/月]*")


def clean_zh_title(text: str) -> str:
    """Remove recruitment noise from a Chinese title; returns ``text`` unchanged when
    nothing is left (the cleaning must never erase the title itself)."""
    out = _BRACKETS.sub(" ", text)
    match = _RECRUIT.match(out)
    if match and not out[match.end():].startswith(_RECRUIT_HEADS) and len(out) - match.end() >= 2:
        out = out[match.end():]   # the employer before 招聘 is not the occupation
    for word in ZH_NOISE_WORDS:
        out = out.replace(word, " ")
    if any(stage in out for stage in SCHOOL_STAGE_WORDS):  # the stage, not the subject, decides
        for word in SCHOOL_SUBJECT_WORDS:
            out = out.replace(word, " ")
    out = _DIGITS.sub(" ", out)
    out = " ".join(out.split())
    return out if len(out.replace(" ", "")) >= 2 else text
