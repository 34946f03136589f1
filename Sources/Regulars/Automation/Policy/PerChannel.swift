/// One value for each contact channel, stored inline: counting and looking up by channel allocate nothing.
public struct PerChannel<Value: Sendable>: Sendable {
    public var sms: Value
    public var email: Value
    public var wechatWork: Value
    public var push: Value

    public init(sms: Value, email: Value, wechatWork: Value, push: Value) {
        self.sms = sms
        self.email = email
        self.wechatWork = wechatWork
        self.push = push
    }

    /// Every channel starts at `value`.
    public init(repeating value: Value) {
        self.init(sms: value, email: value, wechatWork: value, push: value)
    }

    public subscript(channel: ContactChannel) -> Value {
        get {
            switch channel {
            case .sms: return sms
            case .email: return email
            case .wechatWork: return wechatWork
            case .push: return push
            }
        }
        set {
            switch channel {
            case .sms: sms = newValue
            case .email: email = newValue
            case .wechatWork: wechatWork = newValue
            case .push: push = newValue
            }
        }
    }
}

extension PerChannel: Equatable where Value: Equatable {}

/// A set of channels as four bits (the bulk form of `Set<ContactChannel>`).
public struct ChannelMask: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(_ channel: ContactChannel) {
        switch channel {
        case .sms: rawValue = 1
        case .email: rawValue = 2
        case .wechatWork: rawValue = 4
        case .push: rawValue = 8
        }
    }

    public init<Channels: Sequence>(_ channels: Channels) where Channels.Element == ContactChannel {
        var bits: UInt8 = 0
        for channel in channels { bits |= ChannelMask(channel).rawValue }
        rawValue = bits
    }

    public static let all = ChannelMask(rawValue: 0b1111)

    public func contains(_ channel: ContactChannel) -> Bool { rawValue & ChannelMask(channel).rawValue != 0 }
}
