"""Content written for the demo cluster: a fictional city (青川市), two districts/counties and
four townships/streets. Items use {site} for the site's name so each site reads as its own."""

SITES = [
    {"slug": "qingchuan", "name": "青川市人民政府", "level": "city"},
    {"slug": "donghu", "name": "东湖区人民政府", "level": "district", "parent": "qingchuan"},
    {"slug": "xishan", "name": "西山县人民政府", "level": "district", "parent": "qingchuan"},
    {"slug": "taoyuan", "name": "桃源镇人民政府", "level": "township", "parent": "donghu"},
    {"slug": "liuxi", "name": "柳溪街道办事处", "level": "township", "parent": "donghu"},
    {"slug": "shimen", "name": "石门镇人民政府", "level": "township", "parent": "xishan"},
    {"slug": "yuntai", "name": "云台乡人民政府", "level": "township", "parent": "xishan"},
]

# Per site: theme, colours within it, the footer every government site carries, and the
# codes used in index numbers. The city and 东湖区 use the classic theme; 西山县 and its
# townships the blue one, one of them with its own colour.
APPEARANCE = {
    "qingchuan": {"theme_slug": "gov-classic", "site_id_code": "3301000001", "organisation_code": "113301000025048301"},
    "donghu": {"theme_slug": "gov-classic", "site_id_code": "3301020001", "organisation_code": "113301020025048302",
               "primary_color": "#8c1c13"},
    "xishan": {"theme_slug": "civic-blue", "site_id_code": "3301270001", "organisation_code": "113301270025048303"},
    "taoyuan": {"theme_slug": "gov-classic", "site_id_code": "3301020101", "organisation_code": "113301020125048304"},
    "liuxi": {"theme_slug": "gov-classic", "site_id_code": "3301020201", "organisation_code": "113301020225048305",
              "font_family": "serif"},
    "shimen": {"theme_slug": "civic-blue", "site_id_code": "3301270101", "organisation_code": "113301270125048306",
               "primary_color": "#1b5e20", "background_color": "#f6faf6"},
    "yuntai": {"theme_slug": "civic-blue", "site_id_code": "3301270201", "organisation_code": "113301270225048307"},
}


# Each site's own contact (footer, "about" page). Record numbers and the organiser are filled
# where they are really decided: the ICP and public-security records by the city, which runs the
# platform; the organiser (承办单位) by each district for itself and the townships below it, which
# leave theirs empty and show the district's, marked as inherited in their admin.
CONTACTS = {
    "qingchuan": {"address": "青川市人民路1号", "phone": "0571-8700 0001", "postcode": "310001"},
    "donghu": {"address": "青川市东湖区湖滨路18号", "phone": "0571-8702 1001", "postcode": "310002"},
    "xishan": {"address": "西山县城关镇府前街6号", "phone": "0571-8727 1001", "postcode": "311301"},
    "taoyuan": {"address": "东湖区桃源镇桃源大道2号", "phone": "0571-8702 3101", "postcode": "310022"},
    "liuxi": {"address": "东湖区柳溪街道柳溪路88号", "phone": "0571-8702 4201", "postcode": "310023"},
    "shimen": {"address": "西山县石门镇石门街1号", "phone": "0571-8727 5101", "postcode": "311321"},
    "yuntai": {"address": "西山县云台乡云台村122号", "phone": "0571-8727 6201", "postcode": "311322"},
}
ORGANISERS = {"qingchuan": "青川市大数据管理局", "donghu": "东湖区政务服务和数据管理局",
              "xishan": "西山县政务服务和数据管理局"}
CITY_RECORDS = {"icp_number": "青ICP备20240001号", "police_number": "青公网安备 33010002000001号"}


def footer_for(name, slug):
    """The footer a demo site fills in itself (what it leaves empty comes from its parent)."""
    contact = CONTACTS[slug]
    footer = {"sponsor": name, "address": contact["address"], "phone": contact["phone"],
              "email": f"contact@{slug}.example.cn", "organiser": ORGANISERS.get(slug, "")}
    if slug == "qingchuan":
        footer.update(CITY_RECORDS)
    return footer


def about_contact(slug):
    contact = CONTACTS[slug]
    return {"address": contact["address"], "phone": contact["phone"], "email": f"contact@{slug}.example.cn",
            "office_hours": "工作日 8:30–12:00，14:30–17:30"}


# Days added to every item's age, per site: 云台乡 has not published for 12 days, so site health
# shows it at risk (the home page fails the 2-week rule in two days).
AGE_OFFSET_DAYS = {"yuntai": 11}

HOME_INTRO = (
    "<p>欢迎访问{site}门户网站。本网站发布政务信息、政策文件和办事指南，"
    "联系方式见页面底部，欢迎社会各界监督。</p>"
)

