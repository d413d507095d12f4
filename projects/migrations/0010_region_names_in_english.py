"""Region names in English, shipped with the regions (0002): the prefecture-level units, the
two the province lists beside them, and every county-level unit. Names an editor has already
translated are kept."""

from django.db import migrations

ENGLISH = {
    "长春市": "Changchun", "吉林市": "Jilin City", "四平市": "Siping", "辽源市": "Liaoyuan",
    "通化市": "Tonghua", "白山市": "Baishan", "松原市": "Songyuan", "白城市": "Baicheng",
    "延边朝鲜族自治州": "Yanbian Korean Autonomous Prefecture", "梅河口市": "Meihekou",
    "长白山管委会": "Changbai Mountain Administrative Committee",
    "南关区": "Nanguan District", "宽城区": "Kuancheng District", "朝阳区": "Chaoyang District",
    "二道区": "Erdao District", "绿园区": "Lüyuan District", "双阳区": "Shuangyang District",
    "九台区": "Jiutai District", "农安县": "Nong'an County",
    "长春经济技术开发区": "Changchun Economic-Technological Development Zone",
    "长春净月高新技术产业开发区": "Changchun Jingyue High-tech Development Zone",
    "长春高新技术产业开发区": "Changchun High-tech Industrial Development Zone",
    "长春汽车经济技术开发区": "Changchun Automotive Economic Development Zone",
    "榆树市": "Yushu", "德惠市": "Dehui", "公主岭市": "Gongzhuling",
    "昌邑区": "Changyi District", "龙潭区": "Longtan District", "船营区": "Chuanying District",
    "丰满区": "Fengman District", "永吉县": "Yongji County",
    "吉林经济开发区": "Jilin Economic Development Zone",
    "吉林高新技术产业开发区": "Jilin High-tech Industrial Development Zone",
    "吉林中国新加坡食品区": "Jilin China-Singapore Food Zone",
    "蛟河市": "Jiaohe", "桦甸市": "Huadian", "舒兰市": "Shulan", "磐石市": "Panshi",
    "铁西区": "Tiexi District", "铁东区": "Tiedong District", "梨树县": "Lishu County",
    "伊通满族自治县": "Yitong Manchu Autonomous County", "双辽市": "Shuangliao",
    "龙山区": "Longshan District", "西安区": "Xi'an District", "东丰县": "Dongfeng County",
    "东辽县": "Dongliao County", "东昌区": "Dongchang District",
    "二道江区": "Erdaojiang District", "通化县": "Tonghua County", "辉南县": "Huinan County",
    "柳河县": "Liuhe County", "集安市": "Ji'an", "浑江区": "Hunjiang District",
    "江源区": "Jiangyuan District", "抚松县": "Fusong County", "靖宇县": "Jingyu County",
    "长白朝鲜族自治县": "Changbai Korean Autonomous County", "临江市": "Linjiang",
    "宁江区": "Ningjiang District",
    "前郭尔罗斯蒙古族自治县": "Qian Gorlos Mongol Autonomous County",
    "长岭县": "Changling County", "乾安县": "Qian'an County",
    "吉林松原经济开发区": "Jilin Songyuan Economic Development Zone", "扶余市": "Fuyu",
    "洮北区": "Taobei District", "镇赉县": "Zhenlai County", "通榆县": "Tongyu County",
    "吉林白城经济开发区": "Jilin Baicheng Economic Development Zone", "洮南市": "Taonan",
    "大安市": "Da'an", "延吉市": "Yanji", "图们市": "Tumen", "敦化市": "Dunhua",
    "珲春市": "Hunchun", "龙井市": "Longjing", "和龙市": "Helong", "汪清县": "Wangqing County",
    "安图县": "Antu County",
}  # fmt: skip
SHORT_ENGLISH = {
    "长春": "Changchun", "吉林": "Jilin", "四平": "Siping", "辽源": "Liaoyuan", "通化": "Tonghua",
    "白山": "Baishan", "松原": "Songyuan", "白城": "Baicheng", "延边": "Yanbian",
    "梅河口": "Meihekou", "长白山": "Changbai Mountain",
}  # fmt: skip


SUFFIXES = (" Korean Autonomous County", " Mongol Autonomous County", " Manchu Autonomous County",
            " District", " County")  # fmt: skip


def short_english(region, english):
    """长春 → Changchun; a county's short name is its English name without the suffix."""
    if not region.short_name:
        return None
    if region.short_name in SHORT_ENGLISH:
        return SHORT_ENGLISH[region.short_name]
    for suffix in SUFFIXES:
        english = english.removesuffix(suffix)
    return english if len(english) <= 20 else None  # the column's length


def name_regions(apps, schema_editor):
    Region = apps.get_model("projects", "Region")
    for region in Region.objects.filter(name_en__isnull=True):
        english = ENGLISH.get(region.name_zh_hans or region.name)
        if english is None:
            continue
        region.name_en = english
        region.short_name_en = region.short_name_en or short_english(region, english)
        region.save(update_fields=["name_en", "short_name_en"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0009_translations")]

    operations = [migrations.RunPython(name_regions, migrations.RunPython.noop)]
