extension TriggerEvaluator {
    /// What the trigger is called for operators: 首单, 生日前3天, 沉睡30天, 加购未付款24小时 …
    public static func label(_ trigger: Trigger) -> String {
        switch trigger {
        case .orderPaid:
            return "付款"
        case .firstOrder:
            return "首单"
        case .shipped:
            return "发货"
        case .delivered:
            return "签收"
        case .cartAbandoned(let hours):
            return "加购未付款\(hours)小时"
        case .cartExpired:
            return "购物车过期"
        case .productViewed(let minutes, let times, let withinHours):
            return "\(withinHours)小时内浏览同一商品超过\(minutes)分钟或\(times)次未下单"
        case .presaleBalanceDue(let deadline, let hoursBefore):
            return "预售尾款未付（\(TriggerText.monthDayTime(deadline))截止，提前\(hoursBefore)小时）"
        case .levelChanged(let level):
            return level.map { "等级变为\($0)" } ?? "等级变化"
        case .audienceEntered(let audience):
            return "进入人群：\(audience)"
        case .audienceLeft(let audience):
            return "离开人群：\(audience)"
        case .birthday(let daysBefore):
            if daysBefore == 0 { return "生日当天" }
            return daysBefore > 0 ? "生日前\(daysBefore)天" : "生日后\(-daysBefore)天"
        case .noSecondOrder(let days):
            return "首单后\(days)天未复购"
        case .repurchase(let days, let cycles):
            return cycles.isEmpty ? "购买后\(days)天复购提醒" : "复购提醒（默认\(days)天，另有\(cycles.count)个商品周期）"
        case .silent(let days):
            return "沉睡\(days)天"
        }
    }
}
