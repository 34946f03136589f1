/// Regulars' own order states; every platform's status words map onto these.
public enum OrderStatus: String, Sendable, Codable, CaseIterable {
    /// Created, not paid yet (等待买家付款).
    case pending
    /// Paid, not shipped yet (买家已付款，等待卖家发货).
    case paid
    /// Shipped, not confirmed yet (卖家已发货，等待买家确认).
    case shipped
    /// Received and confirmed (交易成功).
    case completed
    /// Paid, with part of the money refunded.
    case partiallyRefunded = "partially_refunded"
    /// Paid and then refunded in full.
    case refunded
    /// Closed without payment (交易关闭, 已取消).
    case cancelled

    /// States of an order that was paid and still counts as a purchase.
    public static var purchased: [OrderStatus] { allCases.filter(\.isPurchase) }

    /// Whether the order counts as a purchase (paid, shipped, completed or partly refunded).
    public var isPurchase: Bool {
        switch self {
        case .paid, .shipped, .completed, .partiallyRefunded: return true
        case .pending, .refunded, .cancelled: return false
        }
    }

    /// Whether money was received at some point (a purchase, or a full refund of one).
    public var wasPaid: Bool { isPurchase || self == .refunded }

    /// The state an order is in, given the state its platform reported and the refunds known from any file: a paid
    /// order refunded in full is refunded, in part partially refunded; a closed order whose payment was refunded in
    /// full is a refund, not a cancellation.
    public static func settled(reported: OrderStatus, paidAt: Instant?, amount: Money, refunded: Money) -> OrderStatus {
        switch reported {
        case .pending:
            return .pending
        case .cancelled:
            return paidAt != nil && refunded > .zero && refunded == amount ? .refunded : .cancelled
        case .paid, .shipped, .completed, .partiallyRefunded, .refunded:
            if reported == .refunded || (amount > .zero && refunded >= amount) { return .refunded }
            if refunded > .zero { return .partiallyRefunded }
            return reported
        }
    }
}

/// One order as imported: keyed by channel and the platform's order id.
public struct OrderRecord: Hashable, Sendable, Codable {
    public var channel: Channel
    public var externalID: String
    public var buyer: IdentityKeys
    public var buyerName: String?
    public var province: String?
    public var city: String?
    public var status: OrderStatus
    public var createdAt: Instant?
    public var paidAt: Instant?
    /// What the buyer actually paid (实付), shipping included.
    public var amount: Money
    /// What was refunded so far; `amount - refunded` is the net.
    public var refunded: Money
    /// Presale deposit (定金) and balance (尾款), where the order was a presale.
    public var deposit: Money?
    public var balance: Money?
    /// What coupons and discounts took off, where the file says (nil: it does not).
    public var discount: Money?
    public var lines: [OrderLineRecord]

    public init(channel: Channel, externalID: String, buyer: IdentityKeys, buyerName: String? = nil,
                province: String? = nil, city: String? = nil, status: OrderStatus, createdAt: Instant? = nil,
                paidAt: Instant?, amount: Money, refunded: Money = .zero, deposit: Money? = nil,
                balance: Money? = nil, discount: Money? = nil, lines: [OrderLineRecord] = []) {
        self.channel = channel
        self.externalID = externalID
        self.buyer = buyer
        self.buyerName = buyerName
        self.province = province
        self.city = city
        self.status = status
        self.createdAt = createdAt
        self.paidAt = paidAt
        self.amount = amount
        self.refunded = refunded
        self.deposit = deposit
        self.balance = balance
        self.discount = discount
        self.lines = lines
    }

    public var netAmount: Money { status.wasPaid ? amount - refunded : .zero }
}

/// One line of an order: a product, a quantity and what was paid for it.
public struct OrderLineRecord: Hashable, Sendable, Codable {
    public var product: ProductRecord
    public var quantity: Int32
    public var unitPrice: Money
    /// What was paid for this line after discounts.
    public var amount: Money

    public init(product: ProductRecord, quantity: Int32, unitPrice: Money, amount: Money) {
        self.product = product
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.amount = amount
    }
}

/// A product as far as an import knows it. Files without a SKU column key products by title (`title:` + hash).
public struct ProductRecord: Hashable, Sendable, Codable {
    public var sku: String
    public var name: String?
    public var category: String?
    public var brand: String?

    public init(sku: String, name: String? = nil, category: String? = nil, brand: String? = nil) {
        self.sku = sku
        self.name = name
        self.category = category
        self.brand = brand
    }

    /// A stable SKU for a product known only by its title.
    public static func skuForTitle(_ title: String) -> String {
        "title:" + StableHash.hex(of: title.trimmingCharacters(in: .whitespaces))
    }
}

import Foundation
