/// What became of an after-sales case (售后) or a line's refund request (退款状态).
public enum AfterSalesOutcome: String, Sendable, Codable, CaseIterable {
    /// No after-sales case (没有申请退款, 无售后或售后取消, `-`).
    case none
    /// Opened and not settled yet (售后处理中, 等待卖家同意).
    case inProgress = "in_progress"
    /// Money went back to the buyer (退款成功, 已全额退款, 售后成功).
    case refunded
    /// Closed without a refund (售后关闭, 买家撤销, 卖家拒绝退款).
    case closed
    /// Goods exchanged, no money back (换货成功).
    case exchanged
}

/// One after-sales case from an after-sales file: a refund of part or all of an order. Keyed by channel and the
/// platform's case id; a case seen again with a new state replaces the old one.
public struct AfterSalesRecord: Hashable, Sendable, Codable {
    public var channel: Channel
    /// The case id (售后单号, 退款编号), or `order id#line` when the file has none.
    public var externalID: String
    public var orderExternalID: String
    /// The sub-order or SKU the case is about, when the file says.
    public var lineReference: String?
    /// What was (or is to be) refunded; nil when the file gives no amount: the whole order, once refunded.
    public var amount: Money?
    public var outcome: AfterSalesOutcome
    public var statusText: String?
    public var createdAt: Instant?

    public init(channel: Channel, externalID: String, orderExternalID: String, lineReference: String? = nil,
                amount: Money?, outcome: AfterSalesOutcome, statusText: String? = nil, createdAt: Instant? = nil) {
        self.channel = channel
        self.externalID = externalID
        self.orderExternalID = orderExternalID
        self.lineReference = lineReference
        self.amount = amount
        self.outcome = outcome
        self.statusText = statusText
        self.createdAt = createdAt
    }
}

/// The lines of one order from a line-level file (宝贝报表, 子订单, 商品维度). They replace the lines the order file
/// gave (often only a title), whichever of the two files is imported first.
public struct OrderLinesRecord: Hashable, Sendable, Codable {
    public var channel: Channel
    public var orderExternalID: String
    public var lines: [Line]

    public struct Line: Hashable, Sendable, Codable {
        public var lineReference: String?
        public var product: ProductRecord
        public var quantity: Int32
        public var unitPrice: Money?
        /// What was paid for the line, when the file says; otherwise the order's amount is shared by list value.
        public var amount: Money?
        /// What was refunded on this line.
        public var refunded: Money
        /// Refunded in full, the amount not given (a 退款成功 line without a 退款金额).
        public var refundedInFull: Bool

        public init(lineReference: String? = nil, product: ProductRecord, quantity: Int32, unitPrice: Money?,
                    amount: Money?, refunded: Money = .zero, refundedInFull: Bool = false) {
            self.lineReference = lineReference
            self.product = product
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.amount = amount
            self.refunded = refunded
            self.refundedInFull = refundedInFull
        }

        /// The line's weight when the order's amount is shared among its lines.
        public var weight: Int64 { max(0, amount?.fen ?? ((unitPrice?.fen ?? 0) * Int64(quantity))) }
    }

    public init(channel: Channel, orderExternalID: String, lines: [Line]) {
        self.channel = channel
        self.orderExternalID = orderExternalID
        self.lines = lines
    }

    /// Order lines whose amounts sum exactly to `orderAmount`, shared by each line's own amount (or list value),
    /// and what the lines say was refunded.
    public func settle(orderAmount: Money) -> (lines: [OrderLineRecord], refunded: Money) {
        let weights = lines.map(\.weight)
        let shares = Proration.split(orderAmount.fen, weights: weights.allSatisfy { $0 == 0 } ? lines.map { _ in 1 } : weights)
        var refunded = Money.zero
        let settled = lines.indices.map { index in
            let line = lines[index]
            let amount = Money(fen: shares[index])
            refunded += line.refundedInFull ? max(amount, line.refunded) : line.refunded
            return OrderLineRecord(product: line.product, quantity: line.quantity,
                                   unitPrice: line.unitPrice ?? Money(fen: amount.fen / Int64(line.quantity)), amount: amount)
        }
        return (settled, refunded)
    }
}

/// How much of an order was refunded, from every file that speaks of it: the order file's own refund column or
/// status, its after-sales cases, and its lines' refunds. Sources overlap (one refund shows in all three), so the
/// largest wins rather than the sum, and no refund exceeds what was paid.
public enum RefundReconciliation {
    public static func refunded(orderAmount: Money, reported: Money, afterSales: [AfterSalesRecord],
                                lineRefunds: Money) -> Money {
        min(orderAmount, max(reported, casesTotal(afterSales, orderAmount: orderAmount), lineRefunds))
    }

    /// What the order's refunded cases add up to; a case without an amount counts as the whole order.
    public static func casesTotal(_ afterSales: [AfterSalesRecord], orderAmount: Money) -> Money {
        afterSales.lazy.filter { $0.outcome == .refunded }.reduce(.zero) { $0 + ($1.amount ?? orderAmount) }
    }
}
