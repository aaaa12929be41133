"""Traditional-Chinese pages, English pages, home pages, columns and everyday work news (written for this project)."""
from .documents import ARTICLE, COLUMN, HOME, NOTICE, SERVICE, doc

TRADITIONAL = [
    doc("z_yiwang", "city", ARTICLE, "測試市推行政務服務「一網通辦」", [
        "測試市將全市政務服務事項統一接入網上辦事大廳，市民登錄一個帳號即可辦理戶籍、社保、醫保和不動產登記等業務。",
        "「一網通辦」實施以來，網上可辦率達到百分之九十七，企業開辦、工程建設項目審批等事項實現全程網辦。",
        "對於不熟悉網上操作的長者，政務服務中心設有幫辦代辦窗口。「一網通辦」讓數據多跑路、群眾少跑腿。"],
        summary="市民登錄一個帳號即可辦理各類政務服務。", keywords="一網通辦,政務服務", days=10, language="zh-hant"),
    doc("z_jiyue", "east", ARTICLE, "東區政府網站集約化平台正式上線", [
        "東區各部門網站全部遷移到區級集約化平台，統一技術標準和安全防護，",
        "集約化平台提供統一的站內搜索和資訊資源庫，有效解決了網站分散建設、重複投入的問題。"],
        summary="各部門網站遷移到集約化平台。", days=32, language="zh-hant"),
    doc("z_yingshang", "city", ARTICLE, "營商環境持續優化 企業開辦一日辦結", [
        "測試市推出優化營商環境新措施，企業開辦實現一日辦結，並推行涉企經營許可告知承諾制。",
        "市政府設立營商環境投訴中心，企業可通過線上線下多種渠道反映問題。"],
        summary="企業開辦一日辦結。", days=48, language="zh-hant"),
    doc("z_yibao", "city", SERVICE, "醫療保險異地就醫直接結算指南", [
        "辦理條件：參加本市基本醫療保險並已辦理異地就醫備案的參保人。",
        "申請材料：醫保電子憑證或社會保障卡。辦理時限：即時辦結。辦理地點：定點醫療機構結算窗口。"],
        summary="異地就醫直接結算。", days=26, language="zh-hant"),
    doc("z_gongjijin", "city", SERVICE, "住房公積金提取業務辦理指南", [
        "辦理條件：購房、租房、退休或離職的繳存職工。申請材料：身份證、相關證明。",
        "辦理地點：公積金中心各服務網點，亦可通過手機應用辦理。"], days=64, language="zh-hant"),
    doc("z_wuzhangai", "west", ARTICLE, "西縣政府網站推出無障礙瀏覽服務", [
        "西縣政府網站新增無障礙瀏覽工具條，提供放大字體、高對比度、語音朗讀和閱讀輔助線等功能，",
        "方便視障人士和長者瀏覽政務資訊。網站同時推出長者版頁面。"], days=37, language="zh-hant"),
    doc("z_hotline", "city", NOTICE, "12345熱線服務時間公告",
        "12345政務服務便民熱線提供全天候人工服務，市民可來電反映諮詢、求助和投訴。",
        days=19, language="zh-hant"),
    doc("z_zhengwu", "city", ARTICLE, "測試市政務公開工作要點", [
        "全面推進決策、執行、管理、服務、結果公開，重要政策同步發布政策解讀。",
        "完善政府資訊公開目錄，依申請公開做到依法及時答覆。"], days=88, language="zh-hant"),
    doc("z_fangxun", "west", NOTICE, "關於做好汛期防汛工作的緊急通知",
        "各鄉鎮要嚴格落實防汛責任，加強水庫和地質災害隱患點巡查，遇強降雨及時轉移群眾。",
        days=140, language="zh-hant"),
    doc("z_lajifenlei", "willow", ARTICLE, "垃圾分類新規實施 居民積極參與",
        "柳樹街道各小區實行垃圾分類定時定點投放，志願者在投放點指導居民正確分類。",
        days=29, language="zh-hant"),
    doc("z_tongzhi", "peach", NOTICE, "桃花鎮停水通知",
        "因供水管道搶修，桃花鎮中心街今日下午臨時停水，預計晚上八時恢復供水。", days=2,
        language="zh-hant"),
    doc("z_xiangcun", "west", ARTICLE, "鄉村振興帶動茶農增收",
        "西縣發展茶葉特色產業，建成標準化茶園兩萬畝，茶農人均收入明顯提高，鄉村振興成效顯著。",
        days=77, language="zh-hant"),
    doc("z_hukou", "city", SERVICE, "戶口遷移辦事指南（繁體）",
        "辦理條件：因工作調動或投靠親屬需要遷移戶口。申請材料：戶口簿、身份證。辦理地點：遷入地派出所。",
        days=150, language="zh-hant"),
    doc("z_zuiduo", "peach", ARTICLE, "「最多跑一次」改革延伸到村",
        "桃花鎮各村便民服務站可以辦理社保繳費、醫保參保等事項，群眾辦事最多跑一次。",
        days=58, language="zh-hant"),
    doc("z_anquan", "east", NOTICE, "關於開展安全生產檢查的通知",
        "各企業要對照安全生產檢查清單開展自查，及時整改隱患。", days=66,
        language="zh-hant"),
]

