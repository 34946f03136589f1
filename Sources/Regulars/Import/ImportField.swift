/// What a file holds: orders (one row per order or per order line), the lines of orders imported from another file
/// (宝贝报表, 商品维度), after-sales cases (售后单, refunds), customer profiles, or behaviour events.
public enum ImportKind: String, Sendable, Codable, CaseIterable {
    case orders, lines
    case afterSales = "after-sales"
    case customers, events

    /// What an operator calls it.
    public var label: String {
        switch self {
        case .orders: return "订单 orders"
        case .lines: return "订单明细 order lines"
        case .afterSales: return "售后 after-sales"
        case .customers: return "客户 customers"
        case .events: return "行为 events"
        }
    }
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
    /// What coupons and discounts took off the order (店铺优惠, 优惠总金额).
    case discount
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
    /// What was refunded on one line of an order file with a row per line (微信小店 商品已退款金额); summed per order.
    case lineRefund = "line_refund"
    case gender
    case birthday
    case registeredAt = "registered_at"
    case eventType = "event_type"
    case occurredAt = "occurred_at"
    case text
    case durationSeconds = "duration_seconds"
    /// A sub-order (子订单编号, 商品单号): one line of an order.
    case lineID = "line_id"
    /// An after-sales case (售后单号, 退款编号).
    case afterSalesID = "after_sales_id"
    /// What became of a refund or return (售后状态, 退款状态).
    case afterSalesStatus = "after_sales_status"
    case nickname
    /// Tags separated by commas, 、 or semicolons.
    case tags
    /// Loyalty points (积分).
    case points
    /// When the customer became a member (成为会员时间).
    case memberSince = "member_since"

    /// The fields each kind of file reads.
    public static func fields(for kind: ImportKind) -> [ImportField] {
        let identity: [ImportField] = [.customerID, .channel, .phone, .email, .unionID]
        switch kind {
        case .orders:
            return [.orderID] + identity + [.name, .status, .paidAt, .createdAt, .amount, .totalAmount, .refundAmount, .deposit,
                                             .balance, .discount, .address, .province, .city, .sku, .productName, .category,
                                             .brand, .quantity, .unitPrice, .lineAmount, .lineRefund, .afterSalesStatus]
        case .lines:
            return [.orderID, .channel, .lineID, .sku, .productName, .category, .brand, .quantity, .unitPrice, .lineAmount,
                    .refundAmount, .afterSalesStatus]
        case .afterSales:
            return [.afterSalesID, .orderID, .channel, .lineID, .sku, .refundAmount, .afterSalesStatus, .createdAt]
        case .customers:
            return identity + [.name, .nickname, .gender, .birthday, .address, .province, .city, .registeredAt, .tags,
                               .points, .memberSince]
        case .events:
            return identity + [.eventType, .occurredAt, .sku, .text, .durationSeconds]
        }
    }
}

/// Column index of every field (-1 when the file has none), as plain stored integers: the row readers look these up
/// for every cell, so no array or dictionary stands in between.
public struct FieldColumns: Sendable, Equatable {
    public var orderID = -1
    public var customerID = -1
    public var channel = -1
    public var status = -1
    public var paidAt = -1
    public var createdAt = -1
    public var amount = -1
    public var totalAmount = -1
    public var refundAmount = -1
    public var deposit = -1
    public var balance = -1
    public var discount = -1
    public var phone = -1
    public var email = -1
    public var unionID = -1
    public var name = -1
    public var address = -1
    public var province = -1
    public var city = -1
    public var sku = -1
    public var productName = -1
    public var category = -1
    public var brand = -1
    public var quantity = -1
    public var unitPrice = -1
    public var lineAmount = -1
    public var lineRefund = -1
    public var gender = -1
    public var birthday = -1
    public var registeredAt = -1
    public var eventType = -1
    public var occurredAt = -1
    public var text = -1
    public var durationSeconds = -1
    public var lineID = -1
    public var afterSalesID = -1
    public var afterSalesStatus = -1
    public var nickname = -1
    public var tags = -1
    public var points = -1
    public var memberSince = -1

    public init() {}

    public subscript(field: ImportField) -> Int {
        get {
            switch field {
            case .orderID: return orderID
            case .customerID: return customerID
            case .channel: return channel
            case .status: return status
            case .paidAt: return paidAt
            case .createdAt: return createdAt
            case .amount: return amount
            case .totalAmount: return totalAmount
            case .refundAmount: return refundAmount
            case .deposit: return deposit
            case .balance: return balance
            case .discount: return discount
            case .phone: return phone
            case .email: return email
            case .unionID: return unionID
            case .name: return name
            case .address: return address
            case .province: return province
            case .city: return city
            case .sku: return sku
            case .productName: return productName
            case .category: return category
            case .brand: return brand
            case .quantity: return quantity
            case .unitPrice: return unitPrice
            case .lineAmount: return lineAmount
            case .lineRefund: return lineRefund
            case .gender: return gender
            case .birthday: return birthday
            case .registeredAt: return registeredAt
            case .eventType: return eventType
            case .occurredAt: return occurredAt
            case .text: return text
            case .durationSeconds: return durationSeconds
            case .lineID: return lineID
            case .afterSalesID: return afterSalesID
            case .afterSalesStatus: return afterSalesStatus
            case .nickname: return nickname
            case .tags: return tags
            case .points: return points
            case .memberSince: return memberSince
            }
        }
        set {
            switch field {
            case .orderID: orderID = newValue
            case .customerID: customerID = newValue
            case .channel: channel = newValue
            case .status: status = newValue
            case .paidAt: paidAt = newValue
            case .createdAt: createdAt = newValue
            case .amount: amount = newValue
            case .totalAmount: totalAmount = newValue
            case .refundAmount: refundAmount = newValue
            case .deposit: deposit = newValue
            case .balance: balance = newValue
            case .discount: discount = newValue
            case .phone: phone = newValue
            case .email: email = newValue
            case .unionID: unionID = newValue
            case .name: name = newValue
            case .address: address = newValue
            case .province: province = newValue
            case .city: city = newValue
            case .sku: sku = newValue
            case .productName: productName = newValue
            case .category: category = newValue
            case .brand: brand = newValue
            case .quantity: quantity = newValue
            case .unitPrice: unitPrice = newValue
            case .lineAmount: lineAmount = newValue
            case .lineRefund: lineRefund = newValue
            case .gender: gender = newValue
            case .birthday: birthday = newValue
            case .registeredAt: registeredAt = newValue
            case .eventType: eventType = newValue
            case .occurredAt: occurredAt = newValue
            case .text: text = newValue
            case .durationSeconds: durationSeconds = newValue
            case .lineID: lineID = newValue
            case .afterSalesID: afterSalesID = newValue
            case .afterSalesStatus: afterSalesStatus = newValue
            case .nickname: nickname = newValue
            case .tags: tags = newValue
            case .points: points = newValue
            case .memberSince: memberSince = newValue
            }
        }
    }
}
