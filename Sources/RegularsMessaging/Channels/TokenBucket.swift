import Regulars

/// A token bucket: `burst` messages at once, then `ratePerSecond` on average. Pure arithmetic over the
/// times it is given, so it is deterministic in tests.
public struct TokenBucket: Sendable, Equatable {
    public let ratePerSecond: Double
    public let burst: Int
    /// Tokens left after the last `take`; negative when sends are reserved ahead of time.
    public private(set) var tokens: Double
    private var lastTime: Double?

    public init(ratePerSecond: Double, burst: Int) {
        precondition(ratePerSecond > 0 && ratePerSecond.isFinite, "a token bucket needs a positive, finite rate")
        precondition(burst >= 1, "a token bucket needs a burst of at least 1")
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        self.tokens = Double(burst)
    }

    /// Takes one token at time `seconds` and returns how long to wait before sending (0: send now).
    /// The token is reserved either way: after waiting, send without calling `take` again. A clock that
    /// goes backwards refills nothing.
    public mutating func take(at seconds: Double) -> Double {
        if let lastTime, seconds > lastTime {
            tokens = min(Double(burst), tokens + (seconds - lastTime) * ratePerSecond)
        }
        lastTime = max(lastTime ?? seconds, seconds)
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / ratePerSecond
    }
}

/// A channel's sending limit.
public struct RateLimit: Sendable, Equatable {
    public var ratePerSecond: Double
    public var burst: Int

    public init(ratePerSecond: Double, burst: Int) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
    }

    /// A WeChat Work group robot accepts 20 messages a minute.
    public static let wechatWorkRobot = RateLimit(ratePerSecond: 20.0 / 60.0, burst: 20)
}

/// One token bucket per channel, for the delivery worker; channels without a limit never wait.
public struct RateLimiter: Sendable, Equatable {
    private var buckets: [ContactChannel: TokenBucket]

    public init(limits: [ContactChannel: RateLimit]) {
        buckets = limits.mapValues { TokenBucket(ratePerSecond: $0.ratePerSecond, burst: $0.burst) }
    }

    /// Seconds to wait before sending on `channel` at time `seconds` (0: send now); the slot is reserved.
    public mutating func take(_ channel: ContactChannel, at seconds: Double) -> Double {
        buckets[channel]?.take(at: seconds) ?? 0
    }
}
