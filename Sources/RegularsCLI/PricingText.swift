import Regulars

/// A priced cart as people read it: lines, each discount with its reason, what is missing for the next threshold.
enum PricingText {
    static func render(_ priced: PricedCart) -> String {
        var out: [String] = []
        out.append("lines")
        for (index, line) in priced.lines.enumerated() {
            let cut = line.listAmount - line.amount
            out.append("  \(index + 1). \(line.sku)\(line.category.map { " [\($0)]" } ?? "") ×\(line.quantity)  \(line.listAmount) → \(line.amount)"
                       + (cut.fen > 0 ? "  (−\(cut): " + line.shares.map { "\($0.offerID) \($0.amount)" }.joined(separator: ", ") + ")" : ""))
        }
        if !priced.discounts.isEmpty {
            out.append("discounts")
            for discount in priced.discounts {
                let what = discount.couponCode.map { "券 \($0) " } ?? ""
                var amount = discount.amount.fen > 0 ? "−\(discount.amount)" : ""
                if discount.shippingSaved.fen > 0 { amount = "运费 −\(discount.shippingSaved)" }
                if discount.amount.fen == 0 && discount.shippingSaved.fen == 0 { amount = "✓" }
                out.append("  \(stageLabel(discount.stage))  \(what)\(discount.name) · \(discount.label)  \(amount)"
                           + (discount.limitedBy.map { "  (limited by \($0.text))" } ?? ""))
            }
        }
        for gift in priced.gifts { out.append("gift      \(gift.sku) ×\(gift.quantity) (\(gift.offerID))") }
        out.append("goods     \(priced.listAmount) − \(priced.discountTotal) = \(priced.goodsAmount)")
        out.append("shipping  \(priced.shipping)")
        out.append("total     \(priced.total)")
        if priced.depositsPaid.fen > 0 {
            out.append("deposit   \(priced.depositsPaid) paid · balance due \(priced.balanceDue)")
        }
        out.append("points    \(priced.points)")
        for hint in priced.hints { out.append("hint      \(hint.text)") }
        if !priced.notApplied.isEmpty {
            out.append("not applied")
            for skipped in priced.notApplied {
                out.append("  \(skipped.couponCode.map { "券 \($0) " } ?? "")\(skipped.offerID): \(skipped.reason.text)")
            }
        }
        return out.joined(separator: "\n")
    }

    static func stageLabel(_ stage: PricingStage) -> String {
        switch stage {
        case .item: return "单品"
        case .member: return "会员"
        case .threshold: return "满减"
        case .coupon: return "优惠券"
        case .shipping: return "运费"
        }
    }

    static func offerLine(_ offer: Offer, isCoupon: Bool = false) -> String {
        var parts = [offer.id, offer.name, offer.benefit.label, offer.scope.label]
        let targeting = offer.targeting
        if !targeting.segments.isEmpty { parts.append("for " + targeting.segments.map(\.text).joined(separator: " or ")) }
        if targeting.firstOrderOnly { parts.append("新客首单") }
        if !targeting.channels.isEmpty { parts.append(targeting.channels.map(\.rawValue).joined(separator: ",")) }
        if let starts = targeting.starts { parts.append("from \(starts)") }
        if let ends = targeting.ends { parts.append("until \(ends)") }
        let stacking = offer.stacking
        parts.append("group \(isCoupon ? offer.couponGroup : offer.group)" + (stacking.exclusive ? " exclusive" : "") + (stacking.priority != 0 ? " priority \(stacking.priority)" : ""))
        if let budget = offer.budget { parts.append("budget \(budget)") }
        return parts.joined(separator: " · ")
    }

    static func findings(_ findings: [WorstCaseSimulator.Finding], limit: Int) -> String {
        guard !findings.isEmpty else { return "no SKU with a known price is covered (import orders with lines first)" }
        var out = ["worst case per SKU (lowest price per unit any cart reaches, stacked with every promotion and one coupon of every template):"]
        for finding in findings.prefix(limit) {
            let floor = finding.floor.map { finding.isBelowFloor ? "  ✗ below floor \($0)" : "  floor \($0) ok" } ?? ""
            out.append("  \(finding.sku)  \(finding.unitPrice) → \(finding.lowestUnitPrice)\(floor)")
            out.append("    cart: \(finding.quantity) × \(finding.sku)" + (finding.filler.map { " + 凑单 \($0)" } ?? "")
                       + " on \(finding.channel) at \(finding.at)")
            out.append("    stack: " + (finding.stack.isEmpty ? "nothing applies" : finding.stack.joined(separator: " + ")))
        }
        if findings.count > limit { out.append("  … \(findings.count - limit) more SKUs") }
        return out.joined(separator: "\n")
    }
}
