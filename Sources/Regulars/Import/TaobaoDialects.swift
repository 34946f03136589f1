/// The newer Taobao/Tmall (千牛) exports besides the classic 订单报表: the new order file, the two line files and the
/// refund export. Headers from `PLATFORM_EXPORTS.md` §1.
extension Dialects {
    /// New Qianniu 订单 export (.xlsx): one row per order; the merchant picks the columns, the buyer is often absent.
    public static let taobaoOrders = ImportDialect(
        name: "taobao-orders", label: "淘宝/天猫 千牛订单导出", kind: .orders, channel: .tmall,
        columns: [
            .orderID: ["订单编号"],
            .customerID: ["买家会员名", "买家昵称"],
            .amount: ["买家实付金额", "买家实际支付金额"],
            .totalAmount: ["总金额"],
            .refundAmount: ["退款金额"],
            .paidAt: ["订单付款时间"],
            .createdAt: ["订单创建时间"],
            .phone: ["联系手机", "联系电话"],
            .status: ["订单状态"],
            .productName: ["商品标题", "宝贝标题"],
            .sku: ["商家编码"],
            .quantity: ["宝贝总数量"],
            .name: ["收货人姓名"],
            .address: ["收货地址"],
        ],
        signature: ["买家实付金额", "确认收货打款金额"],
        statuses: taobaoStatuses
    )

    /// Legacy 宝贝报表: one row per order line, paired with the 订单报表; no amounts beyond the list price.
    public static let taobaoItemReport = ImportDialect(
        name: "taobao-item-report", label: "淘宝/天猫 宝贝报表", kind: .lines, channel: .tmall,
        columns: [
            .orderID: ["订单编号"],
            .productName: ["标题"],
            .unitPrice: ["价格"],
            .quantity: ["购买数量"],
            .sku: ["商家编码", "外部系统编号"],
        ],
        signature: ["订单编号", "标题", "购买数量"]
    )

    /// New 宝贝/子订单 export (.xlsx): one row per sub-order, with what was paid and refunded on it.
    public static let taobaoSubOrders = ImportDialect(
        name: "taobao-sub-orders", label: "淘宝/天猫 子订单导出", kind: .lines, channel: .tmall,
        columns: [
            .orderID: ["主订单编号"],
            .lineID: ["子订单编号"],
            .productName: ["商品标题"],
            .unitPrice: ["商品价格"],
            .quantity: ["购买数量"],
            .sku: ["商家编码", "外部系统编号", "商品ID"],
            .lineAmount: ["买家实付金额"],
            .refundAmount: ["退款金额"],
            .afterSalesStatus: ["退款状态"],
        ],
        // Douyin's line export also has 主订单编号 and 子订单编号; 商品标题 is Taobao's (Douyin writes 选购商品).
        signature: ["子订单编号", "主订单编号", "商品标题"]
    )

    /// 退款管理 export: one refund case per row. ❓ Not in the header lists; its columns are the ones sellers see.
    public static let taobaoRefunds = ImportDialect(
        name: "taobao-refunds", label: "淘宝/天猫 退款导出", kind: .afterSales, channel: .tmall,
        columns: [
            .afterSalesID: ["退款编号"],
            .orderID: ["订单编号"],
            .lineID: ["子订单编号"],
            .sku: ["商家编码"],
            .refundAmount: ["买家退款金额", "退款金额"],
            .afterSalesStatus: ["退款状态"],
            .createdAt: ["退款的申请时间", "申请时间"],
        ],
        signature: ["退款编号", "退款状态"]
    )
}
