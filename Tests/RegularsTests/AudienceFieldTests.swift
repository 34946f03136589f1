import Testing
@testable import Regulars

@Suite("Audience fields: numbers, names, flags, birthdays, order dates")
struct AudienceFieldTests {
    let asOf = localSeconds("2024-06-30 18:00:00")

    /// c0: 2 orders (one outside the RFM window), 150.50 spent, half with a coupon; c1: 3 orders, 600, two of three
    /// with a coupon; c2: none; c3: only after the as-of moment; c4: one order 181 days ago.
    private func numbersShop() -> AudienceShopBuilder {
        var shop = AudienceShopBuilder(customers: 5)
        shop.buy(0, at: localSeconds("2024-06-29 10:00:00"), fen: 10_050, discounted: true)
        shop.buy(0, at: localSeconds("2023-01-01 10:00:00"), fen: 5_000)
        shop.buy(1, at: localSeconds("2024-06-01 10:00:00"), fen: 30_000, discounted: true)
        shop.buy(1, at: localSeconds("2024-05-01 10:00:00"), fen: 20_000, discounted: true)
        shop.buy(1, at: localSeconds("2024-04-01 10:00:00"), fen: 10_000)
        shop.buy(3, at: localSeconds("2024-07-01 10:00:00"), fen: 100_000, discounted: true)
        shop.buy(4, at: localSeconds("2024-01-01 10:00:00"), fen: 2_000)
        return shop
    }

    @Test func lifetimeAndWindowNumbers() throws {
        let context = numbersShop().context(asOf: asOf)
        #expect(try context.members("orders = 0") == [2, 3])
        #expect(try context.members("orders >= 2") == [0, 1])
        #expect(try context.members("orders between 1 and 2") == [0, 4])
        #expect(try context.members("orders != 2") == [1, 2, 3, 4])
        #expect(try context.members("spend > 150.5") == [1])
        #expect(try context.members("spend >= 150.50") == [0, 1])
        #expect(try context.members("spend = 150.5") == [0])
        #expect(try context.members("spend < 20.01") == [2, 3, 4])
        #expect(try context.members("spend = 0") == [2, 3])
        #expect(try context.members("frequency = 1") == [0, 4])
        #expect(try context.members("frequency = 0") == [2, 3])
        #expect(try context.members("monetary >= 100.5") == [0, 1])
        #expect(try context.members("monetary between 20 and 100.5") == [0, 4])
        #expect(try context.members("recency <= 29") == [0, 1])
        #expect(try context.members("recency > 100") == [4])
        #expect(try context.members("recency >= 0") == [0, 1, 4])
        #expect(try context.members("not recency >= 0") == [2, 3])
    }

    @Test func couponShareIsExactAndNeedsPurchases() throws {
        let context = numbersShop().context(asOf: asOf)
        #expect(try context.members("coupon_share >= 50%") == [0, 1])
        #expect(try context.members("coupon_share = 0.5") == [0])
        #expect(try context.members("coupon_share > 0.5") == [1])
        #expect(try context.members("coupon_share = 0") == [4])
        #expect(try context.members("coupon_share <= 100%") == [0, 1, 4])
        #expect(try context.members("coupon_share between 0.6 and 0.7") == [1])
        #expect(try context.members("coupon_share = 66.67%") == [])
        #expect(try context.members("coupon_share != 0.5") == [1, 4])
    }

    @Test func scoresComeFromTheSegmentTable() throws {
        let shop = numbersShop()
        let segments = shop.segments(asOf: asOf)
        #expect(segments.rScore == [4, 2, 0, 0, 1])
        #expect(segments.fScore == [1, 4, 0, 0, 1])
        #expect(segments.mScore == [2, 4, 0, 0, 1])
        let context = AudienceContext(columns: shop.built, segments: segments, asOfLocalSeconds: asOf)
        #expect(try context.members("r_score = 4") == [0])
        #expect(try context.members("r_score >= 1") == [0, 1, 4])
        #expect(try context.members("r_score < 5") == [0, 1, 4])
        #expect(try context.members("f_score = 4") == [1])
        #expect(try context.members("m_score between 2 and 3") == [0])
        #expect(try context.members("m_score != 4") == [0, 4])
    }

    @Test func orderDates() throws {
        let context = numbersShop().context(asOf: asOf)
        #expect(try context.members("last_order within 30d") == [0, 1])
        #expect(try context.members("last_order within 29d") == [0])
        #expect(try context.members("first_order < 2024-01-01") == [0])
        #expect(try context.members("first_order <= 2024-01-01") == [0, 4])
        #expect(try context.members("first_order between 2024-01-01 and 2024-04-01") == [1, 4])
        #expect(try context.members("last_order = 2024-06-01") == [1])
        #expect(try context.members("last_order != 2024-06-01") == [0, 4])
        #expect(try context.members("first_order within 4w") == [])
        #expect(try context.members("last_order >= 2024-07-01") == [])
    }

