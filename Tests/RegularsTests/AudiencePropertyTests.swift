import Testing
@testable import Regulars

@Suite("Audience queries against an obvious evaluator")
struct AudiencePropertyTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomQueriesOnRandomShops(seed: UInt64) throws {
        let shop = AudienceReferenceShop(seed: seed)
        let segments = shop.builder.segments(asOf: shop.asOf)
        let context = AudienceContext(columns: shop.builder.built, segments: segments, asOfLocalSeconds: shop.asOf)
        var generator = AudienceQueryGenerator(seed: seed &* 0x5DEE_CE66D, shop: shop, segments: segments)
        var informative = 0
        let rounds = 250
        for _ in 0 ..< rounds {
            let generated = generator.query()
            let query = try AudienceQuery(parsing: generated.text)
            let expected = (0 ..< shop.customers).filter(generated.holds).map(Int32.init)
            let actual = context.evaluate(query)
            #expect(actual.indexes == expected, "\(generated.text)  (canonical: \(query.canonical))")
            #expect(actual.count == expected.count)
            if !expected.isEmpty, expected.count < shop.customers { informative += 1 }

            let again = try AudienceQuery(parsing: query.canonical)
            #expect(again == query, "\(generated.text) → \(query.canonical)")
            #expect(again.canonical == query.canonical)
            let explanation = context.explain(query)
            #expect(explanation.first?.count == expected.count)
            #expect(explanation.first?.depth == 0)
        }
        // The generator must produce audiences that split the customers, or the comparison proves little.
        #expect(informative * 2 > rounds)
    }

    /// Single conditions, many of them, each against the obvious evaluator (no boolean structure to hide a mistake).
    @Test func everyLeafAgreesOnItsOwn() throws {
        let shop = AudienceReferenceShop(seed: 42, customers: 400)
        let segments = shop.builder.segments(asOf: shop.asOf)
        let context = AudienceContext(columns: shop.builder.built, segments: segments, asOfLocalSeconds: shop.asOf)
        var generator = AudienceQueryGenerator(seed: 4242, shop: shop, segments: segments)
        for _ in 0 ..< 1500 {
            let generated = generator.query(depth: 3)
            let expected = (0 ..< shop.customers).filter(generated.holds).map(Int32.init)
            #expect(try context.members(generated.text) == expected, "\(generated.text)")
        }
    }
}
