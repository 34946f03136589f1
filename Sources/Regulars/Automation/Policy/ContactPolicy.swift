/// How often, when and on which channels a customer may be contacted (SPEC AUTO-5, 弱营销，强体验).
public struct ContactPolicy: Sendable, Equatable {
    /// Per customer and channel; a channel without a cap is not limited. Defaults: SMS 2, e-mail 3, WeChat Work 3,
    /// push 4 in 7 days.
    public var channelCaps: [ContactChannel: FrequencyCap]
    /// Per customer over all channels: 4 in 7 days.
    public var globalCap: FrequencyCap
    /// Shop time; nil: messages go out at any hour. Default 21:00–09:00.
    public var quietHours: QuietHours?
    /// Channels that need the customer's recorded consent before any message (e-mail by default).
    public var requiresConsent: Set<ContactChannel>
    /// Delivery rate per channel, messages per second, for the outbox. Defaults: SMS 100 (a typical gateway's
    /// account limit), e-mail 20 (one SMTP relay), push 500, WeChat Work 1 — a group robot takes about 20 a
    /// minute, so the adapter must still back off when the robot answers errcode 45009 (too frequent).
    public var ratePerSecond: [ContactChannel: Int]

    public init(channelCaps: [ContactChannel: FrequencyCap] = ContactPolicy.defaultChannelCaps,
                globalCap: FrequencyCap = .perDays(4, 7),
                quietHours: QuietHours? = .night,
                requiresConsent: Set<ContactChannel> = [.email],
                ratePerSecond: [ContactChannel: Int] = ContactPolicy.defaultRates) {
        self.channelCaps = channelCaps
        self.globalCap = globalCap
        self.quietHours = quietHours
        self.requiresConsent = requiresConsent
        self.ratePerSecond = ratePerSecond
    }

    public static let defaultChannelCaps: [ContactChannel: FrequencyCap] = [
        .sms: .perDays(2, 7), .email: .perDays(3, 7), .wechatWork: .perDays(3, 7), .push: .perDays(4, 7),
    ]

    public static let defaultRates: [ContactChannel: Int] = [.sms: 100, .email: 20, .wechatWork: 1, .push: 500]

    /// Messages per second for `channel`; 1 when none is set.
    public func rate(for channel: ContactChannel) -> Int { Swift.max(1, ratePerSecond[channel] ?? 1) }
}

/// JSON keeps channels as their names (`{"sms": {...}}`), not as alternating key-value arrays.
extension ContactPolicy: Codable {
    private enum CodingKeys: String, CodingKey { case channelCaps, globalCap, quietHours, requiresConsent, ratePerSecond }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func channels<Value>(_ raw: [String: Value], key: CodingKeys) throws -> [ContactChannel: Value] {
            var result: [ContactChannel: Value] = [:]
            for (name, value) in raw {
                guard let channel = ContactChannel(rawValue: name) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                                           debugDescription: "'\(name)' is not a channel (sms, email, wechat_work, push)")
                }
                result[channel] = value
            }
            return result
        }
        self.init(
            channelCaps: try channels(try container.decode([String: FrequencyCap].self, forKey: .channelCaps), key: .channelCaps),
            globalCap: try container.decode(FrequencyCap.self, forKey: .globalCap),
            quietHours: try container.decodeIfPresent(QuietHours.self, forKey: .quietHours),
            requiresConsent: try container.decode(Set<ContactChannel>.self, forKey: .requiresConsent),
            ratePerSecond: try channels(try container.decode([String: Int].self, forKey: .ratePerSecond), key: .ratePerSecond))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Dictionary(uniqueKeysWithValues: channelCaps.map { ($0.key.rawValue, $0.value) }), forKey: .channelCaps)
        try container.encode(globalCap, forKey: .globalCap)
        try container.encodeIfPresent(quietHours, forKey: .quietHours)
        try container.encode(requiresConsent.sorted(), forKey: .requiresConsent)
        try container.encode(Dictionary(uniqueKeysWithValues: ratePerSecond.map { ($0.key.rawValue, $0.value) }), forKey: .ratePerSecond)
    }
}
