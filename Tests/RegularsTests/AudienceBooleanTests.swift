import Testing
@testable import Regulars

@Suite("Audience boolean operators, explain, customer sets")
struct AudienceBooleanTests {
    let asOf = localSeconds("2024-06-30 18:00:00")

    /// Tags a = {0, 1}, b = {1, 2}, c = {2, 3} over five customers.
    private func tagged() -> AudienceContext {
        var shop = AudienceShopBuilder(customers: 5)
        for (c, tag) in [(0, "a"), (1, "a"), (1, "b"), (2, "b"), (2, "c"), (3, "c")] { shop.tag(c, tag) }
        return shop.context(asOf: asOf)
    }

    @Test func notBindsTighterThanAndWhichBindsTighterThanOr() throws {
        let context = tagged()
        #expect(try context.members("tag = a or tag = b and tag = c") == [0, 1, 2])
        #expect(try context.members("(tag = a or tag = b) and tag = c") == [2])
        #expect(try context.members("not tag = a and tag = b") == [2])
        #expect(try context.members("not (tag = a and tag = b)") == [0, 2, 3, 4])
        #expect(try context.members("not not tag = a") == [0, 1])
        #expect(try context.members("tag = a and not tag = b or tag = c") == [0, 2, 3])
        #expect(try context.members("TAG = a AND NOT tag = b") == [0])
        #expect(try context.members("tag = a or (tag = b and (tag = c or tag = a))") == [0, 1, 2])
        #expect(try context.members("tag = b and tag = c and not tag = a") == [2])
        #expect(try context.members("（tag = a or tag = c） and tag = b") == [1, 2])
    }

    @Test func explainListsEveryNodeWithItsOwnCount() throws {
        var shop = AudienceShopBuilder(customers: 4)
        shop.buy(0, at: localSeconds("2024-05-01 10:00:00"), skus: ["A"])
        shop.buy(0, at: localSeconds("2024-06-20 10:00:00"), skus: ["C"])
        shop.buy(1, at: localSeconds("2024-06-20 10:00:00"), skus: ["A"])
        let context = shop.context(asOf: asOf)
        let query = try AudienceQuery(parsing: "bought sku:A within 90d and not bought sku:Z ever and pyramid = 潜力")
        #expect(context.explain(query) == [
            AudienceExplanation(depth: 0, description: "and — 且：同时满足以下 3 项", count: 1, notes: []),
            AudienceExplanation(depth: 1, description: "bought sku:A within 90d — 90天内购买过 sku:A", count: 2, notes: []),
            AudienceExplanation(depth: 1, description: "not — 非：不满足下一项", count: 4, notes: []),
            AudienceExplanation(depth: 2, description: "bought sku:Z ever — 曾经购买过 sku:Z", count: 0,
                                notes: ["unknown sku 'Z'"]),
            AudienceExplanation(depth: 1, description: "pyramid = potential — 价值金字塔层级是 潜力", count: 1, notes: []),
        ])
        #expect(context.evaluate(query).indexes == [0])
        let future = try AudienceQuery(parsing: "bought category:X between 2030-01-01 and 2030-01-02")
        #expect(context.explain(future).first?.notes == ["unknown category 'X'", "the period lies after the as-of day"])
    }

    @Test func customerSetsAreBitsetsOverTheUniverse() {
        var set = CustomerSet(count: 130)
        #expect(set.count == 0 && set.isEmpty)
        for index in [129, 0, 64, 63, 5] { set.insert(index) }
        #expect(set.indexes == [0, 5, 63, 64, 129])
        #expect(set.count == 5)
        #expect(set.contains(64) && !set.contains(65) && !set.contains(130) && !set.contains(-1))
        let complement = set.complement()
        #expect(complement.count == 125)
        #expect(!complement.contains(129) && complement.contains(128))
        #expect(complement.complement() == set)
        #expect(~set == complement)
        #expect(CustomerSet.all(count: 130) == set | complement)
        #expect((set & complement).isEmpty)
        var other = CustomerSet(count: 130)
        other.insert(5)
        other.insert(100)
        #expect((set & other).indexes == [5])
        #expect((set | other).indexes == [0, 5, 63, 64, 100, 129])
        #expect(set.subtracting(other).indexes == [0, 63, 64, 129])
        set.remove(63)
        #expect(set.indexes == [0, 5, 64, 129])
        #expect(CustomerSet(count: 0).complement().count == 0)
        #expect(CustomerSet.all(count: 64).count == 64)
    }
}
