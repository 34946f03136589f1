/// Order exports of the other platforms, from the header lists in `PLATFORM_EXPORTS.md`. Each is a table: which
/// header means which field, and what each status word means. Where a platform's amount is per line (Douyin writes one
/// row per sub-order), it maps to `line_amount`, and the order's amount is the sum of its lines.
extension Dialects {
    /// JD 商家后台 (POP) orders: one row per SKU line, the order's amounts repeated on each row; GBK.
    public static let jdOrders = ImportDialect(
        name: "jd-orders", label: "京东 订单导出", kind: .orders, channel: .jd,
        columns: [
            .orderID: ["订单号"],
            .customerID: ["下单帐号"],
            .name: ["客户姓名"],
            .address: ["客户地址"],
            .phone: ["联系电话"],
            .email: ["邮箱地址"],
            .sku: ["商家SKUID", "货号", "商品ID"],
            .productName: ["商品名称"],
            .quantity: ["订购数量"],
            .unitPrice: ["京东价"],
            .createdAt: ["下单时间"],
            .paidAt: ["付款确认时间"],
            .amount: ["应付金额", "结算金额"],
            .status: ["订单状态"],
        ],
        signature: ["下单帐号", "京东价"],
        statuses: [
            "等待付款": .pending,
            "等待出库": .paid,
            "等待确认收货": .paid,
            "完成": .paid,
            "锁定": .paid,
            "取消": .cancelled,
            "(删除)等待付款": .cancelled,
            "(删除)等待出库": .paid,
            "(删除)等待确认收货": .paid,
            "(删除)完成": .paid,
            "(删除)取消": .cancelled,
        ]
    )

    /// Douyin 抖店 (fxg_export…csv): one row per sub-order; no buyer account, the recipient's phone only.
    public static let douyinOrders = ImportDialect(
        name: "douyin-orders", label: "抖店 订单导出", kind: .orders, channel: .douyin,
        columns: [
            .orderID: ["主订单编号"],
            .name: ["收件人"],
            .phone: ["收件人手机号"],
            .province: ["省"],
            .city: ["市"],
            .address: ["详细地址"],
            .productName: ["选购商品"],
            .sku: ["商家编码", "商品ID"],
            .quantity: ["商品数量"],
            .unitPrice: ["商品单价"],
            .lineAmount: ["订单应付金额"],
            .createdAt: ["订单提交时间"],
            .paidAt: ["支付完成时间"],
            .status: ["订单状态"],
        ],
        // 主订单编号 + 子订单编号 are also the new Taobao line file's: 选购商品 is Douyin's own.
        signature: ["选购商品", "订单应付金额"],
        statuses: [
            "待支付": .pending,
            "待发货": .paid,
            "已发货": .paid,
            "已完成": .paid,
            "已关闭": .cancelled,
            "已取消": .cancelled,
        ]
    )

    /// Pinduoduo 拼多多: one row per order (one SKU per order); the recipient's phone, often masked or empty.
    public static let pinduoduoOrders = ImportDialect(
        name: "pdd-orders", label: "拼多多 订单导出", kind: .orders, channel: .pinduoduo,
        columns: [
            .orderID: ["订单号"],
            .status: ["订单状态"],
            .amount: ["用户实付金额(元)", "商家实收金额(元)"],
            .quantity: ["商品数量(件)"],
            .name: ["收货人"],
            .phone: ["手机", "用户购买手机号"],
            .province: ["省"],
            .city: ["市"],
            .paidAt: ["支付时间"],
            .createdAt: ["订单成交时间", "拼单成功时间"],
            .productName: ["商品"],
            .sku: ["商家编码-SKU维度", "商家编码-规格维度", "商品id"],
            .category: ["商品一级类目"],
        ],
        signature: ["订单号", "商品数量(件)"],
        statuses: [
            "待支付": .pending,
            "待发货": .paid,
            "已发货,待签收": .paid,
            "已发货,待收货": .paid,
            "已签收": .paid,
            "已收货": .paid,
            "未发货,退款成功": .refunded,
            "已发货,退款成功": .refunded,
            "已取消": .cancelled,
        ]
    )

    /// Youzan 有赞 订单维度 export: one row per order (its products come in the separate 商品维度 file).
    public static let youzanOrders = ImportDialect(
        name: "youzan-orders", label: "有赞 订单导出", kind: .orders, channel: .youzan,
        columns: [
            .orderID: ["订单号"],
            .status: ["订单状态"],
            .createdAt: ["订单创建时间"],
            .paidAt: ["买家付款时间"],
            .amount: ["订单实付金额"],
            .refundAmount: ["订单已退款金额"],
            .customerID: ["买家昵称", "买家姓名"],
            .phone: ["买家手机号", "收货人手机号/提货人手机号"],
            .name: ["收货人/提货人"],
            .province: ["收货人省份"],
            .city: ["收货人城市"],
        ],
        signature: ["订单号", "订单实付金额"],
        statuses: [
            "待付款": .pending,
            "待发货": .paid,
            "已发货": .paid,
            "待收货": .paid,
            "交易成功": .paid,
            "交易完成": .paid,
            "已关闭": .cancelled,
            "交易关闭": .cancelled,
        ]
    )
}
