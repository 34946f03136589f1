import Foundation
import Regulars
import RegularsStore

/// A coupon as the API answers it, with its state at the moment asked.
struct CouponView: Encodable {
    var code: String
    var templateID: String
    var customerID: Int64
    var issuedAt: Instant
    var validFrom: Instant
    var validUntil: Instant
    var state: CouponState
    /// 未使用 已使用 已过期 已作废
    var stateLabel: String

    init(_ coupon: Coupon, at now: Instant) {
        code = coupon.code
        templateID = coupon.templateID
        customerID = coupon.customerID
        issuedAt = coupon.issuedAt
        validFrom = coupon.validFrom
        validUntil = coupon.validUntil
        state = coupon.state(at: now)
        stateLabel = state.label
    }

    static let schema: Schema = .object([
        "code": .string(), "templateID": .string(), "customerID": .int, "issuedAt": .instant, "validFrom": .instant,
        "validUntil": .instant, "state": .oneOf(CouponState.allCases.map(\.rawValue)), "stateLabel": .string(),
    ], required: ["code", "templateID", "customerID", "issuedAt", "validFrom", "validUntil", "state", "stateLabel"])
}

/// A coupon template: its definition (as written in files) and what it has issued and given.
struct TemplateView: Encodable {
    var definition: CouponTemplate
    var createdAt: Instant
    var updatedAt: Instant
    var issued: Int
    var redeemed: Int
    var given: Money

    init(_ stored: StoredTemplate) {
        definition = stored.template
        createdAt = stored.createdAt
        updatedAt = stored.updatedAt
        issued = stored.issued
        redeemed = stored.redeemed
        given = stored.given
    }

    static let schema: Schema = .object([
        "definition": .freeObject(description: "the template as written: id, name, benefit, validity, limits (see POST /v1/coupon-templates)"),
        "createdAt": .instant, "updatedAt": .instant, "issued": .int(min: 0), "redeemed": .int(min: 0), "given": .money,
    ], required: ["definition", "createdAt", "updatedAt", "issued", "redeemed", "given"])
}

struct IssueReportView: Encodable {
    var templateID: String
    var issued: [CouponView]
    var refused: [IssueRefusal]

    static let schema: Schema = .object([
        "templateID": .string(), "issued": .array(.ref("Coupon")),
        "refused": .array(.object(["customer": .int, "reason": .string()], required: ["customer", "reason"])),
    ], required: ["templateID", "issued", "refused"])
}

struct RedemptionView: Encodable {
    var redemption: Redemption
    var pricing: PricedCartView

    static let schema: Schema = .object([
        "redemption": .object([
            "id": .int, "orderReference": .string(), "customerID": .int, "redeemedAt": .instant, "total": .money, "points": .int,
            "couponCodes": .array(.string()),
        ], required: ["id", "orderReference", "redeemedAt", "total", "points", "couponCodes"]),
        "pricing": .ref("PricedCart"),
    ], required: ["redemption", "pricing"])
}

enum ReversalSchema {
    static let schema: Schema = .object([
        "orderReference": .string(), "redemptionID": .int,
        "lines": .array(.object([
            "line": .int(min: 0), "sku": .string(), "quantity": .int, "shares": .array(.ref("DiscountShare")), "points": .int,
        ], required: ["line", "sku", "quantity", "shares", "points"])),
        "points": .int, "completesOrder": .boolean, "couponsRestored": .array(.string()), "couponsVoided": .array(.string()),
        "returned": .array(.object([
            "offerID": .string(), "isCoupon": .boolean, "units": .int, "buyers": .int, "amount": .money, "redemptions": .int,
        ], required: ["offerID", "isCoupon", "units", "buyers", "amount", "redemptions"])),
    ], required: ["orderReference", "redemptionID", "lines", "points", "completesOrder", "couponsRestored", "couponsVoided", "returned"])
}
