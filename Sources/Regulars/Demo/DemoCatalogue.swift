/// One product of the demo shop, with its CSV cells pre-encoded as UTF-8.
struct DemoProduct: Sendable {
    let sku: DemoCell
    let name: DemoCell
    let category: DemoCell
    let brand: DemoCell
    let priceFen: Int64
    /// Search words a buyer of this product types (`口红 显白`): `DemoCatalogue.queries[queryStart...]`.
    let queryStart: Int
    let queryCount: Int
    /// Household staples are bought in twos and threes more often.
    let household: Bool
}

/// The demo shop's catalogue: cosmetics (its own brands) and household staples, about 40 products.
enum DemoCatalogue {
    static let products: [DemoProduct] = {
        let skus = DemoCell.table(rows.map(\.sku)), names = DemoCell.table(rows.map(\.name))
        let categories = DemoCell.table(rows.map(\.category)), brands = DemoCell.table(rows.map(\.brand))
        var queryStart = 0
        return rows.indices.map { index in
            let count = rows[index].queries.split(separator: "|").count
            defer { queryStart += count }
            return DemoProduct(sku: skus[index], name: names[index], category: categories[index],
                               brand: brands[index], priceFen: rows[index].fen, queryStart: queryStart,
                               queryCount: count, household: rows[index].household)
        }
    }()

    /// Every product's search words, product after product.
    static let queries = DemoCell.table(rows.flatMap { $0.queries.split(separator: "|").map(String.init) })

    /// A search a buyer of `product` might type.
    static func query(for product: Int, _ random: inout DemoRandom) -> DemoCell {
        let item = products[product]
        return queries[item.queryStart + random.below(item.queryCount)]
    }

    /// How often each product is picked for an order line.
    static let popularity = DemoWeights(rows.map(\.popularity))

