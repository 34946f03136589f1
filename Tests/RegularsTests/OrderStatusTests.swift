import Testing
@testable import Regulars

@Suite("Order states")
struct OrderStatusTests {
    let paidAt = Instant(secondsSinceEpoch: 1_731_326_400)

    @Test(arguments: [
        // reported, paid?, amount, refunded → state
        (OrderStatus.pending, false, 100, 0, OrderStatus.pending),
        (.paid, true, 100, 0, .paid),
        (.shipped, true, 100, 0, .shipped),
        (.completed, true, 100, 30, .partiallyRefunded),
        (.completed, true, 100, 100, .refunded),
        (.refunded, true, 100, 0, .refunded),
        (.cancelled, false, 100, 0, .cancelled),
        (.cancelled, true, 100, 100, .refunded),
        (.cancelled, true, 100, 40, .cancelled),
        (.paid, true, 0, 0, .paid),
    ])
    func settledState(reported: OrderStatus, paid: Bool, amount: Int64, refunded: Int64, expected: OrderStatus) {
        #expect(OrderStatus.settled(reported: reported, paidAt: paid ? paidAt : nil, amount: Money(fen: amount),
                                    refunded: Money(fen: refunded)) == expected)
    }

    @Test func purchasesAreThePaidStatesThatKeptMoney() {
        #expect(OrderStatus.allCases.filter(\.isPurchase) == [.paid, .shipped, .completed, .partiallyRefunded])
        #expect(!OrderStatus.refunded.isPurchase && OrderStatus.refunded.wasPaid)
        #expect(!OrderStatus.cancelled.wasPaid && !OrderStatus.pending.wasPaid)
    }

    /// Every platform's order status words, as `PLATFORM_EXPORTS.md` lists them, in both punctuation widths.
    @Test(arguments: [
        ("tmall-order-report", "等待买家付款", OrderStatus.pending),
        ("tmall-order-report", "买家已付款，等待卖家发货", .paid),
        ("tmall-order-report", "买家已付款,等待卖家发货", .paid),
        ("tmall-order-report", "卖家已发货，等待买家确认", .shipped),
        ("tmall-order-report", "交易成功", .completed),
        ("tmall-order-report", "交易关闭", .cancelled),
        ("jd-orders", "等待出库", .paid),
        ("jd-orders", "等待确认收货", .shipped),
        ("jd-orders", "完成", .completed),
        ("jd-orders", "(删除)完成", .completed),
        ("jd-orders", "（删除）等待出库", .paid),
        ("douyin-orders", "待发货", .paid),
        ("douyin-orders", "已发货", .shipped),
        ("douyin-orders", "已完成", .completed),
        ("douyin-orders", "已关闭", .cancelled),
        ("pdd-orders", "已发货，待签收", .shipped),
        ("pdd-orders", "已签收", .completed),
        ("pdd-orders", "未发货，退款成功", .refunded),
        ("pdd-orders", "已发货,退款成功", .refunded),
        ("pdd-orders", "已取消", .cancelled),
        ("youzan-orders", "待发货", .paid),
        ("youzan-orders", "交易完成", .completed),
        ("wechat-shop-orders", "待收货", .shipped),
        ("wechat-shop-orders", "已取消", .cancelled),
        ("kuaishou-orders", "交易关闭", .cancelled),
    ])
    func platformWords(dialect: String, word: String, expected: OrderStatus) throws {
        let statuses = try #require(Dialects.named(dialect)).statuses
        #expect(statuses[StatusWords.normalize(word)] == expected)
    }

    @Test(arguments: [
        ("没有申请退款", AfterSalesOutcome.none),
        ("退款成功", .refunded),
        ("同意退款，退款成功", .refunded),
        ("已全额退款", .refunded),
        ("售后关闭", .closed),
        ("无售后或售后取消", .none),
        ("商家同意退货退款，待买家发货", .inProgress),
        ("售后取消，退款失败", .closed),
        ("换货成功", .exchanged),
        ("用户取消申请", .closed),
        ("售后成功", .refunded),
    ])
    func afterSalesWords(word: String, expected: AfterSalesOutcome) {
        #expect(AfterSalesWords.outcomes[StatusWords.normalize(word)] == expected)
    }

    @Test func refundsFromSeveralFilesAreNotCountedTwice() {
        let order = Money(fen: 10_000)
        let cases = [
            AfterSalesRecord(channel: .douyin, externalID: "A1", orderExternalID: "1", amount: Money(fen: 3_000), outcome: .refunded),
            AfterSalesRecord(channel: .douyin, externalID: "A2", orderExternalID: "1", amount: Money(fen: 2_000), outcome: .closed),
        ]
        #expect(RefundReconciliation.refunded(orderAmount: order, reported: Money(fen: 3_000), afterSales: cases,
                                              lineRefunds: .zero) == Money(fen: 3_000))
        #expect(RefundReconciliation.refunded(orderAmount: order, reported: .zero, afterSales: cases + [
            AfterSalesRecord(channel: .douyin, externalID: "A3", orderExternalID: "1", amount: Money(fen: 9_000), outcome: .refunded),
        ], lineRefunds: .zero) == order, "never more than was paid")
        let wholeOrder = AfterSalesRecord(channel: .douyin, externalID: "A4", orderExternalID: "1", amount: nil, outcome: .refunded)
        #expect(RefundReconciliation.refunded(orderAmount: order, reported: .zero, afterSales: [wholeOrder],
                                              lineRefunds: .zero) == order, "a refund without an amount is the whole order")
    }
}
