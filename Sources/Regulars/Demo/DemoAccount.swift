/// The five channels the demo shop sells on.
enum DemoChannel: Int, Sendable, CaseIterable {
    case tmall, jd, douyin, miniapp, pos

    static let names = DemoCell.table(allCases.map { String(describing: $0) })
    /// How many people have an account on each channel.
    static let popularity = DemoWeights([38, 18, 20, 16, 8])

    var name: DemoCell { DemoChannel.names[rawValue] }
    /// Channels that log browsing behaviour (everything but the shop counter).
    var isOnline: Bool { self != .pos }
}

/// Which identifying keys a channel account carries on its rows.
struct DemoKeys: OptionSet, Sendable {
    let rawValue: UInt8
    static let phone = DemoKeys(rawValue: 1)
    static let email = DemoKeys(rawValue: 2)
    static let unionID = DemoKeys(rawValue: 4)
    /// A POS walk-in without a member card: no customer_id, only a phone.
    static let anonymous = DemoKeys(rawValue: 8)
    /// A member card the cashier registered with the shop's own phone number.
    static let shopPhone = DemoKeys(rawValue: 16)
}

/// One person's account on one channel.
struct DemoAccount: Sendable {
    var channel: DemoChannel
    var keys: DemoKeys

    /// Whether the account has a customer_id (anonymous walk-ins have none).
    var hasID: Bool { !keys.contains(.anonymous) }
}
