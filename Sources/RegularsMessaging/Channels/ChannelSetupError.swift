/// A channel's settings that cannot work, found when the adapters are built (not at the first send).
public enum ChannelSetupError: Error, Equatable, CustomStringConvertible {
    /// `setting` holds something that is not a usable URL; `value` has any password removed.
    case invalidURL(setting: String, value: String, reason: String)
    /// `setting` holds an e-mail address that cannot be used.
    case invalidAddress(setting: String, value: String, reason: String)
    /// `setting` is empty but `channel` needs it.
    case missingSetting(setting: String, channel: String)

    public var description: String {
        switch self {
        case .invalidURL(let setting, let value, let reason):
            return "channel setting \(setting) '\(value)' is not a usable URL: \(reason)"
        case .invalidAddress(let setting, let value, let reason):
            return "channel setting \(setting) '\(value)' is not a usable e-mail address: \(reason)"
        case .missingSetting(let setting, let channel):
            return "channel setting \(setting) is empty but \(channel) needs it"
        }
    }
}
