"""What the source article (吉林日报, 2022-09-11) states, and nothing more.

Where the article is silent (a project's region, amount or stage; an event's dates; a policy's
full title or issuer) the field stays blank. Industry tags are given only where a project's own
name says what it makes.
"""

from datetime import date
from decimal import Decimal

ARTICLE_FILE = "jilin-daily-2022-09-11-investment.txt"
ARTICLE = {
    "original_code": "010070050010000000000000011100001128989292",
    "published_at": "2022-09-11 09:19:53",
    "source": "吉林日报",
    "editor": "赵石乐",
    "channel": "招商动态",
}

CHANNELS = ["招商动态", "政策解读", "重大项目"]

# (name, tier, order): the three trillion-level and five hundred-billion-level industries.
INDUSTRIES = [
    ("现代新型汽车和零部件", "trillion", 1),
    ("农产品及其深加工和食品细加工", "trillion", 2),
    ("冰雪和避暑休闲生态旅游", "trillion", 3),
    ("医药健康", "hundred_billion", 4),
    ("装备制造", "hundred_billion", 5),
    ("电子信息", "hundred_billion", 6),
    ("数字经济", "hundred_billion", 7),
    ("现代服务业", "hundred_billion", 8),
]

# The English pages' names for the channels and industries (not from the article).
CHANNELS_EN = {
    "招商动态": "Investment News",
    "政策解读": "Policy Explained",
    "重大项目": "Major Projects",
}
INDUSTRIES_EN = {
    "现代新型汽车和零部件": "Modern Automotive and Parts",
    "农产品及其深加工和食品细加工": "Agricultural Products and Food Processing",
    "冰雪和避暑休闲生态旅游": "Ice-and-Snow and Summer Eco-tourism",
    "医药健康": "Medicine and Health",
    "装备制造": "Equipment Manufacturing",
    "电子信息": "Electronics and Information",
    "数字经济": "Digital Economy",
    "现代服务业": "Modern Services",
}

# Named as they appear; the article says nothing of their ownership or rankings.
COMPANIES = [
    "奥迪", "一汽", "中车", "华润", "维信诺", "北科生物", "风帆", "吉化", "四环制药",
    "广药集团", "国家电网", "中国通用", "中建材", "京东", "月星",
]  # fmt: skip

# name → region slug (None: not stated), stage, industries, investors, featured, summary
PROJECTS = {
    "奥迪一汽新能源汽车项目": {
        "region": "changchun",
        "stage": "under_construction",
        "industries": ["现代新型汽车和零部件"],
        "investors": ["奥迪", "一汽"],
        "featured": True,
        "summary": "长春市重大项目，2022年6月28日全面开工，加速落地。",
    },
    "中车新能源产业基地项目": {
        "investors": ["中车"],
        "featured": True,
        "summary": "2022年7月11日实现产品下线。",
    },
    "山水蓄能三峡工程": {
        "featured": True,
        "summary": "“山水蓄能三峡”工程2022年7月30日全面启动。",
    },
    "华润零碳产业园": {
        "investors": ["华润"],
        "summary": "各地区以商招商、叩门招商务实推动的重点项目。",
    },
    "维信诺汽车车载屏模组": {
        "investors": ["维信诺"],
        "summary": "各地区以商招商、叩门招商务实推动的重点项目。",
    },
    "北科生物广谱抗癌药": {
        "industries": ["医药健康"],
        "investors": ["北科生物"],
        "summary": "各地区以商招商、叩门招商务实推动的重点项目。",
    },
    "风帆蓄电池生产": {
        "investors": ["风帆"],
        "summary": "各地区以商招商、叩门招商务实推动的重点项目。",
    },
    "华润中心": {
        "region": "changchun",
        "investors": ["华润"],
        "summary": "长春市重大项目，加速落地。",
    },
    "东北亚国际会展中心": {"region": "changchun", "summary": "长春市重大项目，加速落地。"},
    "吉化120万吨乙烯转型升级": {
        "region": "jilin",
        "investors": ["吉化"],
        "summary": "吉林市项目，正在推进。",
    },
    "新型电力电子器件基地": {"region": "jilin", "summary": "吉林市项目，正在推进。"},
    "中国黑土地保护农机产品创新示范基地": {
        "region": "siping",
        "summary": "四平市项目，已先后落地。",
    },
    "中国·东丰松子产业园": {"region": "dongfeng", "summary": "辽源市项目，稳步推进。"},
    "200MWh储能电站及50万千瓦风电场": {
        "region": "baicheng",
        "stage": "under_construction",
        "summary": "白城市项目，陆续开工建设。",
    },
    "池北区蓝梅溪谷建设项目": {"region": "changbaishan", "summary": "长白山管委会项目，持续推进。"},
    "农产品冷链及现代化智慧物流园区": {
        "region": "meihekou",
        "stage": "under_construction",
        "summary": "梅河口市项目，相继开工建设。",
    },
    "四环制药特医食品产业园": {
        "region": "meihekou",
        "stage": "under_construction",
        "industries": ["医药健康"],
        "investors": ["四环制药"],
        "summary": "梅河口市项目，相继开工建设。",
    },
}

# (project, date, kind, description)
MILESTONES = [
    ("奥迪一汽新能源汽车项目", date(2022, 6, 28), "construction_started", "全面开工"),
    ("中车新能源产业基地项目", date(2022, 7, 11), "rolled_off", "实现产品下线"),
    ("山水蓄能三峡工程", date(2022, 7, 30), "launched", "全面启动"),
]

EVENTS = {
    "第二届中国新电商大会": {
        "kind": "conference",
        "reported_project_count": 15,
        "reported_amount": Decimal("88.64"),
        "reported_amount_basis": "contract",
        "reported_large_count": None,
        "summary": (
            "2022年吉林省举办的重大招商引资活动。"
            "大会上签约重点项目15个、合同引资额88.64亿元，有力助推了新电商产业发展。"
        ),
    },
    "第七届全球吉商大会": {
        "kind": "conference",
        "reported_project_count": 69,
        "reported_amount": Decimal("663.02"),
        "reported_amount_basis": "total",
        "reported_large_count": 24,
        "summary": (
            "2022年吉林省举办的重大招商引资活动。"
            "大会期间共签约项目69个，总投资额663.02亿元，其中10亿元及以上项目24个。"
        ),
    },
}

POLICIES = {
    "支持民营经济发展40条": {"kind": "private_economy", "declared_measure_count": 40},
    "扩大开放100条": {"kind": "opening_up", "declared_measure_count": 100},
}

# (indicator, year, month_start, month_end, yoy_growth, approximate, remark)
STATISTICS = [
    (
        "招商引资到位资金",
        2021,
        1,
        12,
        Decimal("30"),
        True,
        "连续4年全省招商引资到位资金增长30%左右（2022年9月报道，末年按2021年计）。",
    ),
    (
        "招商引资到位资金",
        2022,
        1,
        7,
        Decimal("14"),
        False,
        "今年1至7月，全省招商引资签约项目到位资金增长14%。",
    ),
]
