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


def footer_for(name, slug):
    return {
        "sponsor": name, "organiser": f"{name}办公室",
        "icp_number": "青ICP备20240001号", "police_number": f"青公网安备 33010{len(slug):02d}0200001号",
        "address": "青川市人民路1号", "phone": "0571-12345", "email": f"contact@{slug}.example.cn",
    }

# Days added to every item's age, per site: 云台乡 has not published for 12 days, so site health
# shows it at risk (the home page fails the 2-week rule in two days).
AGE_OFFSET_DAYS = {"yuntai": 11}

HOME_INTRO = (
    "<p>欢迎访问{site}门户网站。本网站发布政务信息、政策文件和办事指南，"
    "提供在线咨询与投诉渠道，接受社会监督。</p>"
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
     "办理条件、申请材料、办理流程和办理地点一览。",
     ["办理条件：具有本地户籍的中国公民。申请材料：户口簿、本人近期照片（可现场采集）。",
      "办理流程：申请—受理—审核—制证—领证。办理时限：二十个工作日。收费标准：首次申领二十元。办理地点：各派出所户籍窗口，工作日上午9:00至12:00，下午14:00至17:00。"],
     "公安局"),
    ("services", 8, "城乡居民基本养老保险参保登记",
     "年满16周岁、不在校的城乡居民可参保。",
     ["办理条件：年满16周岁（不含在校学生），非国家机关和事业单位工作人员，不属于职工基本养老保险制度覆盖范围的城乡居民。",
      "申请材料：居民身份证、户口簿。办理地点：政务服务中心社保窗口，也可通过网上办事大厅在线办理。"],
     "人力资源和社会保障局"),
    ("about", 30, "{site}机构职能",
     "本机构的主要职责、内设机构和联系方式。",
     ["{site}负责执行本级人民代表大会及其常务委员会的决议，管理本行政区域内的经济、教育、科学、文化、卫生、民政、公安等行政工作。",
      "办公地址：人民路1号。办公时间：工作日上午8:30至12:00，下午14:30至17:30。联系电话：12345。"],
     "办公室"),
]

# Extra metadata per column type.
NOTICE_EXPIRY_DAYS = {2: 30, 5: 3, 9: 60}  # days_ago → valid for; notice "5" has already expired
POLICIES = {
    4: {"document_number": "{code}发〔2026〕8号", "topic": "commerce", "date_written_days": 6},
    12: {"document_number": "", "topic": "general", "date_written_days": 14},
}
SERVICE_DETAILS = {
    "time_limit": "20 个工作日", "fees": "不收费",
    "place_and_hours": "政务服务中心一楼综合窗口\n工作日 9:00–12:00，14:00–17:00",
    "service_target": "本辖区居民",
    "materials": [
        {"name": "居民身份证", "form": "original", "copies": 1, "required": True, "note": "现场核验"},
        {"name": "户口簿", "form": "both", "copies": 1, "required": True, "note": ""},
        {"name": "近期一寸免冠照片", "form": "original", "copies": 2, "required": False, "note": "可现场采集"},
    ],
    "steps": [
        {"title": "申请", "description": "到窗口或在网上办事大厅提交申请"},
        {"title": "受理", "description": "窗口工作人员核对材料"},
        {"title": "审核", "description": "业务部门审核"},
        {"title": "办结", "description": "领取结果或邮寄送达"},
    ],
    "online_url": "https://zwfw.example.cn/",
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
