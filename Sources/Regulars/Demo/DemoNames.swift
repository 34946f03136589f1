/// Chinese names and nicknames for demo people, pre-encoded as UTF-8.
enum DemoNames {
    /// Common surnames, most frequent first (picks are skewed towards the front).
    static let surnames = DemoCell.words("""
        王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 \
        于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 \
        尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 欧阳 上官 司马
        """)

    static let femaleGivenNames = DemoCell.words("""
        婷 静 丽 敏 燕 艳 娟 霞 芳 娜 晶 雪 琳 颖 倩 欣怡 梓涵 子涵 诗涵 雨涵 思琪 佳怡 雨欣 可馨 梦瑶 晓雯 晓燕 \
        丽娟 秀英 桂英 玉兰 慧敏 雅婷 佳琪 心怡 若曦 语嫣 一诺 欣妍 紫萱 美琳 海燕 春梅 红梅 丹丹 莉莉 芳芳 文静 \
        思雨 梦洁 雅琴 婉婷 佳慧 晓琳 安琪 静怡 诗雨 嘉欣 悦 璐 薇 蕾 瑶
        """)

    static let maleGivenNames = DemoCell.words("""
        伟 强 磊 军 勇 杰 涛 斌 超 明 浩然 子轩 宇航 俊杰 志强 建华 建国 文博 思远 皓轩 晨阳 一鸣 天宇 嘉豪 家乐 \
        泽宇 博文 明辉 鹏飞 国强 浩 鑫 凯 峰
        """)

    /// Tmall-style Chinese nicknames: a modifier, a noun, then a number.
    static let nickModifiers = DemoCell.words("爱吃 甜甜的 小小 开心的 元气 温柔的 追光的 快乐 安静的 懒懒的 会飞的 爱笑的 努力的")
    static let nickNouns = DemoCell.words("草莓 小熊 猫咪 兔子 橘子 月亮 星星 棉花糖 奶茶 柠檬 桃子 小鹿 鲸鱼 向日葵 西瓜 布丁 芒果 团子")

    /// ASCII words for the local part of e-mail addresses that are not QQ numbers.
    static let emailWords = DemoCell.words("""
        lily coco sunny happy mint amy vivi candy moon star cherry lucky anna echo grace ivy jenny kiki luna mia \
        nana rita sophie tina wendy zoe jack leo tom kevin
        """)
}
