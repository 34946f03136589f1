import Foundation

/// The checks that keep a definition from giving more than it means to (a 满100减150 that makes orders free, tiers
/// that shrink as the cart grows), with the field that is wrong.
public enum OfferValidation {
    public static func isWellFormedID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")) || $0.value >= 0x4E00
        }
    }

    public static func validate(_ offer: Offer) throws(PromotionError) {
        try validate(offer.benefit)
        if let starts = offer.targeting.starts, let ends = offer.targeting.ends, starts >= ends {
            throw .invalidDefinition(where: "targeting.ends", problem: "\(ends) is not after starts \(starts)")
        }
        if let budget = offer.budget, budget.fen <= 0 {
            throw .invalidDefinition(where: "budget", problem: "must be more than zero")
        }
    }

    public static func validate(_ benefit: Benefit) throws(PromotionError) {
        func fail(_ field: String, _ problem: String) -> PromotionError { .invalidDefinition(where: "benefit.\(field)", problem: problem) }
        func rateOK(_ rate: DiscountRate, _ field: String, allowFree: Bool = false) throws(PromotionError) {
            guard rate.offBasisPoints > 0, rate.offBasisPoints < 10_000 || (allowFree && rate.offBasisPoints == 10_000) else {
                throw fail(field, "must take something off and leave something to pay")
            }
        }
        switch benefit {
        case .amountOff(let threshold, let off):
            guard off.fen > 0 else { throw fail("off", "must be more than zero") }
            if threshold.fen > 0, off >= threshold {
                throw fail("off", "\(off) off a threshold of \(threshold) would make a cart at the threshold free")
            }
        case .cash(let off):
            guard off.fen > 0 else { throw fail("off", "must be more than zero") }
        case .tiered(let tiers, let repeating):
            guard !tiers.isEmpty || repeating != nil else { throw fail("tiers", "give tiers, or every and every_off") }
            for (index, tier) in tiers.enumerated() {
                let place = "tiers[\(index + 1)]"
                guard tier.off.fen > 0, tier.off < tier.threshold else {
                    throw fail(place + ".off", "\(tier.off) must be more than zero and less than the threshold \(tier.threshold)")
                }
                if index > 0 {
                    let previous = tiers[index - 1]
                    guard tier.threshold > previous.threshold else { throw fail(place + ".threshold", "thresholds must rise") }
                    guard tier.off > previous.off else { throw fail(place + ".off", "a higher tier must take more off") }
                }
            }
            if let repeating {
                guard repeating.off.fen > 0, repeating.off < repeating.every else {
                    throw fail("every_off", "\(repeating.off) must be more than zero and less than every \(repeating.every)")
                }
                if let cap = repeating.cap, cap < repeating.off { throw fail("cap", "is less than one step's \(repeating.off)") }
            }
        case .percentOff(let rate, _, let cap):
            try rateOK(rate, "discount")
            if let cap, cap.fen <= 0 { throw fail("cap", "must be more than zero") }
        case .gift(_, let sku, let quantity):
            guard !sku.isEmpty else { throw fail("sku", "is empty") }
            guard quantity >= 1 else { throw fail("quantity", "must be at least 1") }
        case .buyXGetY(let buy, let get):
            guard buy >= 1, get >= 1 else { throw fail("buy", "buy and get must be at least 1") }
        case .nthItem(let n, let rate):
            guard n >= 2 else { throw fail("n", "must be at least 2") }
            try rateOK(rate, "discount", allowFree: true)
        case .firstN(let count, _, _, let perCustomer):
            guard count >= 1, perCustomer >= 1 else { throw fail("count", "count and per_customer must be at least 1") }
        case .flashSale(_, let stock, let perCustomer):
            guard stock >= 0 else { throw fail("stock", "is negative") }
            if let perCustomer, perCustomer < 1 { throw fail("per_customer", "must be at least 1") }
        case .depositInflation(let deposit, let deduction):
            guard deposit.fen > 0, deduction > deposit else { throw fail("deduction", "must be more than the deposit \(deposit)") }
        case .memberExtra(let rate):
            try rateOK(rate, "discount")
        case .pointsMultiplier(let factor):
            guard (2...100).contains(factor) else { throw fail("factor", "must be between 2 and 100") }
        case .freeShipping:
            break
        case .bundle(let skus, let price):
            guard Set(skus).count >= 2, Set(skus).count == skus.count else { throw fail("skus", "a bundle is at least two different SKUs") }
            guard price.fen > 0 else { throw fail("price", "must be more than zero") }
        }
    }
}
