/// After-sales and refund status words of every platform (after `StatusWords.normalize`), and what each means.
/// A mapping file adds more (`after_sales.退款完结 = refunded`); an unknown word is reported, never guessed.
public enum AfterSalesWords {
    public static let outcomes: [String: AfterSalesOutcome] = [
        // Taobao / Tmall 退款状态
        "没有申请退款": .none,
        "无退款申请": .none,
        "退款成功": .refunded,
        "退款关闭": .closed,
        "买家已经申请退款,等待卖家同意": .inProgress,
        "卖家已经同意退款,等待买家退货": .inProgress,
        "买家已经退货,等待卖家确认收货": .inProgress,
        "卖家拒绝退款": .closed,
        // Douyin 售后状态
        "售后关闭": .closed,
        "同意退款,退款成功": .refunded,
        "已全额退款": .refunded,
        "部分退款": .refunded,
        "售后处理中": .inProgress,
        "待商家处理": .inProgress,
        "待买家退货": .inProgress,
        "待商家收货": .inProgress,
        "退款中": .inProgress,
        // Pinduoduo 售后状态
        "无售后或售后取消": .none,
        "买家撤销": .closed,
        "商家同意退货退款,待买家发货": .inProgress,
        "用户已发货,待商家处理": .inProgress,
        "售后取消,退款失败": .closed,
        "换货成功": .exchanged,
        // WeChat Shop 商品售后, Kuaishou 售后状态, Youzan 商品退款状态
        "无": .none,
        "用户取消申请": .closed,
        "售后成功": .refunded,
        "售后中": .inProgress,
        "退款完成": .refunded,
        "未退款": .none,
        // Regulars' own words
        "none": .none,
        "in_progress": .inProgress,
        "refunded": .refunded,
        "closed": .closed,
        "exchanged": .exchanged,
    ]
}
