/// The words the language shares with operators: channel names in Chinese, and how each condition is said in Chinese
/// for `explain`.
enum AudienceVocabulary {
    /// The channel a value names: Chinese platform names map to the channel words, the rest is normalised as `Channel`.
    static func channel(_ text: String) -> String {
        let aliases: [String: Channel] = [
            "天猫": .tmall, "淘宝": .taobao, "京东": .jd, "抖音": .douyin, "拼多多": .pinduoduo, "有赞": .youzan,
            "微信小店": .wechatShop, "视频号": .wechatShop, "快手": .kuaishou, "小程序": .miniapp, "门店": .pos,
            "线下": .pos,
        ]
        return (aliases[text] ?? Channel(rawValue: text)).rawValue
    }

    static func chinese(_ expression: AudienceExpression) -> String {
        switch expression {
        case let .and(items): return "且：同时满足以下 \(items.count) 项"
        case let .or(items): return "或：满足以下 \(items.count) 项之一"
        case .not: return "非：不满足下一项"
        case let .condition(condition): return chinese(condition)
        }
    }

    static func chinese(_ condition: AudienceCondition) -> String {
        switch condition {
        case let .activity(activity):
            let verb: String
            switch activity.kind {
            case .bought: verb = "购买过"
            case .viewed: verb = "浏览过"
            case .carted: verb = "加购过"
            case .favorited: verb = "收藏过"
            }
            let target: String
            switch activity.target {
            case .sku, .category: target = AudienceCanonical.target(activity.target)
            case .anything: target = "任意商品"
            }
            let lasting = activity.minimumSeconds.map { "（单次至少\(chinese($0))）" } ?? ""
            return period(activity.period) + verb + " " + target + lasting
        case let .number(field, comparison):
            return numberLabel(field) + " " + chinese(comparison, field.unit)
        case let .name(field, match):
            let values = match.values.map { nameLabel(field, $0) }.joined(separator: "、")
            let many = match.values.count > 1
            switch field {
            case .channel:
                return (match.negated ? "没有在 " : "在 ") + values + (many ? " 之一" : "") + " 购买过"
            case .tag:
                return (match.negated ? "没有标签 " : "带有标签 ") + values + (many ? " 之一" : "")
            case .rfmClass, .pyramid, .lifecycle, .region:
                let label = ["class": "RFM分类", "pyramid": "价值金字塔层级", "lifecycle": "生命周期阶段",
                             "region": "地区（省或市）"][field.rawValue] ?? field.rawValue
                return label + (match.negated ? "不是 " : "是 ") + values + (many ? " 之一" : "")
            }
        case let .prediction(field, comparison):
            return predictionLabel(field) + " " + chinese(comparison, field.unit)
        case let .churnRisk(match):
            let values = match.values.map { ChurnLevel(rawValue: $0)?.label ?? $0 }.joined(separator: "、")
            let many = match.values.count > 1 ? " 之一" : ""
            // Only scored customers have a level, so "not high" is said as what it means.
            return match.negated ? "已评分且流失风险不是 \(values)\(many)" : "流失风险是 \(values)\(many)"
        case .sleepWarning:
            return "沉睡预警"
        case let .birthday(duration):
            return "生日在今天起\(chinese(duration))内"
        case let .orderDate(field, test):
            let label = field == .first ? "首次购买" : "最近一次购买"
            switch test {
            case let .within(duration): return label + "在\(chinese(duration))内"
            case let .between(from, to): return label + "在 \(from) 至 \(to) 之间"
            case let .compare(op, date): return label + "日期 \(symbol(op)) \(date)"
            }
        }
    }

    private static func period(_ period: AudiencePeriod) -> String {
        switch period {
        case .ever: return "曾经"
        case let .within(duration): return "\(chinese(duration))内"
        case let .between(from, to): return "\(from) 至 \(to) 期间"
        }
    }

    static func chinese(_ duration: AudienceDuration) -> String {
        switch duration.unit {
        case .seconds: return "\(duration.amount)秒"
        case .minutes: return "\(duration.amount)分钟"
        case .hours: return "\(duration.amount)小时"
        case .days: return "\(duration.amount)天"
        case .weeks: return "\(duration.amount)周"
        }
    }

    private static func numberLabel(_ field: AudienceNumberField) -> String {
        switch field {
        case .orders: return "累计订单数"
        case .spend: return "累计消费（元）"
        case .frequency: return "RFM窗口内购买次数"
        case .monetary: return "RFM窗口内消费（元）"
        case .recency: return "距最近一次购买天数"
        case .rScore: return "R分"
        case .fScore: return "F分"
        case .mScore: return "M分"
        case .couponShare: return "用券订单占比"
        }
    }

    private static func predictionLabel(_ field: AudiencePredictionField) -> String {
        switch field {
        case .clv: return "预测客户价值CLV（元）"
        case .pAlive: return "存活概率"
        case .expectedPurchases: return "预计购买次数"
        }
    }

    private static func chinese(_ comparison: AudienceComparison, _ unit: AudienceNumberUnit) -> String {
        switch comparison {
        case let .compare(op, value): return symbol(op) + " " + AudienceCanonical.number(value, unit)
        case let .between(low, high):
            return "在 \(AudienceCanonical.number(low, unit)) 至 \(AudienceCanonical.number(high, unit)) 之间"
        }
    }

    private static func symbol(_ op: AudienceOperator) -> String {
        switch op {
        case .equal: return "="
        case .notEqual: return "≠"
        case .less: return "<"
        case .lessOrEqual: return "≤"
        case .greater: return ">"
        case .greaterOrEqual: return "≥"
        }
    }

    /// Class, pyramid and lifecycle values in Chinese; the others as written.
    private static func nameLabel(_ field: AudienceNameField, _ value: String) -> String {
        switch field {
        case .rfmClass: return RFMClass(rawValue: value)?.label ?? value
        case .pyramid: return PyramidLevel(rawValue: value)?.label ?? value
        case .lifecycle: return LifecycleStage(rawValue: value)?.label ?? value
        case .channel, .region, .tag: return value
        }
    }
}
