/// What a promotion or coupon gives (PROMO-1). Each case is priced by one rule in `BenefitRules`.
public enum Benefit: Sendable, Equatable {
    /// 满减: spend `threshold` in scope, get `off` off (threshold zero: 立减).
    case amountOff(threshold: Money, off: Money)
    /// 无门槛: `off` off whatever the amount.
    case cash(off: Money)
    /// 阶梯满减 (100−10, 200−30: the highest tier reached) and/or 每满减 (every 300 − 40, up to a cap); when both
    /// are given the larger applies.
    case tiered(tiers: [Tier], repeating: RepeatingOff?)
    /// 折扣: a rate off the amount in scope once it reaches `threshold`, at most `cap`.
    case percentOff(rate: DiscountRate, threshold: Money, cap: Money?)
    /// 满赠: spend `threshold` in scope, get `quantity` of `sku` free.
    case gift(threshold: Money, sku: String, quantity: Int)
    /// 买一送一 / 买二送一: of every `buy + get` units in scope, the `get` cheapest are free.
    case buyXGetY(buy: Int, get: Int)
    /// 第二件半价: every `n`-th unit of the same SKU at `rate` off.
    case nthItem(n: Int, rate: DiscountRate)
    /// 前N件 / 前N名: the first `count` units (or buyers) at `price`, each buyer at most `perCustomer` units.
    case firstN(count: Int, price: Money, counting: FirstNCounting, perCustomer: Int)
    /// 限时秒杀: `price` while `stock` units last (the time window is the targeting's), at most `perCustomer` each.
    case flashSale(price: Money, stock: Int, perCustomer: Int?)
    /// 定金膨胀: a deposit of `deposit` per unit counts as `deduction` against the price (付50抵150).
    case depositInflation(deposit: Money, deduction: Money)
    /// 会员折上折: a rate off the price after item promotions, for the targeted members.
    case memberExtra(rate: DiscountRate)
    /// 积分翻倍: points earned on the lines in scope are multiplied.
    case pointsMultiplier(factor: Int)
    /// 包邮: no shipping fee once the cart's goods reach `threshold`.
    case freeShipping(threshold: Money)
    /// 组合价 (买鞋送袜): one unit of each of `skus` together for `price`.
    case bundle(skus: [String], price: Money)

    public struct Tier: Sendable, Equatable, Codable {
        public var threshold: Money
        public var off: Money
        public init(threshold: Money, off: Money) {
            self.threshold = threshold
            self.off = off
        }
    }

    public struct RepeatingOff: Sendable, Equatable, Codable {
        public var every: Money
        public var off: Money
        public var cap: Money?
        public init(every: Money, off: Money, cap: Money? = nil) {
            self.every = every
            self.off = off
            self.cap = cap
        }
    }

    public enum FirstNCounting: String, Sendable, Codable {
        case units, buyers
    }

    /// When in the pricing order the benefit applies (for a promotion; a coupon's money benefits apply at `.coupon`).
    public var stage: PricingStage {
        switch self {
        case .buyXGetY, .nthItem, .firstN, .flashSale, .depositInflation, .bundle: return .item
        case .memberExtra: return .member
        case .amountOff, .cash, .tiered, .percentOff, .gift, .pointsMultiplier: return .threshold
        case .freeShipping: return .shipping
        }
    }

    /// The stacking group a promotion is in unless it names one: one benefit of a family per line.
    public var family: String {
        switch self {
        case .amountOff, .cash, .tiered, .percentOff: return "threshold"
        case .gift: return "gift"
        case .pointsMultiplier: return "points"
        case .buyXGetY, .nthItem, .firstN, .flashSale, .bundle: return "item"
        case .depositInflation: return "presale"
        case .memberExtra: return "member"
        case .freeShipping: return "shipping"
        }
    }

    /// Whether the benefit takes money off goods (what a cost floor and a budget limit).
    public var reducesGoods: Bool {
        switch self {
        case .gift, .pointsMultiplier, .freeShipping: return false
        default: return true
        }
    }

    /// Benefits a coupon may carry: money off the goods or the shipping.
    public var isCouponBenefit: Bool {
        switch self {
        case .amountOff, .cash, .tiered, .percentOff, .freeShipping: return true
        default: return false
        }
    }

    /// A name in the shop's words, e.g. `满200减30`, `8折 最多减¥100`, `第2件5折`.
    public var label: String {
        switch self {
        case .amountOff(let threshold, let off):
            return threshold.fen == 0 ? "立减\(off.yuanText)" : "满\(threshold.yuanText)减\(off.yuanText)"
        case .cash(let off): return "无门槛\(off.yuanText)元"
        case .tiered(let tiers, let repeating):
            var parts = tiers.map { "满\($0.threshold.yuanText)减\($0.off.yuanText)" }
            if let repeating {
                parts.append("每满\(repeating.every.yuanText)减\(repeating.off.yuanText)" + (repeating.cap.map { " 最多减\($0.yuanText)" } ?? ""))
            }
            return parts.joined(separator: " / ")
        case .percentOff(let rate, let threshold, let cap):
            return (threshold.fen > 0 ? "满\(threshold.yuanText)享" : "") + rate.label + (cap.map { " 最多减\($0.yuanText)" } ?? "")
        case .gift(let threshold, let sku, let quantity): return "满\(threshold.yuanText)赠\(sku)×\(quantity)"
        case .buyXGetY(let buy, let get): return "买\(buy)送\(get)"
        case .nthItem(let n, let rate): return "第\(n)件\(rate.label)"
        case .firstN(let count, let price, let counting, _):
            return (counting == .units ? "前\(count)件" : "前\(count)名") + "\(price.yuanText)元"
        case .flashSale(let price, let stock, _): return "秒杀\(price.yuanText)元 限量\(stock)件"
        case .depositInflation(let deposit, let deduction): return "定金\(deposit.yuanText)抵\(deduction.yuanText)"
        case .memberExtra(let rate): return "会员折上\(rate.label)"
        case .pointsMultiplier(let factor): return "积分\(factor)倍"
        case .freeShipping(let threshold): return threshold.fen == 0 ? "包邮" : "满\(threshold.yuanText)包邮"
        case .bundle(let skus, let price): return "\(skus.joined(separator: "+"))组合价\(price.yuanText)元"
        }
    }
}

/// The order in which a cart is priced (PROMO-3): item prices, then the member's extra rate on them, then shop-level
/// thresholds, then the customer's coupons, then shipping.
public enum PricingStage: Int, Sendable, Comparable, CaseIterable, Codable {
    case item, member, threshold, coupon, shipping
    public static func < (lhs: PricingStage, rhs: PricingStage) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Money {
    /// `200`, `99.9`, `0.05`: yuan without trailing zeros, for labels such as 满200减30.
    public var yuanText: String {
        let text = decimalString
        if text.hasSuffix(".00") { return String(text.dropLast(3)) }
        if text.hasSuffix("0") { return String(text.dropLast()) }
        return text
    }
}