# (column slug, days ago, title, summary, body paragraphs, source)
ITEMS = [
    ("news", 1, "{site}召开政府网站集约化建设推进会",
     "会议部署政府网站集约化建设工作，要求统一平台、统一标准、统一运维。",
     ["近日，{site}召开政府网站集约化建设推进会。会议指出，推进政府网站集约化建设，是提升政务公开和政务服务水平的重要举措。",
      "会议要求，各部门要按照统一平台、统一标准、统一运维的思路，做好栏目梳理、内容迁移和安全防护工作，确保网站内容准确、权威、及时。",
      "会议还对无障碍和适老化改造作出安排，要求在年底前完成网站无障碍功能建设，方便老年人和残障人士获取政务信息。"],
     "办公室"),
    ("news", 3, "{site}开展安全生产大检查",
     "重点检查道路交通、建筑施工、危化品等领域，发现隐患当场督促整改。",
     ["为切实做好岁末年初安全生产工作，{site}组织应急管理、交通运输、住房城乡建设等部门开展安全生产大检查。",
      "检查组深入企业一线，重点检查道路交通、建筑施工、危险化学品、消防安全等领域，对发现的问题隐患当场督促整改，建立台账、跟踪销号。"],
     "应急管理局"),
    ("news", 6, "{site}举办“政策进万家”宣讲活动",
     "宣讲团走进社区和村组，面对面解读惠民惠企政策。",
     ["为推动惠民惠企政策落地见效，{site}组织宣讲团走进社区、村组和企业，开展“政策进万家”宣讲活动。",
      "宣讲团采用群众听得懂的语言，解读养老保险、医疗保障、就业创业等政策，现场解答群众咨询一百余人次。"],
     "宣传部"),
    ("news", 10, "{site}推进城乡道路提质改造",
     "今年计划完成道路改造二十公里，改善群众出行条件。",
     ["今年以来，{site}统筹推进城乡道路提质改造工程，计划完成道路改造二十公里，新增停车泊位五百个。",
      "施工期间，各施工单位将合理安排作业时间，设置交通疏导标志，尽量减少对群众出行的影响。"],
     "交通运输局"),
    ("notices", 2, "关于{site}网站系统维护的通知",
     "网站将于本周六凌晨进行系统维护，期间部分功能暂停使用。",
     ["为提升网站服务质量，{site}门户网站定于本周六0:00至6:00进行系统维护，期间网上办事和互动交流功能暂停使用。",
      "由此带来的不便，敬请谅解。"],
     "办公室"),
    ("notices", 5, "{site}关于公开招聘社区工作者的公告",
     "面向社会公开招聘社区工作者，报名时间为公告发布之日起十个工作日。",
     ["根据工作需要，经研究决定，{site}面向社会公开招聘社区工作者。",
      "报名人员须具有大专及以上学历，年龄在35周岁以下。报名时间为公告发布之日起十个工作日，报名地点为政务服务中心一楼。"],
     "人力资源和社会保障局"),
    ("notices", 9, "关于做好冬季供暖保障工作的通知",
     "各供暖单位要做好设备检修和应急抢修准备。",
     ["各有关单位：为确保群众温暖过冬，现就做好冬季供暖保障工作通知如下。",
      "一、各供暖单位要提前完成设备检修；二、建立应急抢修队伍，公布服务电话；三、及时处理群众反映的问题。"],
     "住房和城乡建设局"),
    ("policies", 4, "{site}关于进一步优化营商环境的若干措施",
     "从简化审批、降低成本、强化服务等方面提出二十条措施。",
     ["为深入贯彻落实优化营商环境条例，进一步激发市场主体活力，结合实际，制定以下措施。",
      "一、压缩企业开办时间至一个工作日以内；二、推行涉企事项“一网通办”；三、降低企业用地、用能和物流成本；四、建立政企沟通常态化机制。"],
     "办公室"),
    ("policies", 12, "{site}政府信息公开工作年度报告",
     "本报告依据《中华人民共和国政府信息公开条例》编制。",
     ["本报告依据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等内容。",
      "本年度共主动公开政府信息一千二百余条，办理依申请公开事项三十五件，均在法定期限内答复。"],
     "办公室"),
    ("services", 7, "居民身份证办理指南",
     "申领、换领、补领居民身份证的条件、材料、流程和收费。",
     ["本辖区常住户口的中国公民，年满十六周岁的应当申领居民身份证；未满十六周岁的，可以依照规定申领。",
      "居民身份证有效期满、证件严重损坏不能辨认或者登记项目变更的，应当申请换领。"],
     "公安局"),
    ("services", 8, "城乡居民基本养老保险参保登记",
     "年满16周岁、不在校的城乡居民可参保。",
     ["年满16周岁（不含在校学生），非国家机关和事业单位工作人员，不属于职工基本养老保险制度覆盖范围的城乡居民，"
      "可以在户籍地参加城乡居民基本养老保险。"],
     "人力资源和社会保障局"),
    ("about", 30, "{site}机构职能",
     "本机构的主要职责、内设机构和联系方式。",
     ["{site}负责执行本级人民代表大会及其常务委员会的决议，管理本行政区域内的经济、教育、科学、文化、卫生、民政、公安等行政工作。",
      "办公地址、办公时间和联系电话见下方联系方式。"],
     "办公室"),
]

