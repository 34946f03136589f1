/// What a file holds: orders (one row per order or per order line), customer profiles, or behaviour events.
public enum ImportKind: String, Sendable, Codable, CaseIterable {
    case orders, customers, events
}

/// The canonical columns Regulars understands. Each platform dialect maps its headers onto these.
public enum ImportField: String, Sendable, Codable, CaseIterable {
    case orderID = "order_id"
    case customerID = "customer_id"
    case channel
    case status
    case paidAt = "paid_at"
    case createdAt = "created_at"
    case amount
    /// The order's total before refunds, where a file's amount column is already net of refunds.
    case totalAmount = "total_amount"
    case refundAmount = "refund_amount"
    case deposit
    case balance
    case phone
    case email
    case unionID = "union_id"
    case name
    case address
    case province
    case city
    case sku
    case productName = "product_name"
    case category
    case brand
    case quantity
    case unitPrice = "unit_price"
    case lineAmount = "line_amount"
    case gender
    case birthday
    case registeredAt = "registered_at"
    case eventType = "event_type"
    case occurredAt = "occurred_at"
    case text
    case durationSeconds = "duration_seconds"

    /// Position in `allCases`, for flat per-field tables.
    public var ordinal: Int {
        switch self {
        case .orderID: return 0
        case .customerID: return 1
        case .channel: return 2
        case .status: return 3
        case .paidAt: return 4
        case .createdAt: return 5
        case .amount: return 6
        case .totalAmount: return 7
        case .refundAmount: return 8
        case .deposit: return 9
        case .balance: return 10
        case .phone: return 11
        case .email: return 12
        case .unionID: return 13
        case .name: return 14
        case .address: return 15
        case .province: return 16
        case .city: return 17
        case .sku: return 18
        case .productName: return 19
        case .category: return 20
        case .brand: return 21
        case .quantity: return 22
        case .unitPrice: return 23
        case .lineAmount: return 24
        case .gender: return 25
        case .birthday: return 26
        case .registeredAt: return 27
        case .eventType: return 28
        case .occurredAt: return 29
        case .text: return 30
        case .durationSeconds: return 31
        }
    }

    /// The fields each kind of file reads.
    public static func fields(for kind: ImportKind) -> [ImportField] {
        let identity: [ImportField] = [.customerID, .channel, .phone, .email, .unionID]
        switch kind {
        case .orders:
            return [.orderID] + identity + [.name, .status, .paidAt, .createdAt, .amount, .totalAmount, .refundAmount, .deposit,
                                             .balance, .address, .province, .city, .sku, .productName, .category,
                                             .brand, .quantity, .unitPrice, .lineAmount]
        case .customers:
            return identity + [.name, .gender, .birthday, .address, .province, .city, .registeredAt]
        case .events:
            return identity + [.eventType, .occurredAt, .sku, .text, .durationSeconds]
        }
    }
}
