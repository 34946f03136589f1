// Pricing benchmark: a 20-line cart against 200 active promotions over 2,000 SKUs in 40 categories and 10 coupons,
// with the best-combination coupon search (the checkout default), one call at a time on one core. The target (the
// issue's): median under 50 µs and p99 under 250 µs. The same carts priced with `couponChoice: .none` (no coupon
// search) are measured in the same run as the reference. Run in release:
//     swift run -c release PricingBenchmark [--pricings 20000] [--carts 256] [--seed 7] [--only best|none]
// (`--only` runs one kind of pricing, for a profiler: `perf record -g .build/release/PricingBenchmark --only best`.)
import Dispatch
import Foundation
import Regulars

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let pricings = max(1_000, option("--pricings").flatMap { Int($0) } ?? 20_000)
let cartCount = max(1, option("--carts").flatMap { Int($0) } ?? 256)
let seed = option("--seed").flatMap { UInt64($0) } ?? 7
let only = option("--only")

/// SplitMix64: the same catalogue and carts on every run and platform.
struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

func yuan(_ value: Int) -> Money { Money(yuan: Int64(value)) }
func rate(_ basisPoints: Int) -> DiscountRate { DiscountRate(offBasisPoints: basisPoints) }

// MARK: - The shop: 2,000 SKUs in 40 categories, 200 promotions, 10 coupons

let skuCount = 2_000
let categoryCount = 40
let now = Instant(secondsSinceEpoch: 1_794_000_000)
var random = Random(state: seed)
let skus = (0..<skuCount).map { "SKU-\(String(format: "%04d", $0))" }
let categories = (0..<categoryCount).map { "cat-\(String(format: "%02d", $0))" }
@MainActor func category(ofSKU index: Int) -> String { categories[index % categoryCount] }
let listPrice: [Int64] = (0..<skuCount).map { _ in Int64(random.int(9...699)) * 100 + (random.chance(40) ? 90 : 0) }
/// Popular SKUs (the first 400) fill carts more often, and most item-level promotions are on them.
@MainActor func popularSKU() -> Int { random.chance(70) ? random.below(400) : random.below(skuCount) }
@MainActor func skuList(_ count: Int) -> [String] { (0..<count).map { _ in skus[popularSKU()] } }

var promotions: [Offer] = []
@MainActor func add(_ id: String, _ benefit: Benefit, scope: OfferScope = .wholeCart, targeting: Targeting = .everyone,
         group: String? = nil, exclusive: Bool = false, priority: Int = 0, budget: Money? = nil) {
    promotions.append(Offer(id: id, name: id, benefit: benefit, scope: scope, targeting: targeting,
                            stacking: Stacking(group: group, exclusive: exclusive, priority: priority), budget: budget))
}
// Item level: 70 flash sales on one SKU each, 30 第二件半价 on 10–30 SKUs, 5 买二送一, 5 bundles.
for k in 0..<70 {
    let sku = popularSKU()
    add("flash-\(k)", .flashSale(price: Money(fen: listPrice[sku] * Int64(random.int(60...90)) / 100), stock: 500, perCustomer: 2),
        scope: OfferScope(skus: [skus[sku]]), priority: 10)
}
for k in 0..<30 { add("second-half-\(k)", .nthItem(n: 2, rate: rate(5_000)), scope: OfferScope(skus: skuList(random.int(10...30)))) }
for k in 0..<5 { add("b2g1-\(k)", .buyXGetY(buy: 2, get: 1), scope: OfferScope(skus: skuList(20))) }
for k in 0..<5 {
    let pair = [skus[k * 2], skus[k * 2 + 1]]
    add("bundle-\(k)", .bundle(skus: pair, price: yuan(99)), scope: OfferScope(skus: pair))
}
// Shop level: a tiered 满减 per category, 20 category percent-offs in their own group, whole-cart offers.
for (k, name) in categories.enumerated() {
    add("tiers-\(k)", .tiered(tiers: [.init(threshold: yuan(200), off: yuan(20)), .init(threshold: yuan(400), off: yuan(50)),
                                      .init(threshold: yuan(800), off: yuan(120))], repeating: nil),
        scope: OfferScope(categories: [name], excludedSKUs: skuList(2)), priority: k % 3)
}
for k in 0..<20 {
    add("category-off-\(k)", .percentOff(rate: rate(random.chance(50) ? 1_000 : 500), threshold: yuan(100), cap: yuan(80)),
        scope: OfferScope(categories: [categories[(k * 7) % categoryCount], categories[(k * 7 + 3) % categoryCount]]), group: "category-discount")
}
add("cross-store-300-40", .tiered(tiers: [], repeating: .init(every: yuan(300), off: yuan(40), cap: yuan(400))), group: "platform")
add("whole-95", .percentOff(rate: rate(500), threshold: yuan(1_000), cap: yuan(100)), group: "whole-cart")
add("instant-5", .amountOff(threshold: .zero, off: yuan(5)), group: "instant", budget: yuan(100_000))
add("new-customer-20", .cash(off: yuan(20)), targeting: Targeting(firstOrderOnly: true), group: "new")
add("vip-extra", .memberExtra(rate: rate(500)), scope: OfferScope(categories: Array(categories.prefix(20))),
    targeting: Targeting(segments: [.tag("VIP")]))
