/// A `ContactPolicy` made ready for many decisions at one moment (a campaign over a million customers): the send
/// moment after quiet hours and the caps are worked out once, and each decision allocates nothing.
///
/// Rules, in order, for each channel of the step until one is allowed (one touch per step across channels):
/// 1. opted out (of the channel or of all) → never sent, marketing or service;
/// 2. no address for the channel → unreachable;
/// 3. the channel needs consent and the customer has not given it → no consent (service messages too);
/// 4. marketing only: the channel's cap is reached → try the next channel.
/// The allowed channel is then held to the global cap (marketing only). Caps count marketing and service touches
/// alike but hold back only marketing; service messages (shipping care, balance reminders) ignore caps and, like
/// marketing, wait for the end of quiet hours.
public struct ContactPlanner: Sendable {
    public let policy: ContactPolicy
    public let now: Instant
    /// When an allowed message goes out: `now`, or the end of quiet hours.
    public let sendMoment: Instant
    private let caps: PerChannel<Int>
    private let consentNeeded: ChannelMask

    public init(policy: ContactPolicy, now: Instant, calendar: ShopCalendar) {
        self.policy = policy
        self.now = now
        self.sendMoment = policy.quietHours?.release(after: now, calendar: calendar) ?? now
        var caps = PerChannel(repeating: Int.max)
        for (channel, cap) in policy.channelCaps { caps[channel] = cap.max }
        self.caps = caps
        self.consentNeeded = ChannelMask(policy.requiresConsent)
    }

    public func decide(channels: [ContactChannel], marketing: Bool, state: ContactState) -> ContactDecision {
        decide(channels: channels, marketing: marketing, tally: ContactTally(state, policy: policy, now: now))
    }

    public func decide(channels: [ContactChannel], marketing: Bool, tally: ContactTally) -> ContactDecision {
        if tally.optedOutOfAll { return .heldBack(.optedOut, channel: nil) }
        var first: (reason: HeldBackReason, channel: ContactChannel)?
        for channel in channels {
            if let reason = refusal(channel, marketing: marketing, tally: tally) {
                if first == nil { first = (reason, channel) }
                continue
            }
            if marketing, tally.allTouches >= policy.globalCap.max { return .heldBack(.globalCap, channel: channel) }
            return .send(channel, at: sendMoment)
        }
        guard let first else { return .heldBack(.unreachable, channel: nil) }
        return .heldBack(first.reason, channel: first.channel)
    }

    private func refusal(_ channel: ContactChannel, marketing: Bool, tally: ContactTally) -> HeldBackReason? {
        if tally.optedOut.contains(channel) { return .optedOut }
        if !tally.reachable.contains(channel) { return .unreachable }
        if consentNeeded.contains(channel), !tally.consented.contains(channel) { return .noConsent }
        if marketing, tally.touches[channel] >= caps[channel] { return .channelCap }
        return nil
    }
}

extension ContactPolicy {
    /// Whether and when one message may go out (see `ContactPlanner` for the rules; use it directly for bulk).
    public func decide(channels: [ContactChannel], marketing: Bool, state: ContactState, now: Instant,
                       calendar: ShopCalendar) -> ContactDecision {
        ContactPlanner(policy: self, now: now, calendar: calendar).decide(channels: channels, marketing: marketing, state: state)
    }
}
