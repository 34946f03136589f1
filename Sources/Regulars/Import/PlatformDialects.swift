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
            "等待确认收货": .shipped,
            "完成": .completed,
            "锁定": .paid,
            "取消": .cancelled,
            // Orders the shop deleted from its list: still what they were.
            "(删除)等待付款": .cancelled,
            "(删除)等待出库": .paid,
            "(删除)等待确认收货": .shipped,
            "(删除)完成": .completed,
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
            .afterSalesStatus: ["售后状态"],
            .discount: ["优惠总金额"],
        ],
        // 主订单编号 + 子订单编号 are also the new Taobao line file's: 选购商品 is Douyin's own.
        signature: ["选购商品", "订单应付金额"],
        statuses: [
            "待支付": .pending,
            "待发货": .paid,
            "已发货": .shipped,
            "已完成": .completed,
            "已关闭": .cancelled,
            "已取消": .cancelled,
        ]
    )

    /// Douyin 售后单 export: one case per sub-order, keyed by 售后单号; amounts in 退商品金额(元).
    public static let douyinAfterSales = ImportDialect(
        name: "douyin-after-sales", label: "抖店 售后单导出", kind: .afterSales, channel: .douyin,
        columns: [
            .afterSalesID: ["售后单号"],
            .orderID: ["订单号", "主订单编号"],
            .lineID: ["商品单号", "子订单编号"],
            .refundAmount: ["退商品金额(元)", "退款金额(元)", "退款金额"],
            .afterSalesStatus: ["售后状态"],
            .createdAt: ["售后申请时间", "申请时间"],
        ],
        signature: ["售后单号", "商品单号"]
    )

    /// Pinduoduo 拼多多: one row per order (one SKU per order); the recipient's phone, often masked or empty.
    public static let pinduoduoOrders = ImportDialect(
        name: "pdd-orders", label: "拼多多 订单导出", kind: .orders, channel: .pinduoduo,
        columns: [
            .orderID: ["订单号"],
            .status: ["订单状态"],
            .amount: ["用户实付金额(元)", "商家实收金额(元)"],
            .discount: ["店铺优惠折扣(元)"],
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
            .afterSalesStatus: ["售后状态"],
        ],
        signature: ["订单号", "商品数量(件)"],
        statuses: [
            "待支付": .pending,
            "待发货": .paid,
            "已发货,待签收": .shipped,
            "已发货,待收货": .shipped,
            "已签收": .completed,
            "已收货": .completed,
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
            .discount: ["店铺优惠合计"],
            .customerID: ["买家昵称", "买家姓名"],
            .phone: ["买家手机号", "收货人手机号/提货人手机号"],
            .name: ["收货人/提货人"],
            .province: ["收货人省份"],
            .city: ["收货人城市"],
            .afterSalesStatus: ["订单退款状态"],
        ],
        signature: ["订单号", "订单实付金额"],
        statuses: youzanStatuses
    )

    static let youzanStatuses: [String: OrderStatus] = [
        "待付款": .pending,
        "待成团": .paid,
        "待发货": .paid,
        "部分发货": .shipped,
        "已发货": .shipped,
        "待收货": .shipped,
        "交易成功": .completed,
        "交易完成": .completed,
        "已关闭": .cancelled,
        "交易关闭": .cancelled,
    ]

    /// Youzan 商品维度 export: one row per order line, paired with the 订单维度 export.
    public static let youzanLines = ImportDialect(
        name: "youzan-lines", label: "有赞 商品维度导出", kind: .lines, channel: .youzan,
        columns: [
            .orderID: ["订单号"],
            .productName: ["商品名称"],
            .sku: ["规格编码", "商品编码"],
            .category: ["商品类目"],
            .unitPrice: ["商品单价"],
            .quantity: ["商品数量"],
            .lineAmount: ["商品实际成交金额", "商品金额小计"],
            .refundAmount: ["商品已退款金额"],
            .afterSalesStatus: ["商品退款状态"],
        ],
        signature: ["订单号", "商品实际成交金额"]
    )

    /// Youzan customer export: profile, tags, points, membership. Phones are masked (186******05), so the customer
    /// is known by the nickname, the same account the order export names (买家昵称).
    public static let youzanCustomers = ImportDialect(
        name: "youzan-customers", label: "有赞 客户导出", kind: .customers, channel: .youzan,
        columns: [
            .customerID: ["客户昵称"],
            .nickname: ["客户昵称"],
            .name: ["客户姓名"],
            .phone: ["客户手机号"],
            .birthday: ["客户生日"],
            .gender: ["客户性别"],
            .tags: ["标签"],
            .points: ["客户积分"],
            .registeredAt: ["成为客户时间"],
            .memberSince: ["成为会员时间"],
            .province: ["省份", "所在省"],
            .city: ["城市", "所在市"],
        ],
        signature: ["客户昵称", "客户手机号"]
    )

    /// WeChat Shop 微信小店 / 视频号小店 orders (.xlsx): one row per product line; the order's amount repeated.
    public static let wechatShopOrders = ImportDialect(
        name: "wechat-shop-orders", label: "微信小店 订单导出", kind: .orders, channel: .wechatShop,
        columns: [
            .orderID: ["订单号"],
            .createdAt: ["订单下单时间", "下单时间"],
            .paidAt: ["支付时间"],
            .status: ["订单状态"],
            .name: ["收件人姓名"],
            .address: ["收件人地址"],
            .province: ["省"],
            .city: ["市"],
            .phone: ["收件人手机"],
            .amount: ["订单实际支付金额"],
            .productName: ["商品名称"],
            .sku: ["SKU编码(自定义)", "商品编码(自定义)", "商品编码(平台)"],
            .unitPrice: ["商品价格"],
            .quantity: ["商品数量"],
            .afterSalesStatus: ["商品售后"],
            .lineRefund: ["商品已退款金额"],
        ],
        signature: ["SKU编码(自定义)", "商品编码(平台)", "订单实际支付金额"],
        statuses: [
            "待付款": .pending,
            "待发货": .paid,
            "部分发货": .shipped,
            "已发货": .shipped,
            "待收货": .shipped,
            "已完成": .completed,
            "已取消": .cancelled,
            "已关闭": .cancelled,
        ]
    )

    /// Kuaishou 快手小店 orders. ❓ Only a few columns are known from public code; a mapping file covers the rest.
    public static let kuaishouOrders = ImportDialect(
        name: "kuaishou-orders", label: "快手小店 订单导出", kind: .orders, channel: .kuaishou,
        columns: [
            .orderID: ["订单号"],
            .createdAt: ["订单创建时间"],
            .paidAt: ["支付时间", "付款时间"],
            .amount: ["实付款(元)", "实付款"],
            .status: ["订单状态"],
            .sku: ["SKU编码"],
            .productName: ["商品名称"],
            .quantity: ["商品数量", "数量"],
            .name: ["收货人"],
            .phone: ["收货人电话", "收货人手机号"],
        ],
        signature: ["订单号", "SKU编码"],
        statuses: [
            "待付款": .pending,
            "待发货": .paid,
            "已发货": .shipped,
            "已收货": .completed,
            "交易成功": .completed,
            "交易关闭": .cancelled,
        ]
    )

    /// Any platform's after-sales export keyed by 售后单号 (拼多多, 微信小店, 快手 …): give the channel with --channel.
    public static let genericAfterSales = ImportDialect(
        name: "after-sales-generic", label: "售后单导出 (通用)", kind: .afterSales, channel: nil,
        columns: [
            .afterSalesID: ["售后单号", "退款编号", "售后编号"],
            .orderID: ["订单号", "订单编号", "主订单编号"],
            .lineID: ["商品单号", "子订单编号", "子订单号"],
            .sku: ["商家编码", "SKU编码"],
            .refundAmount: ["退款金额(元)", "退款金额", "实际退款金额", "申请退款金额", "退商品金额(元)", "买家退款金额"],
            .afterSalesStatus: ["售后状态", "退款状态"],
            .createdAt: ["申请时间", "售后申请时间"],
        ],
        signature: ["售后单号"]
    )
}
