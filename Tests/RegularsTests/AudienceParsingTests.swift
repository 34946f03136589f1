import Testing
@testable import Regulars

@Suite("Audience query parsing and canonical form")
struct AudienceParsingTests {
    @Test(arguments: [
        ("bought sku:A within 90d and not bought sku:B ever and pyramid = 潜力",
         "bought sku:A within 90d and not bought sku:B ever and pyramid = potential"),
        ("viewed sku:A within 7d and not bought sku:A within 7d", "viewed sku:A within 7d and not bought sku:A within 7d"),
        ("BOUGHT SKU:A WITHIN 90D", "bought sku:A within 90d"),
        ("bought Category:面霜 within 12w", "bought category:面霜 within 12w"),
        ("carted anything within 24h", "carted anything within 24h"),
        ("favorited sku:X-1/2:3.5_b between 2024-01-01 and 2024/3/9",
         "favorited sku:X-1/2:3.5_b between 2024-01-01 and 2024-03-09"),
        ("bought sku:\"A B\"", "bought sku:\"A B\" ever"),
        ("bought sku: \"and\"", "bought sku:\"and\" ever"),
        ("viewed sku:A within 7d for 5m", "viewed sku:A for 5m within 7d"),
        ("tag = \"say \\\"hi\\\" \\\\ there\"", "tag = \"say \\\"hi\\\" \\\\ there\""),
        ("tag = \"and\"", "tag = \"and\""),
        ("tag = \"plain\"", "tag = plain"),
        ("tag in (a)", "tag = a"),
        ("tag not in (a, b)", "tag not in (a, b)"),
        ("class in （重要价值，重要发展）", "class in (important-value, important-develop)"),
        ("lifecycle == 沉睡", "lifecycle = silent"),
        ("channel <> 天猫", "channel != tmall"),
        ("coupon_share >= 0.5", "coupon_share >= 50%"),
        ("coupon_share < 12.5%", "coupon_share < 12.5%"),
        ("coupon_share ≤ 0.0625", "coupon_share <= 6.25%"),
        ("spend > 100.50", "spend > 100.5"),
        ("monetary between 0.05 and 1000", "monetary between 0.05 and 1000"),
        ("spend < -3.5", "spend < -3.5"),
        ("r_score>=4 and f_score=5", "r_score >= 4 and f_score = 5"),
        ("recency ≥ 30", "recency >= 30"),
        ("sleep_warning", "sleep_warning"),
        ("birthday within 1w", "birthday within 1w"),
        ("last_order within 30d or first_order between 2024-01-01 and 2024-01-31 or first_order != 2023-12-31",
         "last_order within 30d or first_order between 2024-01-01 and 2024-01-31 or first_order != 2023-12-31"),
        ("(tag = a) and ((tag = b and tag = c))", "tag = a and tag = b and tag = c"),
        ("tag = a or tag = b and tag = c", "tag = a or tag = b and tag = c"),
        ("(tag = a or tag = b) and tag = c", "(tag = a or tag = b) and tag = c"),
        ("not (tag = a or tag = b)", "not (tag = a or tag = b)"),
        ("not not tag = a", "not not tag = a"),
        ("tag = a or (tag = b or tag = c)", "tag = a or tag = b or tag = c"),
    ])
    func canonicalForm(_ text: String, _ canonical: String) throws {
        let query = try AudienceQuery(parsing: text)
        #expect(query.canonical == canonical)
        #expect(query.text == text)
        #expect(try AudienceQuery(parsing: query.canonical) == query)
    }

    @Test func equalMeaningsAreEqualQueries() throws {
        func same(_ a: String, _ b: String) throws -> Bool { try AudienceQuery(parsing: a) == AudienceQuery(parsing: b) }
        #expect(try same("pyramid = 潜力", "pyramid = potential"))
        #expect(try same("pyramid = 潜力客户", "PYRAMID in (Potential)"))
        #expect(try same("coupon_share >= 50%", "coupon_share >= 0.5"))
        #expect(try same("bought sku:A", "bought sku:A ever"))
        #expect(try same("tag = a and (tag = b and tag = c)", "(tag = a and tag = b) and tag = c"))
        #expect(try same("channel = 京东", "channel = JD"))
        #expect(try !same("tag = a", "tag = b"))
        #expect(try !same("bought sku:A within 12w", "bought sku:A within 84d"))
        #expect(try !same("tag = a or tag = b and tag = c", "(tag = a or tag = b) and tag = c"))
    }

    /// Every construct, spelled every way, reads back from its canonical form to the same query.
    @Test(arguments: [
        "bought sku:A within 90d and not bought sku:B ever and pyramid = 潜力",
        "viewed sku:A within 7d and not bought sku:A within 7d",
        "Viewed SKU:\"香水 小样\" For 30S Within 48H",
        "bought category:\"a\\\\b\" between 2024-02-29 and 2024-02-29 or carted anything",
        "not (favorited sku:A within 1d or viewed category:口红) and (orders >= 2 or spend between 99.9 and 1000)",
        "frequency > 3 and monetary <= 250.01 and recency between 0 and 30 and m_score != 1",
        "coupon_share between 0 and 33.33% or coupon_share = 1",
        "class not in (一般挽留, important-keep) and lifecycle != 流失 and channel in (天猫, pos, \"Odd Channel\")",
        "region in (浙江省, 上海市) or tag = \"VIP 会员\" or tag = \"\"",
        "sleep_warning or birthday within 30d or last_order < 2024-01-01 or first_order within 2w",
        "((((tag = a))))",
        "not not not sleep_warning",
        "tag = \"or\" or tag = \"NOT\"",
    ])
    func canonicalRoundTrip(_ text: String) throws {
        let query = try AudienceQuery(parsing: text)
        let again = try AudienceQuery(parsing: query.canonical)
        #expect(again == query)
        #expect(again.canonical == query.canonical)
    }
}
