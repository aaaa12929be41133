"""Short notices: the many similar announcements every government site carries (written for this project)."""
from .documents import NOTICE, doc

_WATER = [  # (site, area, reason, days)
    ("peach", "桃花村、杏园村", "供水管网改造", 3), ("willow", "柳树新村小区", "水表更换", 8),
    ("east", "东区滨江路沿线", "主管道维修", 15), ("west", "西县城关镇老城区", "水厂设备检修", 44),
    ("willow", "幸福里小区", "二次供水设施清洗", 70),
]
_POWER = [("peach", "桃花镇工业园区", "线路检修", 6), ("east", "东区科技园", "变电站改造", 19),
          ("west", "西县石桥乡", "电网升级", 33), ("willow", "柳树街道南片", "电缆迁改", 2)]
_ROADS = [("city", "人民路与解放路交叉口", "地铁站施工", 4), ("east", "滨江路", "雨污分流改造", 25),
          ("west", "城关大道", "路面大修", 58), ("peach", "桃花大道", "桥梁加固", 90)]
_JOBS = [("city", "市政务服务数据管理局", "编外工作人员", "网站运维和数据分析", 10),
         ("east", "东区人民医院", "护理人员", "临床护理", 22), ("west", "西县教育局", "幼儿园教师", "幼儿教育", 36),
         ("willow", "柳树街道", "社区工作者", "社区服务", 12),
         ("peach", "桃花镇", "便民服务中心窗口人员", "窗口受理", 48)]
_HOLIDAY = [("city", "春节", 120), ("city", "国庆节", 300), ("east", "清明节", 200)]
_DRAFTS = [  # (site, draft title, subject mention, days)
    ("city", "测试市养老服务条例（草案）", "居家养老服务和养老服务设施建设", 30),
    ("city", "测试市生活垃圾分类管理办法（修订草案）", "生活垃圾分类投放和收运", 64),
    ("east", "东区老旧小区改造实施方案（征求意见稿）", "加装电梯和无障碍设施", 41),
    ("west", "西县河道管理办法（征求意见稿）", "河长制和河道采砂管理", 95),
]
_LISTS = [  # (site, title, body, days)
    ("city", "2025年度测试市劳动模范拟表彰人选公示", "经推荐评审，现将拟表彰人选予以公示，公示期五个工作日。", 18),
    ("east", "东区2025年第二批公共租赁住房保障对象公示",
     "经审核，符合公共租赁住房保障条件的家庭共八十六户，现予公示。", 9),
    ("west", "西县低保对象名单公示", "根据最低生活保障审核确认办法，现将新增低保对象名单公示如下。", 27),
    ("peach", "桃花镇高龄津贴发放名单公示", "本月新增享受高龄津贴人员十二名，现予公示。", 14),
    ("willow", "柳树街道文明家庭评选结果公示", "经居民推荐和街道评审，评出文明家庭二十户。", 61),
    ("city", "测试市2025年度政府网站和政务新媒体检查情况通报",
     "本次检查共抽查政府网站三十一个，合格率百分之百，集约化平台运行平稳。", 16),
]
_PROCUREMENT = [
    ("city", "市政务服务中心自助终端采购项目招标公告", "采购自助服务终端五十台，支持身份证读取和材料打印。", 26),
    ("east", "东区智慧社区平台建设项目中标公告", "中标金额三百二十万元，建设工期六个月。", 37),
    ("west", "西县农村公路养护项目竞争性磋商公告", "养护里程一百二十公里，服务期一年。", 49),
    ("city", "市政府网站集约化平台运维服务采购公告", "采购内容包括平台运维、安全监测和内容保障服务，服务期三年。", 53),
]
_MISC = [
    ("city", "关于市政府门户网站系统升级的公告", "门户网站将于本周日凌晨升级，期间网上办事暂停。", 1),
    ("east", "关于暂停办理不动产登记业务的通知", "因系统切换，东区不动产登记中心周五下午暂停办理业务。", 5),
    ("west", "关于调整政务服务中心办公时间的通知", "自下月起，县政务服务中心夏季办公时间调整为上午八点至十二点。", 17),
    ("peach", "关于做好秋冬季森林防火工作的通知", "各村要加强野外用火管理，严防森林火灾发生。", 23),
    ("willow", "关于开展冬季供暖设施检查的通知", "街道将对辖区小区供暖设施开展检查，请居民配合入户。", 31),
    ("city", "关于发放消费券的公告", "市里将分三批发放餐饮和零售消费券，市民可在手机应用领取。", 11),
    ("east", "关于开展2025年度城乡居民医保参保缴费的通知",
     "城乡居民医保个人缴费标准为每人每年三百八十元，缴费期截至十二月底。", 13),
    ("west", "关于征集12345热线服务意见建议的公告", "欢迎社会各界对热线服务提出意见建议。", 40),
    ("peach", "关于开展农村危房改造申报的通知", "符合条件的农户可向村委会提交危房改造申请。", 57),
    ("willow", "关于垃圾分类投放点调整的通知", "幸福里小区垃圾分类投放点调整到三号楼东侧。", 9),
    ("city", "关于公布市级部门政务服务事项清单的公告", "本清单共列入政务服务事项一千二百项，实行动态调整。", 76),
    ("east", "关于开展安全生产大检查的通知", "各单位要对照检查清单开展自查，并于月底前报送检查情况。", 84),
    ("west", "关于做好汛期地质灾害防范工作的通知", "各乡镇要落实地质灾害隐患点巡查责任，遇强降雨及时转移群众。", 151),
    ("city", "关于公布住房公积金服务网点的公告", "全市设住房公积金服务网点九个，办理时间为工作日。", 99),
    ("east", "关于开展义务教育阶段新生入学报名的通告",
     "报名时间为六月一日至六月十日，家长通过招生报名平台在线报名。", 118),
    ("willow", "关于养老服务中心开放的公告", "柳树街道养老服务中心正式开放，提供日间照料和助餐服务。", 46),
]


