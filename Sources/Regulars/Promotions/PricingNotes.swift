/// What pricing says to people — hints, reasons an offer did not apply, what limited a discount — kept as values
/// with their numbers. Pricing builds no text (it runs at every checkout); `text` writes the shop's wording when
/// someone reads it (the CLI, the tests).

/// What is missing for a threshold not yet reached: `再买 ¥23.00 可减 ¥30.00（双11 满减）`.
public struct PricingHint: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable, Codable {
        /// `再买 ¥23.00 可减 ¥30.00`
        case spendForOff(missing: Money, off: Money)
        /// `再买 ¥23.00 可享8折`
        case spendForRate(missing: Money, rate: DiscountRate)
        /// `再买 ¥23.00 可得赠品 SOCKS×1`
        case spendForGift(missing: Money, sku: String, quantity: Int)
        /// `再买 ¥9.00 可包邮`
        case spendForFreeShipping(missing: Money)
        /// `再买 1 件 可享买2送1`
        case buyUnits(missing: Int, buy: Int, get: Int)
        /// `同款买满 2 件 可享第2件5折`
        case sameSKU(n: Int, rate: DiscountRate)
    }

    public var kind: Kind
    /// The offer's name, as the hint ends with it.
    public var offerName: String
    /// A coupon's hint names it `券 name`.
    public var isCoupon: Bool

    public init(_ kind: Kind, offerName: String, isCoupon: Bool = false) {
        self.kind = kind
        self.offerName = offerName
        self.isCoupon = isCoupon
    }

    public var text: String {
        let what: String
        switch kind {
        case .spendForOff(let missing, let off): what = "再买 \(missing) 可减 \(off)"
        case .spendForRate(let missing, let rate): what = "再买 \(missing) 可享\(rate.label)"
        case .spendForGift(let missing, let sku, let quantity): what = "再买 \(missing) 可得赠品 \(sku)×\(quantity)"
        case .spendForFreeShipping(let missing): what = "再买 \(missing) 可包邮"
        case .buyUnits(let missing, let buy, let get): what = "再买 \(missing) 件 可享买\(buy)送\(get)"
        case .sameSKU(let n, let rate): what = "同款买满 \(n) 件 可享第\(n)件\(rate.label)"
        }
        return what + (isCoupon ? "（券 \(offerName)）" : "（\(offerName)）")
    }

    public var description: String { text }
}

/// Why a discount is less than its benefit says.
public enum DiscountLimit: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A total shared over lines with cost floors: `the lines' value above their cost floors`.
    case linesValueAboveFloors
    /// `the lines' value`
    case linesValue
    /// A per-line discount stopped at a SKU's cost floor: `the cost floor of A1`.
    case costFloor(sku: String)
    /// `the line's value`
    case lineValue
    /// `budget spent`
    case budgetSpent
    /// `the budget left (¥12.00)`
    case budgetLeft(Money)

    public var text: String {
        switch self {
        case .linesValueAboveFloors: return "the lines' value above their cost floors"
        case .linesValue: return "the lines' value"
        case .costFloor(let sku): return "the cost floor of \(sku)"
        case .lineValue: return "the line's value"
        case .budgetSpent: return "budget spent"
        case .budgetLeft(let left): return "the budget left (\(left))"
        }
    }

    public var description: String { text }
}

/// Why an offer or coupon that was considered did not apply.
public enum SkipReason: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Not for this customer, channel or moment.
    case targeting(TargetingRefusal)
    /// `满100 not reached`
    case thresholdNotReached(Money)
    case lowestTierNotReached
    case notThresholdBenefit
    case notItemBenefit
    /// `买2送1 needs 3 items`
    case tooFewItems(buy: Int, get: Int)
    /// `第2件 not reached`
    case nthNotReached(n: Int)
    /// `秒杀 sold out`
    case flashSaleSoldOut
    /// `前100件 all taken`
    case firstUnitsTaken(count: Int)
    /// `前100名 all taken`
    case firstBuyersTaken(count: Int)
    case customerLimitReached
    /// `no line paid a deposit of ¥50.00`
    case noDepositPaid(Money)
    case priceNotBelow
    case bundleIncomplete
    case bundleNotCheaper
    case noLineLeft
    case noLineCovered
    /// Its limits left nothing to give.
    case limited(DiscountLimit)
    case nothingToTakeOff
    case notUsableCoupon
    case notCouponBenefit
    case sameKindConsidered
    case redemptionsUsedUp
    case budgetSpent
    case betterCombination
    case cannotCombine

    public var text: String {
        switch self {
        case .targeting(let refusal): return refusal.text
        case .thresholdNotReached(let threshold): return "满\(threshold.yuanText) not reached"
        case .lowestTierNotReached: return "lowest tier not reached"
        case .notThresholdBenefit: return "not a threshold benefit"
        case .notItemBenefit: return "not an item benefit"
        case .tooFewItems(let buy, let get): return "买\(buy)送\(get) needs \(buy + get) items"
        case .nthNotReached(let n): return "第\(n)件 not reached"
        case .flashSaleSoldOut: return "秒杀 sold out"
        case .firstUnitsTaken(let count): return "前\(count)件 all taken"
        case .firstBuyersTaken(let count): return "前\(count)名 all taken"
        case .customerLimitReached: return "limit per customer reached"
        case .noDepositPaid(let deposit): return "no line paid a deposit of \(deposit)"
        case .priceNotBelow: return "the price is not below the line's"
        case .bundleIncomplete: return "the cart does not hold every SKU of the bundle"
        case .bundleNotCheaper: return "the bundle price is not below its items' price"
        case .noLineLeft: return "no line of the cart is left for it"
        case .noLineCovered: return "no line of the cart is covered"
        case .limited(let limit): return limit.text
        case .nothingToTakeOff: return "nothing to take off"
        case .notUsableCoupon: return "not a usable coupon of this customer"
        case .notCouponBenefit: return "not a coupon benefit"
        case .sameKindConsidered: return "another coupon of the same kind is considered"
        case .redemptionsUsedUp: return "the coupon's budget is used up"
        case .budgetSpent: return "budget spent"
        case .betterCombination: return "a better combination does without it"
        case .cannotCombine: return "cannot be combined with the coupons before it"
        }
    }

    public var description: String { text }
}

/// Why an offer is not for this customer here and now (PROMO-2).
public enum TargetingRefusal: Sendable, Equatable, Codable, CustomStringConvertible {
    case notStarted(Instant)
    case ended(Instant)
    case notOnChannel(Channel)
    case firstOrderOnly
    case newCustomerOfferTaken
    /// The customer is in none of these segments.
    case notInSegments([TargetSegment])

    public var text: String {
        switch self {
        case .notStarted(let starts): return "starts \(starts)"
        case .ended(let ends): return "ended \(ends)"
        case .notOnChannel(let channel): return "not on \(channel)"
        case .firstOrderOnly: return "first order only"
        case .newCustomerOfferTaken: return "a new-customer offer was already taken by this phone, device or address"
        case .notInSegments(let segments): return "for " + segments.map(\.text).joined(separator: " or ")
        }
    }

    public var description: String { text }
}

/// A segment is stored as its text (`tag:VIP`), read back with `init(parsing:)`.
extension TargetSegment: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try TargetSegment(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a target segment"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
