/// What the store knows of one customer's contactability at the moment of a decision.
public struct ContactState: Sendable, Equatable {
    /// Channels with an address for this customer (and set up in the shop).
    public var reachable: Set<ContactChannel>
    public var optedOut: Set<ContactChannel>
    /// Opted out of every channel (退订全部); no message of any kind goes out.
    public var optedOutOfAll: Bool
    public var consented: Set<ContactChannel>
    /// Messages sent or scheduled for this customer (scheduled ones may lie after now: they count too).
    public var recentTouches: [(channel: ContactChannel, at: Instant, marketing: Bool)]

    public init(reachable: Set<ContactChannel> = [], optedOut: Set<ContactChannel> = [], optedOutOfAll: Bool = false,
                consented: Set<ContactChannel> = [], recentTouches: [(channel: ContactChannel, at: Instant, marketing: Bool)] = []) {
        self.reachable = reachable
        self.optedOut = optedOut
        self.optedOutOfAll = optedOutOfAll
        self.consented = consented
        self.recentTouches = recentTouches
    }

    public static func == (lhs: ContactState, rhs: ContactState) -> Bool {
        lhs.reachable == rhs.reachable && lhs.optedOut == rhs.optedOut && lhs.optedOutOfAll == rhs.optedOutOfAll
            && lhs.consented == rhs.consented && lhs.recentTouches.count == rhs.recentTouches.count
            && zip(lhs.recentTouches, rhs.recentTouches).allSatisfy { $0.channel == $1.channel && $0.at == $1.at && $0.marketing == $1.marketing }
    }
}

/// `ContactState` in counted form, for planning many customers at once: channel sets as bits and touches already
/// counted in each cap's window (a store can count them in SQL: `COUNT(*) … WHERE at > now - window GROUP BY channel`).
public struct ContactTally: Sendable, Equatable {
    public var reachable: ChannelMask
    public var optedOut: ChannelMask
    public var optedOutOfAll: Bool
    public var consented: ChannelMask
    /// Touches on each channel inside that channel's cap window.
    public var touches: PerChannel<Int>
    /// Touches on all channels inside the global cap's window.
    public var allTouches: Int

    public init(reachable: ChannelMask, optedOut: ChannelMask = [], optedOutOfAll: Bool = false, consented: ChannelMask = [],
                touches: PerChannel<Int> = PerChannel(repeating: 0), allTouches: Int = 0) {
        self.reachable = reachable
        self.optedOut = optedOut
        self.optedOutOfAll = optedOutOfAll
        self.consented = consented
        self.touches = touches
        self.allTouches = allTouches
    }

    /// Counts `state`'s touches the way `policy` windows them at `now`: a touch counts when it is later than
    /// `now - window` (so one exactly a window ago no longer does); marketing and service touches alike.
    public init(_ state: ContactState, policy: ContactPolicy, now: Instant) {
        var windows = PerChannel<Int64>(repeating: 0)
        for channel in ContactChannel.allCases { windows[channel] = policy.channelCaps[channel]?.windowSeconds ?? 0 }
        let globalSince = now.secondsSinceEpoch - policy.globalCap.windowSeconds
        var touches = PerChannel(repeating: 0)
        var all = 0
        for touch in state.recentTouches {
            if touch.at.secondsSinceEpoch > now.secondsSinceEpoch - windows[touch.channel] { touches[touch.channel] += 1 }
            if touch.at.secondsSinceEpoch > globalSince { all += 1 }
        }
        self.init(reachable: ChannelMask(state.reachable), optedOut: ChannelMask(state.optedOut),
                  optedOutOfAll: state.optedOutOfAll, consented: ChannelMask(state.consented), touches: touches, allTouches: all)
    }
}
