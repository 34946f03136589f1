import Testing
@testable import Regulars

@Suite("Audience activities: bought, viewed, carted, favorited")
struct AudienceActivityTests {
    let asOf = localSeconds("2024-06-30 18:00:00")

    @Test func withinDaysCountsLocalDaysUpToTheAsOfMoment() throws {
        var shop = AudienceShopBuilder(customers: 5)
        shop.buy(0, at: localSeconds("2024-04-02 00:00:00"), skus: ["A"]) // 89 days before the as-of day
        shop.buy(1, at: localSeconds("2024-04-01 23:59:59"), skus: ["A"]) // 90 days before
        shop.buy(2, at: localSeconds("2024-06-30 18:00:01"), skus: ["A"]) // after the as-of moment
        shop.buy(3, at: localSeconds("2024-06-30 18:00:00"), skus: ["A"]) // at it
        shop.buy(4, at: localSeconds("2024-06-01"), skus: ["B"])
        let context = shop.context(asOf: asOf)
        #expect(try context.members("bought sku:A within 90d") == [0, 3])
        #expect(try context.members("bought sku:A within 91d") == [0, 1, 3])
        #expect(try context.members("bought sku:A within 13w") == [0, 1, 3])
        #expect(try context.members("bought sku:A ever") == [0, 1, 3])
        #expect(try context.members("bought sku:A") == [0, 1, 3])
        #expect(try context.members("bought sku:A between 2024-04-01 and 2024-04-01") == [1])
        #expect(try context.members("bought sku:A between 2024-04-02 and 2024-07-31") == [0, 3])
        #expect(try context.members("bought anything within 90d") == [0, 3, 4])
        #expect(try context.members("not bought anything") == [2])
        #expect(try context.members("bought sku:Z") == [])
    }

    @Test func hoursAreExactSecondsAndViewsCanHaveAMinimumDuration() throws {
        var shop = AudienceShopBuilder(customers: 5)
        shop.event(0, .view, sku: "A", at: localSeconds("2024-06-29 18:00:00"))
        shop.event(1, .view, sku: "A", at: localSeconds("2024-06-29 17:59:59"))
        shop.event(2, .view, sku: "A", at: localSeconds("2024-06-30 18:00:01"))
        shop.event(3, .view, sku: "A", at: localSeconds("2024-06-30 10:00:00"), duration: 300)
        shop.event(4, .view, sku: "A", at: localSeconds("2024-06-30 09:00:00"), duration: 299)
        shop.event(4, .search, sku: "B", at: localSeconds("2024-06-30 09:00:00"))
        shop.event(3, .view, sku: "B", at: localSeconds("2024-06-30 09:00:00"))
        shop.event(0, .addToCart, sku: "A", at: localSeconds("2024-06-01"))
        shop.event(1, .favorite, sku: "A", at: localSeconds("2024-06-01"))
        let context = shop.context(asOf: asOf)
        #expect(try context.members("viewed sku:A within 24h") == [0, 3, 4])
        #expect(try context.members("viewed sku:A within 1d") == [3, 4])
        #expect(try context.members("viewed sku:A within 2d") == [0, 1, 3, 4])
        #expect(try context.members("viewed sku:A") == [0, 1, 3, 4])
        #expect(try context.members("viewed sku:A for 5m") == [3])
        #expect(try context.members("viewed sku:A for 300s within 1d") == [3])
        #expect(try context.members("viewed sku:A within 1d for 301s") == [])
        #expect(try context.members("viewed sku:B") == [3])
        #expect(try context.members("carted sku:A") == [0])
        #expect(try context.members("favorited sku:A") == [1])
        #expect(try context.members("favorited anything within 7d") == [])
    }

    @Test func viewedButNotBought() throws {
        var shop = AudienceShopBuilder(customers: 4)
        for c in [0, 1, 3] { shop.event(c, .view, sku: "A", at: localSeconds("2024-06-27 12:00:00")) }
        shop.event(2, .view, sku: "A", at: localSeconds("2024-06-22 12:00:00"))
        shop.buy(0, at: localSeconds("2024-06-28 12:00:00"), skus: ["A"])
        shop.buy(1, at: localSeconds("2024-06-20 12:00:00"), skus: ["A"])
        shop.buy(3, at: localSeconds("2024-06-29 12:00:00"), skus: ["B"])
        let context = shop.context(asOf: asOf)
        #expect(try context.members("viewed sku:A within 7d and not bought sku:A within 7d") == [1, 3])
    }

    /// The SPEC's example: bought A in the last 3 months, never B, and a potential customer.
    @Test func boughtAButNeverBAndPotential() throws {
        var shop = AudienceShopBuilder(customers: 6)
        shop.sku("A", category: "口红")
        shop.sku("B", category: "口红")
        shop.sku("C", category: "面霜")
        shop.buy(0, at: localSeconds("2024-05-01 10:00:00"), skus: ["A"])
        shop.buy(0, at: localSeconds("2024-06-20 10:00:00"), skus: ["C"])
        shop.buy(1, at: localSeconds("2024-01-10 10:00:00"), skus: ["B"])
        shop.buy(1, at: localSeconds("2024-05-01 10:00:00"), skus: ["A"])
        shop.buy(1, at: localSeconds("2024-06-20 10:00:00"), skus: ["C"])
        shop.buy(2, at: localSeconds("2024-06-20 10:00:00"), skus: ["A"])
        shop.buy(3, at: localSeconds("2024-03-01 10:00:00"), skus: ["C"])
        shop.buy(3, at: localSeconds("2024-03-15 10:00:00"), skus: ["A"])
        shop.buy(4, at: localSeconds("2024-05-01 10:00:00"), skus: ["A"])
        shop.buy(4, at: localSeconds("2024-06-01 10:00:00"), skus: ["A", "A"])
        shop.buy(4, at: localSeconds("2024-07-05 10:00:00"), skus: ["B"])
        shop.event(5, .view, sku: "C", at: localSeconds("2024-06-30 10:00:00"))
        shop.event(5, .view, sku: nil, at: localSeconds("2024-06-30 11:00:00"))
        let segments = shop.segments(asOf: asOf)
        #expect(segments.pyramid == [.potential, .potential, .new, .dozing, .potential, nil])
        let context = AudienceContext(columns: shop.built, segments: segments, asOfLocalSeconds: asOf)

        #expect(try context.members("bought sku:A within 90d and not bought sku:B ever and pyramid = 潜力") == [0, 4])
        #expect(try context.members("bought category:口红 within 90d") == [0, 1, 2, 4])
        #expect(try context.members("bought category:面霜") == [0, 1, 3])
        #expect(try context.members("bought category:香水") == [])
        #expect(try context.members("viewed category:面霜") == [5])
        #expect(try context.members("viewed category:口红") == [])
        #expect(try context.members("viewed anything") == [5])
    }

    @Test func linesNeedNotComeInPurchaseOrder() throws {
        var shop = AudienceShopBuilder(customers: 3)
        shop.buy(0, at: localSeconds("2024-06-01"), skus: ["A"])
        shop.buy(1, at: localSeconds("2024-01-01"), skus: ["B"])
        shop.buy(2, at: localSeconds("2024-06-10"), skus: ["A"])
        var columns = shop.built
        columns.lineOrder.reverse()
        columns.lineSku.reverse()
        let context = AudienceContext(columns: columns, segments: shop.segments(asOf: asOf), asOfLocalSeconds: asOf)
        #expect(try context.members("bought sku:A within 30d") == [0, 2])
        #expect(try context.members("bought sku:B within 30d") == [])
        #expect(try context.members("bought sku:B") == [1])
    }
}