add("svip-extra", .memberExtra(rate: rate(1_000)), targeting: Targeting(segments: [.tag("SVIP")]))
for k in 0..<3 { add("points-\(k)", .pointsMultiplier(factor: 2 + k), scope: OfferScope(categories: [categories[k * 11]])) }
add("ship-99", .freeShipping(threshold: yuan(99)))
add("ship-cat-0", .freeShipping(threshold: .zero), scope: OfferScope(categories: [categories[0]]))
add("ship-cat-1", .freeShipping(threshold: yuan(49)), scope: OfferScope(categories: [categories[1]]))
for k in 0..<5 { add("gift-\(k)", .gift(threshold: yuan(300 + k * 100), sku: "GIFT-\(k)", quantity: 1), scope: OfferScope(categories: [categories[k * 8]])) }
// The rest: offers the customer is not in (ended, another channel, first order only) or small category 立减.
var filler = 0
while promotions.count < 200 {
    let name = categories[filler % categoryCount]
    switch filler % 4 {
    case 0: add("ended-\(filler)", .amountOff(threshold: yuan(150), off: yuan(15)), scope: OfferScope(categories: [name]),
                targeting: Targeting(ends: now - 86_400), group: "ended")
    case 1: add("jd-only-\(filler)", .percentOff(rate: rate(1_500), threshold: .zero, cap: nil), scope: OfferScope(categories: [name]),
                targeting: Targeting(channels: [.jd]), group: "jd")
    case 2: add("first-order-\(filler)", .amountOff(threshold: yuan(50), off: yuan(10)), scope: OfferScope(categories: [name]),
                targeting: Targeting(firstOrderOnly: true), group: "first")
    default: add("category-cut-\(filler)", .amountOff(threshold: .zero, off: yuan(3)), scope: OfferScope(categories: [name]), group: "cut")
    }
    filler += 1
}
for offer in promotions {
    do { try OfferValidation.validate(offer) } catch { fatalError("promotion \(offer.id): \(error)") }
}

@MainActor func coupon(_ code: String, _ benefit: Benefit, scope: OfferScope = .wholeCart, targeting: Targeting = .everyone,
            group: String? = nil, exclusive: Bool = false, priority: Int = 0) -> HeldCoupon {
    HeldCoupon(code: code, offer: Offer(id: "tpl-" + code, name: code, benefit: benefit, scope: scope, targeting: targeting,
                                        stacking: Stacking(group: group, exclusive: exclusive, priority: priority)))
}
let coupons: [HeldCoupon] = [
    coupon("300-30", .amountOff(threshold: yuan(300), off: yuan(30))),                               // money coupons: one per order
    coupon("2000-220", .amountOff(threshold: yuan(2_000), off: yuan(220))),
    coupon("9999-1200", .amountOff(threshold: yuan(9_999), off: yuan(1_200))),                        // not reached
    coupon("cash-10", .cash(off: yuan(10))),
    coupon("cat3-100-15", .amountOff(threshold: yuan(100), off: yuan(15)), scope: OfferScope(categories: [categories[3], categories[4]])),
    coupon("shop-92", .percentOff(rate: rate(800), threshold: yuan(199), cap: yuan(60)), group: "shop"),
    coupon("shop-50", .cash(off: yuan(50)), scope: OfferScope(categories: [categories[7]]), group: "shop"),
    coupon("platform-every-400-50", .tiered(tiers: [], repeating: .init(every: yuan(400), off: yuan(50), cap: yuan(300))), group: "platform"),
    coupon("free-ship", .freeShipping(threshold: .zero)),
    coupon("vip-80-exclusive", .percentOff(rate: rate(2_000), threshold: yuan(500), cap: yuan(200)), exclusive: true),
]
for held in coupons {
    do { try OfferValidation.validate(held.offer) } catch { fatalError("coupon \(held.code): \(error)") }
}

