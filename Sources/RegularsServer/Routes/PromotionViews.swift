import Foundation
import Regulars
import RegularsStore

/// A promotion: its definition (as written in files) with its state and what it has given.
struct PromotionView: Encodable {
    var definition: Offer
    var enabled: Bool
    var createdAt: Instant
    var updatedAt: Instant
    var unitsSold: Int
    var buyers: Int
    var given: Money

    init(_ stored: StoredPromotion) {
        definition = stored.offer
        enabled = stored.enabled
        createdAt = stored.createdAt
        updatedAt = stored.updatedAt
        unitsSold = stored.unitsSold
        buyers = stored.buyers
        given = stored.given
    }

    static let schema: Schema = .object([
        "definition": .freeObject(description: "the promotion as written: id, name, benefit, scope, targeting, stacking, budget"),
        "enabled": .boolean, "createdAt": .instant, "updatedAt": .instant, "unitsSold": .int(min: 0), "buyers": .int(min: 0),
        "given": .money,
    ], required: ["definition", "enabled", "createdAt", "updatedAt", "unitsSold", "buyers", "given"])
}

/// The worst case the simulator found for one SKU.
struct FindingView: Encodable {
    var sku: String
    var category: String?
    var unitPrice: Money
    var lowestUnitPrice: Money
    var floor: Money?
    var belowFloor: Bool
    var quantity: Int
    var filler: Money?
    var stack: [String]
    var channel: String
    var at: Instant

    init(_ finding: WorstCaseSimulator.Finding) {
        sku = finding.sku
        category = finding.category
        unitPrice = finding.unitPrice
        lowestUnitPrice = finding.lowestUnitPrice
        floor = finding.floor
        belowFloor = finding.isBelowFloor
        quantity = finding.quantity
        filler = finding.filler
        stack = finding.stack
        channel = finding.channel
        at = finding.at
    }

    static let schema: Schema = .object([
        "sku": .string(), "category": .string(), "unitPrice": .money, "lowestUnitPrice": .money, "floor": .money,
        "belowFloor": .boolean, "quantity": .int, "filler": .money, "stack": .array(.string()), "channel": .string(), "at": .instant,
    ], required: ["sku", "unitPrice", "lowestUnitPrice", "belowFloor", "quantity", "stack", "channel", "at"],
       "the lowest price per unit any cart reaches for the SKU, and the stack that reaches it")
}

/// A promotion saved, with the SKUs its worst case takes below their cost floors (published anyway with force).
struct SavedPromotionView: Encodable {
    var promotion: PromotionView
    var belowFloor: [FindingView]

    static let schema: Schema = .object(["promotion": .ref("Promotion"), "belowFloor": .array(.ref("SimulationFinding"))],
                                        required: ["promotion", "belowFloor"])
}

struct SimulationView: Encodable {
    var promotionID: String
    var belowFloor: Int
    var findings: [FindingView]

    static let schema: Schema = .object([
        "promotionID": .string(), "belowFloor": .int(min: 0), "findings": .array(.ref("SimulationFinding")),
    ], required: ["promotionID", "belowFloor", "findings"])
}