ENGLISH = [
    doc("e_home", "city", HOME, "Test City Government", [
        "Welcome to the official portal of Test City. This portal publishes government news, policy documents and",
        "guides to public services. Foreign residents and investors find key information in English here."],
        days=400, language="en"),
    doc("e_services", "city", COLUMN, "Online Services", [
        "Apply for permits, register a business, pay social insurance and book appointments online.",
        "Most services can be completed on the government services portal without visiting an office."],
        days=380, language="en"),
    doc("e_invest", "city", ARTICLE, "Investment Guide for Foreign Companies", [
        "Test City welcomes foreign investment in advanced manufacturing, new energy vehicles and digital services.",
        "A company can be registered in one working day. The investment promotion bureau assigns a service",
        "officer to every new project and helps with land, permits and recruitment."], days=90, language="en"),
    doc("e_business", "city", SERVICE, "How to Register a Business", [
        "Conditions: any person or company may register a business in Test City. Materials: articles of association,",
        "proof of identity of shareholders and proof of address. Time limit: one working day. Place: the business",
        "registration area of the Government Services Center, or online on the services portal."], days=70,
        language="en"),
    doc("e_visa", "city", SERVICE, "Work Permits for Foreign Professionals", [
        "Foreign professionals working in Test City need a work permit and a residence permit.",
        "Employers apply online; the decision is made within ten working days."], days=120, language="en"),
    doc("e_hotline", "city", ARTICLE, "12345 Hotline Now Offers English Service", [
        "Callers to the 12345 government service hotline can now choose English. Operators answer questions about",
        "residence, transport, healthcare and public services, and pass complaints to the departments concerned."],
        days=45, language="en"),
    doc("e_health", "city", ARTICLE, "Medical Insurance for Foreign Residents", [
        "Foreign residents employed in Test City join the employee medical insurance scheme.",
        "Medical expenses at designated hospitals are settled directly; reimbursement of other bills takes twenty",
        "working days."], days=85, language="en"),
    doc("e_transport", "city", ARTICLE, "Metro Line 3 Opens to Passengers", [
        "The third metro line of Test City opened on Monday, linking the railway station with the high-tech zone.",
        "Trains run every five minutes at peak hours."], days=15, language="en"),
    doc("e_environment", "east", ARTICLE, "East District Improves Air Quality", [
        "Good air quality days in East District rose to ninety-two percent this year after factories upgraded",
        "their equipment and construction dust was brought under control."], days=25, language="en"),
    doc("e_tourism", "west", ARTICLE, "Tea Gardens and Bamboo Forests: Visiting West County", [
        "West County is known for its tea gardens, bamboo forests and clear rivers. Rural tourism has become a main",
        "source of income for villages. Visitors can stay in farm guesthouses and join the tea picking season in "
        "spring."],
        days=60, language="en"),
    doc("e_water", "peach", NOTICE, "Water Supply Interruption in Peach Town", [
        "Because of pipe repairs, water supply in Taohua Village will be interrupted on Wednesday from 8 am to 6 pm."],
        days=3, language="en"),
    doc("e_accessibility", "east", ARTICLE, "Accessible Website for Elderly and Disabled Users", [
        "The East District government website now offers an accessibility toolbar with larger text, high contrast",
        "and a reading guide, and a simplified page for elderly users. Screen readers can read every page."],
        days=18, language="en"),
    doc("e_policy", "city", ARTICLE, "Measures to Support Small Businesses", [
        "Test City announced new measures to support small businesses: rent relief in incubators, guaranteed loans",
        "and a share of government procurement reserved for small firms."], days=110, language="en"),
    doc("e_contact", "city", COLUMN, "Contact Us", [
        "Address: 1 Renmin Road, Test City. Office hours: Monday to Friday, 8:30 to 17:30. Telephone: 12345."],
        days=500, language="en"),
    doc("e_jobs", "west", ARTICLE, "Job Fair Offers Twelve Thousand Positions", [
        "More than one hundred employers offered twelve thousand positions at the spring job fair in West County,",
        "including jobs for university graduates in manufacturing, services and rural tourism."], days=55,
        language="en"),
    doc("e_flood", "west", NOTICE, "Flood Season Safety Notice", [
        "Residents living near rivers and hillsides should follow evacuation instructions during heavy rain."],
        days=140, language="en"),
    doc("e_mayor", "city", COLUMN, "Mayor's Mailbox", [
        "Residents and businesses can write to the mayor about public services, policies and local problems.",
        "Letters are answered within seven working days."], days=450, language="en"),
    doc("e_disclosure", "city", COLUMN, "Government Information Disclosure", [
        "Policy documents, budgets and annual reports of Test City. Requests for government information can be",
        "made online."], days=450, language="en"),
    doc("e_portal_upgrade", "city", NOTICE, "Portal Maintenance on Sunday", [
        "The government portal will be upgraded on Sunday from midnight to 6 am. Online services will be paused."],
        days=1, language="en"),
    doc("e_garbage", "willow", ARTICLE, "Sorting Household Waste in Willow Street", [
        "Residents of Willow Street sort household waste into recyclables, hazardous waste, kitchen waste and",
        "other waste. Volunteers help at the collection points every evening."], days=20, language="en"),
    doc("e_elderly_care", "willow", ARTICLE, "Day Care Centre for Elderly Residents Opens", [
        "A community day care centre offers meals, rehabilitation and nursing services to elderly residents."],
        days=44, language="en"),
    doc("e_school", "east", ARTICLE, "Enrolment of Children of Foreign Residents", [
        "Children of foreign residents can apply for places in public primary schools in East District.",
        "Applications are made online during the enrolment period in June."], days=118, language="en"),
    doc("e_housing", "city", ARTICLE, "Housing Provident Fund Withdrawals Made Easier", [
        "Employees who rent a home can now withdraw up to eighteen thousand yuan a year from their housing provident",
        "fund. Applications made online are approved within seconds."], days=9, language="en"),
]