let catalog = PromotionCatalog(promotions: promotions)
let customer = PricingCustomer(id: 42, isFirstOrder: false, membership: KnownMembership([.tag("VIP")]))

@MainActor func randomCart() -> Cart {
    var lines: [CartLine] = []
    var used = Set<Int>()
    while lines.count < 20 {
        let sku = popularSKU()
        guard used.insert(sku).inserted else { continue }
        lines.append(CartLine(sku: skus[sku], category: category(ofSKU: sku), unitPrice: Money(fen: listPrice[sku]),
                              quantity: random.chance(60) ? 1 : random.int(2...3)))
    }
    return Cart(lines: lines, shipping: yuan(10))
}
let carts = (0..<cartCount).map { _ in randomCart() }
@MainActor func request(_ cart: Cart, _ choice: CouponChoice) -> PricingRequest {
    PricingRequest(cart: cart, customer: customer, channel: .tmall, now: now, coupons: coupons, couponChoice: choice)
}

// MARK: - Measuring

@MainActor func price(_ request: PricingRequest) -> PricedCart {
    do { return try catalog.price(request) } catch { fatalError("pricing failed: \(error)") }
}

/// Prices `count` carts (cycling through `requests`), timing each call; returns the sorted nanoseconds and a checksum.
@MainActor func measure(_ requests: [PricingRequest], count: Int) -> (nanos: [UInt64], checksum: Int64) {
    var nanos: [UInt64] = []
    nanos.reserveCapacity(count)
    var checksum: Int64 = 0
    for k in 0..<count {
        let request = requests[k % requests.count]
        let started = DispatchTime.now().uptimeNanoseconds
        let priced = price(request)
        let ended = DispatchTime.now().uptimeNanoseconds
        checksum &+= priced.total.fen
        nanos.append(ended - started)
    }
    nanos.sort()
    return (nanos, checksum)
}

func micros(_ nanos: UInt64) -> String { String(format: "%.1f", Double(nanos) / 1_000) }
func grouped(_ value: Int) -> String {
    var text = String(value)
    var out = ""
    while text.count > 3 { out = "," + text.suffix(3) + out; text.removeLast(3) }
    return text + out
}
func quantile(_ sorted: [UInt64], _ q: Double) -> UInt64 { sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }

@discardableResult
@MainActor func report(_ label: String, _ requests: [PricingRequest], target: Bool) -> (median: UInt64, p99: UInt64) {
    _ = measure(requests, count: min(2_000, pricings / 10))  // warm-up
    let wall = DispatchTime.now().uptimeNanoseconds
    let (nanos, checksum) = measure(requests, count: pricings)
    let elapsed = DispatchTime.now().uptimeNanoseconds - wall
    let median = quantile(nanos, 0.5)
    let p99 = quantile(nanos, 0.99)
    let perSecond = Int(Double(pricings) / (Double(elapsed) / 1e9))
    var line = "\(label): 20 lines, \(promotions.count) promotions, \(coupons.count) coupons · median \(micros(median)) µs · "
        + "p99 \(micros(p99)) µs · max \(micros(nanos.last!)) µs · \(grouped(perSecond)) carts/s (one core)"
    if target { line += median < 50_000 && p99 < 250_000 ? " · target met" : " · TARGET MISSED (median < 50 µs, p99 < 250 µs)" }
    print(line + "  [checksum \(checksum)]")
    return (median, p99)
}

// What one pricing of the first cart does, so the figures can be read against the work.
let sample = price(request(carts[0], .best))
let considered = Set(sample.discounts.map(\.offerID) + sample.notApplied.filter { $0.couponCode == nil }.map(\.offerID))
print("""
    catalogue: \(promotions.count) promotions over \(grouped(skuCount)) SKUs in \(categoryCount) categories; \(coupons.count) coupons; \
    \(cartCount) carts of 20 lines. First cart: \(considered.count) promotions touch it, \
    \(sample.discounts.filter { $0.couponCode == nil }.count) apply; coupons used \(sample.couponCodes); \
    list \(sample.listAmount) → total \(sample.total)
    """)

if only != "none" {
    report("pricing, best coupons, same cart  ", [request(carts[0], .best)], target: true)
    report("pricing, best coupons, varied carts", carts.map { request($0, .best) }, target: true)
}
if only != "best" {
    report("reference, no coupons, same cart   ", [request(carts[0], .none)], target: false)
    report("reference, no coupons, varied carts", carts.map { request($0, .none) }, target: false)
}
