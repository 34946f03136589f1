/// The dialects Regulars recognises without a mapping file.
public enum Dialects {
    /// Platform dialects before the generic ones: on an equal score the earlier wins.
    public static let all: [ImportDialect] = [
        canonicalOrders, canonicalLines, canonicalAfterSales, canonicalCustomers, canonicalEvents,
        tmallOrderReport, taobaoOrders, taobaoItemReport, taobaoSubOrders, taobaoRefunds,
        jdOrders, douyinOrders, douyinAfterSales, pinduoduoOrders,
        youzanOrders, youzanLines, youzanCustomers, wechatShopOrders, kuaishouOrders, genericAfterSales,
    ]

    public static func named(_ name: String) -> ImportDialect? { all.first { $0.name == name } }

    /// Regulars' own English headers (what `regulars demo --out` writes).
    public static let canonicalOrders = ImportDialect(
        name: "orders", label: "Regulars 订单 (canonical)", kind: .orders, channel: nil,
        columns: canonicalColumns(for: .orders, extra: [
            .amount: ["amount", "paid_amount", "order_amount"],
            .paidAt: ["paid_at", "paid_time"],
            .productName: ["product_name", "title", "product"],
            .discount: ["discount", "discount_amount", "coupon_amount"],
        ]),
        signature: ["order_id"],
        statuses: canonicalStatuses
    )

    /// Regulars' own order-lines file: the lines of orders imported from another file.
    public static let canonicalLines = ImportDialect(
        name: "lines", label: "Regulars 订单明细 (canonical)", kind: .lines, channel: nil,
        columns: canonicalColumns(for: .lines, extra: [.productName: ["product_name", "title", "product"]]),
        signature: ["order_id", "line_id"]
    )

    /// Regulars' own after-sales file: one refund or return case per row.
    public static let canonicalAfterSales = ImportDialect(
        name: "after-sales", label: "Regulars 售后 (canonical)", kind: .afterSales, channel: nil,
        columns: canonicalColumns(for: .afterSales, extra: [:]),
        signature: ["order_id", "after_sales_status"]
    )

    public static let canonicalCustomers = ImportDialect(
        name: "customers", label: "Regulars 客户 (canonical)", kind: .customers, channel: nil,
        columns: canonicalColumns(for: .customers, extra: [:]),
        signature: ["customer_id"]
    )

    public static let canonicalEvents = ImportDialect(
        name: "events", label: "Regulars 行为事件 (canonical)", kind: .events, channel: nil,
        columns: canonicalColumns(for: .events, extra: [
            .eventType: ["event_type", "type", "event"],
            .occurredAt: ["occurred_at", "at", "time", "timestamp"],
            .text: ["text", "query"],
        ]),
        signature: ["event_type"]
    )

    /// The classic Taobao/Tmall 订单报表 (ExportOrderList….csv, one row per order), including the later renames.
    public static let tmallOrderReport = ImportDialect(
        name: "tmall-order-report", label: "天猫/淘宝 订单报表", kind: .orders, channel: .tmall,
        columns: [
            .orderID: ["订单编号"],
            .customerID: ["买家会员名"],
            .amount: ["买家实际支付金额", "买家实付金额"],
            .totalAmount: ["总金额"],
            .paidAt: ["订单付款时间"],
            .createdAt: ["订单创建时间"],
            .phone: ["联系手机", "联系电话"],
            .status: ["订单状态"],
            .productName: ["宝贝标题", "商品标题"],
            .quantity: ["宝贝总数量"],
            .name: ["收货人姓名"],
            .address: ["收货地址"],
            .refundAmount: ["退款金额"],
            .sku: ["商家编码"],
        ],
        signature: ["订单编号", "买家实际支付金额"],
        statuses: taobaoStatuses
    )

    /// 订单状态 of every Taobao/Tmall export (the comma comes full- and half-width; `StatusWords` folds it).
    static let taobaoStatuses: [String: OrderStatus] = [
        "等待买家付款": .pending,
        "买家已付款,等待卖家发货": .paid,
        "卖家已发货,等待买家确认": .shipped,
        "卖家部分发货": .shipped,
        "交易成功": .completed,
        "交易关闭": .cancelled,
    ]

    static let canonicalStatuses: [String: OrderStatus] = [
        "pending": .pending, "unpaid": .pending, "created": .pending,
        "paid": .paid, "shipped": .shipped, "delivered": .completed, "completed": .completed,
        "partially_refunded": .partiallyRefunded, "refunded": .refunded,
        "cancelled": .cancelled, "canceled": .cancelled, "closed": .cancelled,
    ]

    private static func canonicalColumns(for kind: ImportKind, extra: [ImportField: [String]]) -> [ImportField: [String]] {
        var columns: [ImportField: [String]] = [:]
        for field in ImportField.fields(for: kind) { columns[field] = [field.rawValue] }
        columns.merge(extra) { _, new in new }
        return columns
    }
}