HOMES_AND_COLUMNS = [
    doc("h_city", "city", HOME, "测试市人民政府",
        "欢迎访问测试市人民政府门户网站。本网站发布政务信息、政策文件和办事指南，提供在线咨询与投诉渠道。",
        days=400),
    doc("h_east", "east", HOME, "东区人民政府",
        "欢迎访问东区人民政府门户网站。本网站发布政务信息、政策文件和办事指南。", days=400),
    doc("h_west", "west", HOME, "西县人民政府",
        "欢迎访问西县人民政府门户网站。本网站发布政务信息、政策文件和办事指南。", days=400),
    doc("h_peach", "peach", HOME, "桃花镇人民政府",
        "欢迎访问桃花镇人民政府网站。本网站发布镇村新闻、通知公告和便民服务信息。", days=400),
    doc("h_willow", "willow", HOME, "柳树街道办事处",
        "欢迎访问柳树街道办事处网站。本网站发布街道动态、社区服务和通知公告。", days=400),
    doc("c_topic_jiyue", "city", COLUMN, "政府网站集约化建设专题",
        "集中展示全市推进政府网站集约化建设的新闻和政策文件。", days=300),
    doc("c_news_city", "city", COLUMN, "新闻动态", "本市政务要闻和部门动态。", days=400),
    doc("c_notice_city", "city", COLUMN, "通知公告", "本市发布的通知、公告和公示。", days=400),
    doc("c_policy_city", "city", COLUMN, "政策文件", "市政府及办公室发布的规范性文件和政策文件。", days=400),
    doc("c_service_city", "city", COLUMN, "办事服务", "常用办事指南和网上办事入口。", days=400),
    doc("c_disclosure_city", "city", COLUMN, "政府信息公开",
        "政府信息公开指南、公开目录、年度报告和依申请公开。", days=400),
    doc("c_mayor", "city", COLUMN, "市长之窗",
        "市长信箱、领导活动和领导讲话。市民可以通过市长信箱向市长反映意见建议。", days=400),
    doc("c_interact_city", "city", COLUMN, "互动交流", "网络问政、在线访谈和意见征集。", days=400),
    doc("c_news_east", "east", COLUMN, "东区要闻", "东区政务要闻。", days=400),
    doc("c_service_west", "west", COLUMN, "便民服务", "西县便民服务信息和办事指南。", days=400),
    doc("c_topic_wuzhangai", "east", COLUMN, "无障碍服务专栏", "东区无障碍和适老化服务信息汇总。", days=300),
]

