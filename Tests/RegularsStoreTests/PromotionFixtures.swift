import Foundation
import GRDB
import Regulars
import RegularsTestSupport
@testable import RegularsStore

/// Customers, templates and priced carts for the promotion store tests.
enum PromotionFixtures {
    /// Imports `count` customers (accounts `u1`, `u2` … on the mini-program) and returns their ids in that order.
    static func customers(_ count: Int, into store: SQLiteStore) async throws -> [Int64] {
        let rows = (1...count).map { "u\($0),miniapp,顾客\($0)" }.joined(separator: "\n")
        _ = try await importCSV("customer_id,channel,name\n" + rows, kind: .customers, into: store)
        return try await store.pool.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM customers ORDER BY id") }
    }

    static func template(_ id: String, off: Int64 = 3_000, validity: CouponTemplate.Validity = .daysFromIssue(30),
                         totalLimit: Int? = nil, perCustomer: Int? = 1, redemptionBudget: Int? = nil, budget: Money? = nil,
                         claimCode: String? = nil, restoreOnRefund: Bool = true, firstOrderOnly: Bool = false) -> CouponTemplate {
        CouponTemplate(offer: Offer(id: id, name: "券 \(id)", benefit: .cash(off: Money(fen: off)),
                                    targeting: Targeting(firstOrderOnly: firstOrderOnly), budget: budget),
                       validity: validity, totalLimit: totalLimit, perCustomerLimit: perCustomer,
                       redemptionBudget: redemptionBudget, claimCode: claimCode, restoreOnRefund: restoreOnRefund)
    }

    static func flashSale(_ id: String, stock: Int, perCustomer: Int? = nil, budget: Money? = nil) -> Offer {
        Offer(id: id, name: "秒杀 \(id)", benefit: .flashSale(price: Money(fen: 5_000), stock: stock, perCustomer: perCustomer),
              scope: OfferScope(skus: ["S1"]), budget: budget)
    }

    /// A cart of one ¥100 line with `off` taken off by coupon `code` of `template`.
    static func couponCart(_ code: String, template: String, off: Int64 = 3_000, list: Int64 = 10_000) throws -> PricedCart {
        try CartSpec(lines: [.init(sku: "S1", list: list, shares: [(template, off)], points: (list - off) / 100)],
                     discounts: [.init(offerID: template, code: code, amount: off)],
                     claims: [.init(offerID: template, amount: off, isCoupon: true)]).priced()
    }

    /// A cart that buys `units` of S1 at the offer's price ¥50 (list ¥80) from promotion `offer`.
    static func flashCart(_ offer: String, units: Int = 1, buyers: Int = 0, claimAmount: Int64 = 0) throws -> PricedCart {
        let off = Int64(units) * 3_000
        return try CartSpec(lines: [.init(sku: "S1", quantity: units, list: Int64(units) * 8_000, shares: [(offer, off)])],
                            discounts: [.init(offerID: offer, amount: off)],
                            claims: [.init(offerID: offer, units: units, buyers: buyers, amount: claimAmount)]).priced()
    }
}

/// A priced cart written the short way, built through `PricedCart`'s Codable form.
struct CartSpec {
    struct Line {
        var sku: String
        var quantity = 1
        var list: Int64
        var shares: [(offerID: String, fen: Int64)] = []
        var points: Int64 = 0
    }

    struct Discount {
        var offerID: String
        var code: String?
        var amount: Int64
    }

    struct Claim {
        var offerID: String
        var units = 0
        var buyers = 0
        var amount: Int64 = 0
        var isCoupon = false
    }

    var lines: [Line]
    var discounts: [Discount] = []
    var claims: [Claim] = []
    var shipping: Int64 = 0

    func priced() throws -> PricedCart {
        func money(_ fen: Int64) -> [String: Any] { ["fen": fen] }
        let amounts = lines.map { $0.list - $0.shares.reduce(0) { $0 + $1.fen } }
        let list = lines.reduce(0) { $0 + $1.list }
        let goods = amounts.reduce(0, +)
        let object: [String: Any] = [
            "lines": zip(lines, amounts).map { line, amount in
                ["sku": line.sku, "quantity": line.quantity, "listAmount": money(line.list), "amount": money(amount),
                 "shares": line.shares.map { ["offerID": $0.offerID, "amount": money($0.fen)] }, "points": line.points] as [String: Any]
            },
            "discounts": discounts.map { discount in
                var value: [String: Any] = ["offerID": discount.offerID, "name": discount.offerID, "label": discount.offerID,
                                            "stage": discount.code == nil ? 0 : 3, "amount": money(discount.amount),
                                            "shippingSaved": money(0)]
                if let code = discount.code { value["couponCode"] = code }
                return value
            },
            "notApplied": [Any](), "hints": [Any](), "gifts": [Any](),
            "listAmount": money(list), "goodsAmount": money(goods), "shipping": money(shipping), "total": money(goods + shipping),
            "depositsPaid": money(0), "balanceDue": money(goods + shipping), "points": lines.reduce(0) { $0 + $1.points },
            "couponCodes": discounts.compactMap(\.code),
            "claims": claims.map { ["offerID": $0.offerID, "units": $0.units, "buyers": $0.buyers, "amount": money($0.amount),
                                    "isCoupon": $0.isCoupon] as [String: Any] },
        ]
        return try JSONDecoder().decode(PricedCart.self, from: JSONSerialization.data(withJSONObject: object))
    }
}

/// How a batch of concurrent redemptions ended.
struct RedemptionTally: Sendable {
    var succeeded = 0
    var refusals: [String] = []
}

extension SQLiteStore {
    /// Redeems with the test defaults: a key made from the order, no guard keys, at the fixed moment.
    func redeem(_ cart: PricedCart, customer: Int64?, order: String, key: String? = nil, keys: NewCustomerKeys = NewCustomerKeys(),
                at now: Instant = fixedNow) async throws -> Redemption {
        try await redeem(cart, customer: customer, orderReference: order, keys: keys, guarding: [.phone, .device, .address],
                         idempotencyKey: key ?? "key-\(order)", at: now)
    }

    /// Runs `jobs` redemptions over `tasks` concurrent tasks and counts successes and refusals.
    func redeemConcurrently(tasks: Int, jobs: [(cart: PricedCart, customer: Int64, order: String)]) async throws -> RedemptionTally {
        try await withThrowingTaskGroup(of: RedemptionTally.self) { group in
            for task in 0..<tasks {
                let mine = stride(from: task, to: jobs.count, by: tasks).map { jobs[$0] }
                group.addTask {
                    var tally = RedemptionTally()
                    for job in mine {
                        do {
                            _ = try await self.redeem(job.cart, customer: job.customer, order: job.order)
                            tally.succeeded += 1
                        } catch PromotionError.refused(let reason) {
                            tally.refusals.append(reason)
                        }
                    }
                    return tally
                }
            }
            var total = RedemptionTally()
            for try await tally in group {
                total.succeeded += tally.succeeded
                total.refusals += tally.refusals
            }
            return total
        }
    }
}
