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