# Everyday work news: one line each, on every kind of routine subject.
_DAILY = [
    ("开展防范电信网络诈骗宣传", "工作人员走进小区和商户，发放防诈骗宣传资料，提醒居民不轻信陌生来电。"),
    ("开展征兵宣传", "工作人员向适龄青年讲解应征入伍优待政策。"),
    ("组织开展应急演练", "演练模拟了火灾情况下人员疏散和初期火灾扑救。"),
    ("开展食品安全检查", "检查人员对学校食堂和餐饮店的食品安全管理情况进行检查。"),
    ("举办国家安全教育日宣传活动", "通过展板和知识问答普及国家安全知识。"),
    ("开展退役军人走访慰问", "走访慰问辖区退役军人和优抚对象，送去节日问候。"),
    ("开展农村人居环境整治", "组织干部群众清理房前屋后杂物，改善村容村貌。"),
    ("召开人大代表座谈会", "听取人大代表对政府工作的意见建议。"),
    ("举办法律知识讲座", "律师为群众讲解婚姻家庭和劳动合同方面的法律知识。"),
    ("开展献血志愿活动", "机关干部和居民踊跃参加无偿献血。"),
    ("开展森林防火巡查", "护林员加强重点区域巡查，严防野外用火。"),
    ("开展统计调查培训", "统计人员学习经济普查和人口抽样调查业务。"),
    ("召开民生实事项目推进会", "会议通报了年度民生实事项目进展情况。"),
    ("开展文明城市创建督查", "督查组对背街小巷环境卫生和公共秩序进行检查。"),
    ("开展禁毒宣传", "通过宣传展板和案例讲解普及禁毒知识。"),
    ("组织收看廉政教育片", "全体干部职工集中收看廉政警示教育片。"),
    ("开展粮食安全生产调研", "调研组了解秋粮收购和粮食储备情况。"),
    ("开展消夏文艺演出", "文艺演出丰富了群众夏季文化生活。"),
    ("开展夏季防暑降温慰问", "为一线环卫工人送去防暑降温物品。"),
    ("召开信访工作联席会议", "会议分析了近期信访形势，研究化解疑难信访事项。"),
    ("开展老旧小区加装电梯协调会", "街道组织居民协商加装电梯费用分摊方案。"),
    ("开展困难群众走访", "了解困难群众生活情况，帮助解决实际困难。"),
    ("开展耕地保护专项检查", "检查违法占用耕地建房问题。"),
    ("开展秸秆禁烧巡查", "各村落实秸秆禁烧责任，推进秸秆综合利用。"),
    ("开展校园周边环境整治", "清理校园周边流动摊贩，规范交通秩序。"),
]
_DAILY_SITES = [("peach", "桃花镇"), ("willow", "柳树街道"), ("east", "东区"), ("west", "西县")]

DAILY = [doc(f"d_{i}_{slug}", slug, ARTICLE, f"{name}{title}", f"近日，{name}{title}。{body}",
             days=5 + (i * 7 + j * 3) % 200)
         for i, (title, body) in enumerate(_DAILY)
         for j, (slug, name) in enumerate(_DAILY_SITES) if (i + j) % 4 != 3]