    private static let rows: [(sku: String, name: String, category: String, brand: String, fen: Int64,
                               popularity: Int, household: Bool, queries: String)] = [
        ("HY-LP-101", "花研丝绒哑光口红 #316豆沙色", "口红", "花研", 13900, 60, false, "口红 豆沙色|哑光口红 显白|口红 不沾杯"),
        ("HY-LP-102", "花研丝绒哑光口红 #999正红色", "口红", "花研", 13900, 45, false, "正红色口红|口红 显白|口红 持久"),
        ("HY-LP-103", "花研水光唇釉 #04蜜桃", "口红", "花研", 11900, 35, false, "唇釉 水光|蜜桃色唇釉|唇釉 平价"),
        ("HY-LP-104", "花研口红礼盒三支装", "口红", "花研", 35900, 20, false, "口红礼盒 送女友|口红套装|七夕礼物 口红"),
        ("SJ-FC-201", "素肌玻尿酸保湿面霜 50g", "面霜", "素肌", 19900, 55, false, "保湿面霜|面霜 干皮|玻尿酸面霜"),
        ("SJ-FC-202", "素肌修护舒缓面霜 敏感肌 50g", "面霜", "素肌", 22900, 40, false, "面霜 敏感肌|修护面霜|舒缓面霜 泛红"),
        ("XY-FC-203", "雪颜胶原紧致抗皱面霜 50ml", "面霜", "雪颜", 45900, 25, false, "抗皱面霜|紧致面霜 抗老|胶原蛋白面霜"),
        ("XY-SR-301", "雪颜小棕瓶修护精华 30ml", "精华", "雪颜", 59900, 35, false, "小棕瓶精华|修护精华 熬夜|抗老精华"),
        ("XY-SR-302", "雪颜烟酰胺美白精华 30ml", "精华", "雪颜", 32900, 40, false, "美白精华|烟酰胺精华|精华液 提亮"),
        ("SJ-SR-303", "素肌积雪草舒缓精华 30ml", "精华", "素肌", 23900, 30, false, "积雪草精华|精华 敏感肌|舒缓精华"),
        ("SJ-MK-401", "素肌补水保湿面膜 10片", "面膜", "素肌", 8900, 70, false, "补水面膜|面膜 保湿|面膜 学生"),
        ("SJ-MK-402", "素肌熬夜急救面膜 5片", "面膜", "素肌", 6900, 45, false, "熬夜面膜|急救面膜|面膜 提亮"),
        ("HY-MK-403", "花研玫瑰睡眠面膜 80g", "面膜", "花研", 12900, 25, false, "睡眠面膜|免洗面膜|玫瑰面膜"),
        ("SJ-CL-501", "素肌氨基酸洁面乳 120g", "洁面", "素肌", 6900, 50, false, "氨基酸洗面奶|洁面乳 温和|洗面奶 控油"),
        ("SJ-CL-502", "素肌温和卸妆油 200ml", "卸妆", "素肌", 11900, 35, false, "卸妆油|卸妆 敏感肌|卸妆油 温和"),
        ("XY-TN-601", "雪颜精粹水 150ml", "爽肤水", "雪颜", 26900, 30, false, "精粹水|神仙水 平替|爽肤水 提亮"),
        ("SJ-TN-602", "素肌保湿爽肤水 200ml", "爽肤水", "素肌", 10900, 40, false, "保湿爽肤水|化妆水 补水|爽肤水 大瓶"),
        ("HY-SC-701", "花研清透防晒乳 SPF50+ 50ml", "防晒", "花研", 14900, 45, false, "防晒霜 清爽|防晒乳 SPF50|军训防晒"),
        ("XY-EY-801", "雪颜淡纹眼霜 15g", "眼霜", "雪颜", 38900, 20, false, "眼霜 淡纹|眼霜 黑眼圈|抗皱眼霜"),
        ("HY-FD-901", "花研持妆粉底液 30ml", "粉底液", "花研", 24900, 30, false, "粉底液 持妆|粉底液 油皮|遮瑕粉底"),
        ("HY-PF-902", "花研栀子花淡香水 50ml", "香水", "花研", 29900, 15, false, "香水 女 持久|栀子花香水|淡香水 送礼"),
        ("HY-HC-111", "花研玫瑰护手霜 3支装", "护手霜", "花研", 7900, 35, false, "护手霜 套装|护手霜 保湿|护手霜 礼盒"),
        ("XY-GS-990", "雪颜明星护肤礼盒 水+精华+面霜", "礼盒", "雪颜", 109900, 12, false, "护肤品套装 礼盒|护肤礼盒 送妈妈|护肤套装 抗老"),
        ("QH-SH-101", "青禾控油去屑洗发水 500ml", "洗发水", "青禾", 5990, 55, true, "去屑洗发水|洗发水 控油|洗发水 男"),
        ("QH-SH-102", "青禾无硅油蓬松洗发水 500ml", "洗发水", "青禾", 6990, 45, true, "无硅油洗发水|蓬松洗发水|洗发水 女 香味持久"),
        ("QH-CD-103", "青禾柔顺护发素 400ml", "护发素", "青禾", 4990, 30, true, "护发素 柔顺|护发素 干枯|发膜 护发素"),
        ("QH-BW-201", "青禾樱花香氛沐浴露 750ml", "沐浴露", "青禾", 4990, 55, true, "沐浴露 留香|香氛沐浴露|沐浴露 樱花"),
        ("QH-BW-202", "青禾牛奶滋润沐浴露 1L", "沐浴露", "青禾", 5990, 40, true, "沐浴露 滋润|牛奶沐浴露|沐浴露 家庭装"),
        ("QH-BL-203", "青禾烟酰胺身体乳 400ml", "身体乳", "青禾", 7990, 35, true, "身体乳 美白|身体乳 保湿 秋冬|烟酰胺身体乳"),
        ("QH-TP-701", "青禾美白牙膏 120g×3", "牙膏", "青禾", 3990, 40, true, "美白牙膏|牙膏 清新口气|牙膏 套装"),
        ("JL-LD-301", "净朗深层洁净洗衣液 3kg", "洗衣液", "净朗", 4590, 80, true, "洗衣液 大桶|洗衣液 持久留香|洗衣液 家庭装"),
        ("JL-LD-302", "净朗除菌除螨洗衣液 2kg", "洗衣液", "净朗", 3990, 60, true, "除螨洗衣液|除菌洗衣液|洗衣液 婴儿"),
        ("JL-LD-303", "净朗洗衣凝珠 52颗", "洗衣液", "净朗", 5990, 40, true, "洗衣凝珠|凝珠 留香|洗衣球"),
        ("JL-DW-601", "净朗果蔬洗洁精 1.5kg", "洗洁精", "净朗", 1990, 45, true, "洗洁精 大桶|洗洁精 果蔬|洗洁精 不伤手"),
        ("JL-HW-801", "净朗抑菌洗手液 500ml", "洗手液", "净朗", 2490, 35, true, "洗手液 抑菌|洗手液 泡沫|洗手液 补充装"),
        ("YR-SF-401", "云柔衣物柔顺剂 薰衣草 2L", "柔顺剂", "云柔", 3590, 55, true, "柔顺剂 留香|衣物柔顺剂|柔顺剂 薰衣草"),
        ("YR-SF-402", "云柔留香柔顺剂 小苍兰 1.5L", "柔顺剂", "云柔", 3290, 45, true, "留香珠 柔顺剂|柔顺剂 小苍兰|柔顺剂 防静电"),
        ("YR-TS-501", "云柔抽纸 3层100抽×24包", "纸巾", "云柔", 4990, 75, true, "抽纸 整箱|抽纸 24包|纸巾 家用"),
        ("YR-TS-502", "云柔卷纸 4层 27卷", "纸巾", "云柔", 4290, 55, true, "卷纸 整提|卫生纸 卷纸|卷纸 4层"),
        ("YR-TS-503", "云柔湿厕纸 40抽×6包", "纸巾", "云柔", 2990, 30, true, "湿厕纸|湿厕纸 便携|湿巾 家用"),
    ]
}
