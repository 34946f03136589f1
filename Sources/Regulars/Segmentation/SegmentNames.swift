/// The eight classic RFM classes (SEG-2): recency, frequency and monetary each high or low against the basis.
public enum RFMClass: String, Sendable, Codable, CaseIterable {
    case importantValue = "important-value"
    case importantDevelop = "important-develop"
    case importantKeep = "important-keep"
    case importantRetain = "important-retain"
    case generalValue = "general-value"
    case generalDevelop = "general-develop"
    case generalKeep = "general-keep"
    case generalRetain = "general-retain"

    public init(recentHigh: Bool, frequentHigh: Bool, monetaryHigh: Bool) {
        switch (recentHigh, frequentHigh, monetaryHigh) {
        case (true, true, true): self = .importantValue
        case (true, false, true): self = .importantDevelop
        case (false, true, true): self = .importantKeep
        case (false, false, true): self = .importantRetain
        case (true, true, false): self = .generalValue
        case (true, false, false): self = .generalDevelop
        case (false, true, false): self = .generalKeep
        case (false, false, false): self = .generalRetain
        }
    }

    public var label: String {
        switch self {
        case .importantValue: return "重要价值"
        case .importantDevelop: return "重要发展"
        case .importantKeep: return "重要保持"
        case .importantRetain: return "重要挽留"
        case .generalValue: return "一般价值"
        case .generalDevelop: return "一般发展"
        case .generalKeep: return "一般保持"
        case .generalRetain: return "一般挽留"
        }
    }

    /// R, F, M as 高/低 (high/low): `高高高` for important-value.
    public var pattern: String {
        switch self {
        case .importantValue: return "R高 F高 M高"
        case .importantDevelop: return "R高 F低 M高"
        case .importantKeep: return "R低 F高 M高"
        case .importantRetain: return "R低 F低 M高"
        case .generalValue: return "R高 F高 M低"
        case .generalDevelop: return "R高 F低 M低"
        case .generalKeep: return "R低 F高 M低"
        case .generalRetain: return "R低 F低 M低"
        }
    }

    /// What the seeds suggest doing for the class.
    public var strategy: String {
        switch self {
        case .importantValue: return "专属会员权益、定制化产品、一对一服务"
        case .importantDevelop: return "交叉推荐、购买激励、会员等级升级引导"
        case .importantKeep: return "主动唤醒活动、专属折扣、新品优先体验"
        case .importantRetain: return "流失原因调研、专属召回礼包、个性化沟通"
        case .generalValue: return "满减优惠、拼团活动、客单价提升引导"
        case .generalDevelop: return "新人复购礼包、内容种草、品牌认知强化"
        case .generalKeep: return "沉默客户召回、小额优惠券、场景化推荐"
        case .generalRetain: return "低价值客户，可减少触达或定向清理"
        }
    }
}

/// The value pyramid (SEG-3), top to bottom.
public enum PyramidLevel: String, Sendable, Codable, CaseIterable {
    case champion, potential, new, dozing, lost

    public var label: String {
        switch self {
        case .champion: return "王者"
        case .potential: return "潜力"
        case .new: return "新客"
        case .dozing: return "瞌睡"
        case .lost: return "流失"
        }
    }

    public var strategy: String {
        switch self {
        case .champion: return "新品优先体验、生日礼盒、线下沙龙等专属权益，不发通用折扣券"
        case .potential: return "按购买记录做交叉销售和升级推荐"
        case .new: return "使用指南、首次复购券，促成第二单"
        case .dozing: return "“我们想您了”关怀加专属折扣券，精准唤醒"
        case .lost: return "流失原因调研，低成本定期触达"
        }
    }
}

/// Where a customer is in their life with the shop (SEG-4).
public enum LifecycleStage: String, Sendable, Codable, CaseIterable {
    case new, active, loyal, silent, churned

    public var label: String {
        switch self {
        case .new: return "新客户"
        case .active: return "活跃"
        case .loyal: return "忠诚"
        case .silent: return "沉默"
        case .churned: return "流失"
        }
    }
}

extension RFMClass {
    /// Accepts the English name (`important-value`), the Chinese one (`重要价值`, `重要价值客户`).
    public init?(naming text: String) {
        if let known = RFMClass(rawValue: text) { self = known; return }
        let bare = text.hasSuffix("客户") ? String(text.dropLast(2)) : text
        guard let match = RFMClass.allCases.first(where: { $0.label == bare }) else { return nil }
        self = match
    }
}

extension PyramidLevel {
    public init?(naming text: String) {
        if let known = PyramidLevel(rawValue: text) { self = known; return }
        let bare = text.hasSuffix("客户") ? String(text.dropLast(2)) : text
        guard let match = PyramidLevel.allCases.first(where: { $0.label == bare }) else { return nil }
        self = match
    }
}

extension LifecycleStage {
    public init?(naming text: String) {
        if let known = LifecycleStage(rawValue: text) { self = known; return }
        if let label = LifecycleStage.allCases.first(where: { $0.label == text }) { self = label; return }
        let bare = text.hasSuffix("客户") ? String(text.dropLast(2)) : text
        let aliases = ["新客": LifecycleStage.new, "沉睡": .silent, "沉默": .silent]
        if let alias = aliases[bare] { self = alias; return }
        guard let match = LifecycleStage.allCases.first(where: { $0.label == bare }) else { return nil }
        self = match
    }
}
