/// Where demo people live: real province/city pairs, weighted towards the big coastal cities.
enum DemoRegions {
    struct Region: Sendable {
        let province: DemoCell
        let city: DemoCell
        /// The shop's store code (01, 02 …) when it has a store in this city, else 0.
        let store: UInt8
    }

    static let all: [Region] = zip(zip(DemoCell.table(rows.map(\.province)), DemoCell.table(rows.map(\.city))), rows)
        .map { Region(province: $0.0.0, city: $0.0.1, store: $0.1.store) }
    static let weights = DemoWeights(rows.map(\.weight))
    /// Regions with a store: POS members live here.
    static let storeRegions: [Int] = rows.indices.filter { rows[$0].store > 0 }

    private static let rows: [(province: String, city: String, weight: Int, store: UInt8)] = [
        ("浙江省", "杭州市", 9, 1), ("上海市", "上海市", 9, 2), ("江苏省", "苏州市", 5, 3),
        ("广东省", "广州市", 6, 0), ("广东省", "深圳市", 7, 0), ("广东省", "东莞市", 3, 0), ("广东省", "佛山市", 3, 0),
        ("浙江省", "宁波市", 3, 0), ("浙江省", "温州市", 2, 0), ("北京市", "北京市", 7, 0), ("江苏省", "南京市", 4, 0),
        ("江苏省", "无锡市", 2, 0), ("四川省", "成都市", 5, 0), ("湖北省", "武汉市", 4, 0), ("湖南省", "长沙市", 3, 0),
        ("山东省", "济南市", 2, 0), ("山东省", "青岛市", 3, 0), ("福建省", "福州市", 2, 0), ("福建省", "厦门市", 2, 0),
        ("河南省", "郑州市", 3, 0), ("陕西省", "西安市", 3, 0), ("重庆市", "重庆市", 4, 0), ("天津市", "天津市", 3, 0),
        ("安徽省", "合肥市", 3, 0), ("辽宁省", "沈阳市", 2, 0), ("辽宁省", "大连市", 2, 0), ("云南省", "昆明市", 2, 0),
        ("江西省", "南昌市", 2, 0), ("广西壮族自治区", "南宁市", 2, 0), ("黑龙江省", "哈尔滨市", 2, 0),
        ("河北省", "石家庄市", 2, 0), ("山西省", "太原市", 1, 0), ("吉林省", "长春市", 1, 0), ("贵州省", "贵阳市", 1, 0),
        ("海南省", "海口市", 1, 0), ("甘肃省", "兰州市", 1, 0), ("新疆维吾尔自治区", "乌鲁木齐市", 1, 0),
        ("内蒙古自治区", "呼和浩特市", 1, 0), ("宁夏回族自治区", "银川市", 1, 0), ("青海省", "西宁市", 1, 0),
    ]
}
