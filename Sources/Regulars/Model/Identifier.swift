/// The kinds of key that identify a person. A channel account belongs to one channel; the others span channels.
public enum IdentifierKind: String, Sendable, Codable, CaseIterable {
    /// A buyer account on one channel (Tmall 买家会员名, JD 下单帐号, a mini-program open id …).
    case account
    /// A mainland mobile number, normalised to 11 digits.
    case phone
    /// An e-mail address, case-folded.
    case email
    /// A WeChat union id (the same person across the mini-program and official accounts).
    case unionID = "union_id"

    /// Whether sharing this key means "same person" across records.
    public var links: Bool { self != .account }
}

/// One identifying key: a kind, the channel for accounts (empty for the others) and a normalised value.
public struct Identifier: Hashable, Sendable, Codable, CustomStringConvertible {
    public var kind: IdentifierKind
    public var channel: Channel?
    public var value: String

    public init(kind: IdentifierKind, channel: Channel? = nil, value: String) {
        self.kind = kind
        self.channel = kind == .account ? channel : nil
        self.value = value
    }

    public static func account(_ channel: Channel, _ value: String) -> Identifier {
        Identifier(kind: .account, channel: channel, value: value)
    }
    public static func phone(_ normalised: String) -> Identifier { Identifier(kind: .phone, value: normalised) }
    public static func email(_ normalised: String) -> Identifier { Identifier(kind: .email, value: normalised) }
    public static func unionID(_ value: String) -> Identifier { Identifier(kind: .unionID, value: value) }

    /// `phone 13812345678`, `account tmall:小王`
    public var description: String {
        if let channel { return "\(kind.rawValue) \(channel):\(value)" }
        return "\(kind.rawValue) \(value)"
    }

    /// The value as a person may see it without the unmask right: phones as 138****5678, e-mails as z***@qq.com.
    public var maskedValue: String {
        switch kind {
        case .phone: return PhoneNumber.mask(value)
        case .email: return EmailAddress.mask(value)
        case .account, .unionID: return value
        }
    }
}

/// The identifying keys one record (an order row, a customer row, an event) carries.
public struct IdentityKeys: Hashable, Sendable, Codable {
    public var channel: Channel
    /// The buyer's account on `channel`.
    public var account: String?
    /// Normalised mobile number; nil when absent, invalid or masked.
    public var phone: String?
    /// The phone as written when it was masked (138****5678): kept for display, never a key.
    public var maskedPhone: String?
    public var email: String?
    public var unionID: String?

    public init(channel: Channel, account: String? = nil, phone: String? = nil, maskedPhone: String? = nil,
                email: String? = nil, unionID: String? = nil) {
        self.channel = channel
        self.account = account
        self.phone = phone
        self.maskedPhone = maskedPhone
        self.email = email
        self.unionID = unionID
    }

    /// Keys in resolution order: the account first (it names the buyer), then the linking keys.
    public var identifiers: [Identifier] {
        var result: [Identifier] = []
        if let account { result.append(.account(channel, account)) }
        if let unionID { result.append(.unionID(unionID)) }
        if let phone { result.append(.phone(phone)) }
        if let email { result.append(.email(email)) }
        return result
    }

    public var isEmpty: Bool { account == nil && phone == nil && email == nil && unionID == nil }
}