# Extra metadata per column type.
# days_ago → valid for (days); the maintenance notice ("2") is over, so it shows as expired.
NOTICE_EXPIRY_DAYS = {2: 1, 5: 20, 9: 120}
POLICIES = {
    4: {"document_number": "{code}发〔2026〕8号", "topic": "commerce", "date_written_days": 6},
    12: {"document_number": "", "topic": "general", "date_written_days": 14},
}
# The structured part of each service guide, by days_ago of its entry in ITEMS.
SERVICE_DETAILS = {
    7: {
        "service_target": "本辖区常住户口居民",
        "time_limit": "20 个工作日",
        "fees": "首次申领、换领、补领：每证 20 元；临时居民身份证：每证 10 元；"
                "城乡居民最低生活保障对象首次申领免收工本费",
        "place_and_hours": "各派出所户籍窗口\n工作日 9:00–12:00，14:00–17:00",
        "phone": "0571-8700 0110",
        "materials": [
            {"name": "居民户口簿", "form": "original", "copies": 1, "required": True, "note": "现场核验后退还"},
            {"name": "原居民身份证", "form": "original", "copies": 1, "required": False, "note": "换领时交回"},
            {"name": "近期免冠彩色照片", "form": "electronic", "copies": 1, "required": True,
             "note": "可在窗口现场采集"},
        ],
        "steps": [
            {"title": "申请", "description": "到户籍窗口提交材料，或在网上办事大厅预约"},
            {"title": "受理", "description": "窗口核对材料，采集照片和指纹"},
            {"title": "审核制证", "description": "公安机关审核后制作证件"},
            {"title": "领证", "description": "凭受理回执到窗口领取，或选择邮寄送达"},
        ],
        "online_url": "https://zwfw.example.cn/",
    },
    8: {
        "service_target": "本辖区户籍城乡居民",
        "time_limit": "即时办结",
        "fees": "不收费",
        "place_and_hours": "政务服务中心社保窗口\n工作日 9:00–12:00，14:00–17:00",
        "phone": "0571-8700 2333",
        "materials": [
            {"name": "居民身份证", "form": "original", "copies": 1, "required": True, "note": "现场核验"},
            {"name": "居民户口簿", "form": "both", "copies": 1, "required": True, "note": "原件核验，留存复印件"},
        ],
        "steps": [
            {"title": "申请", "description": "到社保窗口或在网上办事大厅填写参保登记表"},
            {"title": "审核", "description": "窗口当场审核材料"},
            {"title": "办结", "description": "当场办结，选择缴费档次后按年缴费"},
        ],
        "online_url": "https://zwfw.example.cn/",
    },
}
SPECIAL_TOPIC = {
    "title": "政府网站集约化建设专题", "slug": "intensive-construction",
    "intro": "<p>集中展示{site}推进政府网站集约化建设的新闻和政策文件。</p>",
    "columns": ["news", "policies"],
}

CITY_ENGLISH = {
    "title": "Qingchuan Municipal People's Government",
    "intro": ("<p>Welcome to the official portal of Qingchuan. This site publishes government news, "
              "policy documents and guides to public services. Most content is in Simplified Chinese; "
              "key information for international visitors and investors is available in English.</p>"),
}

# The news item that carries a lead image (题图), and that image's alt text.
LEAD_IMAGE_ITEM = ("news", 1)
LEAD_IMAGE = {"title": "推进会配图", "alt": "示意图：蓝天下的政府办公楼，门前是绿色草坪"}
# Syndication (syndication/): each site's standing rule for pushes from above (the others are asked
# each time, so the demo shows a push waiting in their inbox), the notice the city pushes to every
# site below it, and what townships submit to their district (one accepted, one waiting).
STANDING_RULES = {"donghu": "copy", "xishan": "copy", "taoyuan": "reference", "shimen": "reference"}
PUSHED_NOTICE = {
    "slug": "flood-season-safety", "title": "关于切实做好汛期安全防范工作的紧急通知",
    "summary": "各区县、乡镇（街道）要立即部署汛期安全防范工作，24小时内转发本通知。",
    "body": ["各区县人民政府，各乡镇人民政府、街道办事处：",
             "近期我市将进入主汛期，强降雨过程多、局地性强。为切实保障人民群众生命财产安全，现就做好汛期安全防范工作通知如下。",
             "一、压实防汛责任，落实领导干部包保责任制；二、加强隐患排查，重点检查山洪、地质灾害易发区和危旧房屋；"
             "三、强化值班值守，严格执行24小时值班和领导带班制度，遇有险情及时报告。"],
    "source": "应急管理局",
}
SUBMISSIONS = [
    # (township, news item title, accepted by the district?)
    ("taoyuan", "桃源镇组织开展防汛应急演练", True),
    ("liuxi", "柳溪街道开展“清洁家园”志愿服务活动", False),
]
SUBMISSION_BODY = ("<p>{site}近日组织机关干部、村（社区）工作人员和志愿者开展活动，"
                   "现场讲解相关知识，群众参与热情高。</p><p>下一步，{site}将持续做好相关工作，切实保障群众安全。</p>")