    /// c0 important-value, c1 general-retain, c2 general-develop, c3 none, c4 important-keep.
    @Test func classesAndLifecycleInChineseOrEnglish() throws {
        var shop = AudienceShopBuilder(customers: 5)
        for days in [1, 10, 20] { shop.buy(0, at: asOf - Int64(days) * 86_400, fen: 50_000) }
        shop.buy(1, at: asOf - 200 * 86_400, fen: 1_000)
        shop.buy(2, at: asOf - 5 * 86_400, fen: 1_000)
        shop.buy(4, at: asOf - 300 * 86_400, fen: 200_000)
        shop.buy(4, at: asOf - 250 * 86_400, fen: 200_000)
        let segments = shop.segments(asOf: asOf)
        #expect(segments.rfmClass == [.importantValue, .generalRetain, .generalDevelop, nil, .importantKeep])
        #expect(segments.lifecycle == [.active, .churned, .new, nil, .churned])
        let context = AudienceContext(columns: shop.built, segments: segments, asOfLocalSeconds: asOf)
        #expect(try context.members("class = 重要价值") == [0])
        #expect(try context.members("class = important-value") == [0])
        #expect(try context.members("class = 重要价值客户") == [0])
        #expect(try context.members("CLASS = Important-Value") == [0])
        #expect(try context.members("class in (重要保持, general-develop)") == [2, 4])
        #expect(try context.members("class != 重要价值") == [1, 2, 3, 4])
        #expect(try context.members("class not in (重要价值, 一般挽留)") == [2, 3, 4])
        #expect(try context.members("lifecycle = 活跃") == [0])
        #expect(try context.members("lifecycle = 新客") == [2])
        #expect(try context.members("lifecycle in (churned, 忠诚)") == [1, 4])
        #expect(try context.members("pyramid in (王者, 潜力)") == [])
        #expect(try context.members("pyramid = 新客") == [0, 2])
        #expect(try context.members("pyramid = 流失") == [1, 4])
    }

    @Test func channelsRegionsAndTags() throws {
        var shop = AudienceShopBuilder(customers: 6)
        shop.buy(0, at: localSeconds("2024-06-01"), channel: "tmall")
        shop.buy(1, at: localSeconds("2024-06-01"), channel: "jd")
        shop.buy(2, at: localSeconds("2024-07-01"), channel: "tmall")
        shop.buy(3, at: localSeconds("2024-06-01"), channel: "pos")
        shop.buy(3, at: localSeconds("2024-06-02"), channel: "tmall")
        shop.region(0, province: "浙江省", city: "杭州市")
        shop.region(1, province: "浙江省", city: "宁波市")
        shop.region(2, province: "上海市", city: "上海市")
        shop.region(4, province: nil, city: "苏州市")
        shop.tag(0, "敏感肌")
        shop.tag(1, "敏感肌")
        shop.tag(1, "价格敏感")
        shop.tag(4, "VIP 会员")
        let context = shop.context(asOf: asOf)
        #expect(try context.members("channel = 天猫") == [0, 3])
        #expect(try context.members("channel = tmall") == [0, 3])
        #expect(try context.members("channel = TMALL") == [0, 3])
        #expect(try context.members("channel in (jd, 门店)") == [1, 3])
        #expect(try context.members("channel != tmall") == [1, 2, 4, 5])
        #expect(try context.members("channel = amazon") == [])
        #expect(try context.members("region = 浙江省") == [0, 1])
        #expect(try context.members("region = 杭州市") == [0])
        #expect(try context.members("region = 上海市") == [2])
        #expect(try context.members("region = 苏州市") == [4])
        #expect(try context.members("region in (杭州市, 上海市)") == [0, 2])
        #expect(try context.members("region = 浙江") == [])
        #expect(try context.members("tag = 敏感肌") == [0, 1])
        #expect(try context.members("tag in (价格敏感, \"VIP 会员\")") == [1, 4])
        #expect(try context.members("tag != 敏感肌") == [2, 3, 4, 5])
        #expect(try context.members("tag = “VIP 会员”") == [4])

        let notes = context.explain(try AudienceQuery(parsing: "channel = amazon or region = 浙江 or tag = 新品"))
        #expect(notes.map(\.notes) == [[], ["unknown channel 'amazon'"], ["unknown region '浙江' (known: 浙江省)"],
                                       ["unknown tag '新品'"]])
    }

    @Test func sleepWarningBetweenThirtyAndSixtyDays() throws {
        var shop = AudienceShopBuilder(customers: 4)
        shop.buy(0, at: asOf - 45 * 86_400)
        shop.buy(1, at: asOf - 10 * 86_400)
        shop.buy(2, at: asOf - 61 * 86_400)
        shop.buy(3, at: asOf - 31 * 86_400)
        let context = shop.context(asOf: asOf)
        #expect(try context.members("sleep_warning") == [0, 3])
        #expect(try context.members("not SLEEP_WARNING") == [1, 2])
    }

    @Test func birthdaysAcrossTheYearEnd() throws {
        var shop = AudienceShopBuilder(customers: 6)
        for (c, (month, day)) in [(12, 27), (12, 28), (12, 31), (1, 3), (1, 4)].enumerated() {
            shop.birthday(c, month: month, day: day)
        }
        let context = shop.context(asOf: localSeconds("2023-12-28 09:00:00"))
        #expect(try context.members("birthday within 7d") == [1, 2, 3])
        #expect(try context.members("birthday within 1w") == [1, 2, 3])
        #expect(try context.members("birthday within 1d") == [1])
        #expect(try context.members("birthday within 8d") == [1, 2, 3, 4])
        #expect(try context.members("birthday within 400d") == [0, 1, 2, 3, 4])
    }

    @Test func leapDayBirthdaysFallOnTheTwentyEighthInCommonYears() throws {
        var shop = AudienceShopBuilder(customers: 3)
        shop.birthday(0, month: 2, day: 29)
        shop.birthday(1, month: 2, day: 28)
        shop.birthday(2, month: 3, day: 1)
        func members(_ day: String, _ query: String = "birthday within 1d") throws -> [Int32] {
            try shop.context(asOf: localSeconds(day + " 12:00:00")).members(query)
        }
        #expect(try members("2023-02-25", "birthday within 4d") == [0, 1])
        #expect(try members("2023-02-28") == [0, 1])
        #expect(try members("2023-03-01") == [2])
        #expect(try members("2024-02-28") == [1])
        #expect(try members("2024-02-29") == [0])
        #expect(try members("2024-02-28", "birthday within 2d") == [0, 1])
    }
}