def _notices():
    found = []
    for i, (site, area, reason, days) in enumerate(_WATER):
        found.append(doc(f"t_water{i}", site, NOTICE, f"关于{area}临时停水的通知",
                         f"因{reason}，{area}将于本周三上午八点至下午六点临时停水，请居民提前做好储水准备。",
                         days=days))
    for i, (site, area, reason, days) in enumerate(_POWER):
        found.append(doc(f"t_power{i}", site, NOTICE, f"{area}计划停电公告",
                         f"因{reason}需要，{area}将于周六全天停电，给您带来不便，敬请谅解。", days=days))
    for i, (site, place, reason, days) in enumerate(_ROADS):
        found.append(doc(f"t_road{i}", site, NOTICE, f"关于{place}实施交通管制的通告",
                         f"因{reason}，{place}自即日起实施半幅封闭施工，过往车辆请绕行。", days=days))
    for i, (site, employer, role, work, days) in enumerate(_JOBS):
        found.append(doc(f"t_job{i}", site, NOTICE, f"{employer}公开招聘{role}公告",
                         f"因工作需要，{employer}面向社会公开招聘{role}，从事{work}工作。报名采取网上报名方式，"
                         "报名时间为公告发布之日起七日内。", days=days))
    for i, (site, holiday, days) in enumerate(_HOLIDAY):
        found.append(doc(f"t_holiday{i}", site, NOTICE, f"关于{holiday}放假期间政务服务安排的通知",
                         f"{holiday}放假期间，政务服务中心窗口暂停办理业务，网上办事大厅正常运行。", days=days))
    for i, (site, title, subject, days) in enumerate(_DRAFTS):
        found.append(doc(f"t_draft{i}", site, NOTICE, f"关于公开征求《{title}》意见的公告",
                         f"为提高立法质量，现将《{title}》全文公布，草案主要内容涉及{subject}。"
                         "社会各界可通过电子邮件或信函提出意见，征求意见期为三十日。", days=days))
    for i, (site, title, body, days) in enumerate(_LISTS + _PROCUREMENT + _MISC):
        found.append(doc(f"t_misc{i}", site, NOTICE, title, body, days=days))
    return found


NOTICES = _notices()
