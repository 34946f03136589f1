/// Why a message did not go out.
public enum HeldBackReason: String, Sendable, Codable, CaseIterable {
    case optedOut = "opted_out"
    case noConsent = "no_consent"
    case unreachable
    case channelCap = "channel_cap"
    case globalCap = "global_cap"
    /// The entrant is in the journey's holdout group (decided by the journey, never by `ContactPolicy`).
    case holdout

    /// The words operators see.
    public var label: String {
        switch self {
        case .optedOut: return "已退订"
        case .noConsent: return "未授权"
        case .unreachable: return "无联系方式"
        case .channelCap: return "渠道频次上限"
        case .globalCap: return "总频次上限"
        case .holdout: return "对照组"
        }
    }
}

/// The policy's answer for one message.
public enum ContactDecision: Sendable, Equatable {
    /// Send on this channel at this moment: now, or the end of quiet hours (messages wait, they are not dropped).
    case send(ContactChannel, at: Instant)
    /// Not sent. `channel` is the channel the reason is about: for `globalCap` the channel that was otherwise
    /// allowed; for the other reasons the first channel tried (the step's preferred one); nil when the reason
    /// covers every channel (opted out of all, no channel given).
    case heldBack(HeldBackReason, channel: ContactChannel?)
}
