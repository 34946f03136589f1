import Regulars
import RegularsMessaging
import Testing

/// Token bucket arithmetic with hand-computed waits.
@Suite struct TokenBucketTests {
    @Test func burstThenSpacedByTheRate() {
        var bucket = TokenBucket(ratePerSecond: 2, burst: 3)
        #expect(bucket.take(at: 100) == 0)
        #expect(bucket.take(at: 100) == 0)
        #expect(bucket.take(at: 100) == 0)
        #expect(bucket.take(at: 100) == 0.5, "the 4th waits for one token at 2/s")
        #expect(bucket.take(at: 100) == 1.0, "the 5th is reserved behind the 4th")
        #expect(bucket.take(at: 101) == 0.5, "1 s refills 2 tokens; 2 were owed, so the 6th waits again")
        #expect(bucket.take(at: 103) == 0, "2 s later: -1 + 4 = 3 tokens, take one")
    }

    @Test func refillIsCappedAtTheBurst() {
        var bucket = TokenBucket(ratePerSecond: 1, burst: 2)
        #expect(bucket.take(at: 0) == 0)
        #expect(bucket.take(at: 1_000) == 0)
        #expect(bucket.take(at: 1_000) == 0)
        #expect(bucket.take(at: 1_000) == 1, "a long pause stores only `burst` tokens")
    }

    @Test func aClockGoingBackwardsRefillsNothing() {
        var bucket = TokenBucket(ratePerSecond: 4, burst: 1)
        #expect(bucket.take(at: 10) == 0)
        #expect(bucket.take(at: 9) == 0.25)
        #expect(bucket.take(at: 10.25) == 0.25, "refill counts from 10, the latest time seen")
    }

    @Test func fractionalRates() {
        var bucket = TokenBucket(ratePerSecond: RateLimit.wechatWorkRobot.ratePerSecond, burst: 1)
        #expect(bucket.take(at: 0) == 0)
        #expect(abs(bucket.take(at: 0) - 3) < 1e-9, "20 a minute: one every 3 s")
    }

    @Test func rateLimiterKeepsChannelsApart() {
        var limiter = RateLimiter(limits: [.sms: RateLimit(ratePerSecond: 1, burst: 1)])
        #expect(limiter.take(.sms, at: 5) == 0)
        #expect(limiter.take(.sms, at: 5) == 1)
        #expect(limiter.take(.email, at: 5) == 0, "a channel without a limit never waits")
        #expect(limiter.take(.email, at: 5) == 0)
        #expect(limiter.take(.sms, at: 7) == 0, "7 s: -1 + 2 = 1 token")
    }
}
