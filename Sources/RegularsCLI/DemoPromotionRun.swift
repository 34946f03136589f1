import Foundation
import Regulars
import RegularsStore

/// The demo's promotions: created, the new-customer coupon issued to customers without an order, and the sample
/// cart priced for a 王者 customer and for a newcomer on 双11 evening.
enum DemoPromotionRun {
    struct Result: Encodable {
        var promotions: [String]
        var couponsIssued: Int
        var champion: Int64?
        var championCart: PricedCart?
        var newcomer: Int64?
        var newcomerCart: PricedCart?
    }

    static func run(store: SQLiteStore, settings: ShopSettings, end: Instant) async throws -> Result {
        let calendar = settings.calendar
        let year = calendar.local(end).date.year
        let d11 = DemoPromotions.doubleEleven(year: year, calendar: calendar)
        let setupTime = min(end, d11.starts)
        let promotions = DemoPromotions.promotions(year: year, calendar: calendar)
        for offer in promotions { try await store.savePromotion(offer, at: setupTime) }
        try await store.saveTemplate(DemoPromotions.newCustomerCoupon, at: setupTime)
        for (sku, floor) in DemoPromotions.costFloors { try await store.setCostFloor(sku: sku, floor) }

        let snapshot = try await AudienceSnapshot.load(store, settings: settings, now: end)
        let newcomers = snapshot.members(try AudienceQuery(parsing: "orders = 0"))
        let champions = snapshot.members(try AudienceQuery(parsing: "pyramid = 王者"))
        // Issued on 双11's first day, valid 30 days: usable on 双11 evening. The key makes a second demo run issue nothing.
        let report = try await store.issueCoupons(templateID: DemoPromotions.newCustomerCoupon.id, to: newcomers,
                                                  idempotencyKey: "demo-new15-\(year)", at: d11.starts)
        var result = Result(promotions: promotions.map(\.id) + [DemoPromotions.newCustomerCoupon.id],
                            couponsIssued: report.issued.count)
        let cart = CartRequest(cart: DemoPromotions.sampleCart, channel: .tmall)
        if let champion = champions.first {
            result.champion = champion
            result.championCart = try await CheckoutPricing.prepare(cart, customer: champion, channel: .tmall, choice: .best, store: store,
                                                                    settings: settings, now: d11.evening).price()
        }
        if let newcomer = newcomers.first {
            result.newcomer = newcomer
            result.newcomerCart = try await CheckoutPricing.prepare(cart, customer: newcomer, channel: .tmall, choice: .best, store: store,
                                                                    settings: settings, now: d11.evening).price()
        }
        return result
    }

    static func render(_ result: Result) -> String {
        var out = ["促销 promotions: " + result.promotions.joined(separator: ", ") + " · 新客券 issued to \(result.couponsIssued) customers without an order"]
        if let champion = result.champion, let priced = result.championCart {
            out.append("")
            out.append("双11 20:00 · sample cart for 王者 customer \(champion):")
            out.append(PricingText.render(priced))
        }
        if let newcomer = result.newcomer, let priced = result.newcomerCart {
            out.append("")
            out.append("双11 20:00 · the same cart for newcomer \(newcomer):")
            out.append(PricingText.render(priced))
        }
        return out.joined(separator: "\n")
    }
}
