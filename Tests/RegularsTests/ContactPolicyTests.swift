import Foundation
import Testing
@testable import Regulars

/// Shanghai local moments for readable expectations.
private func shanghai(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> Instant {
    ShopCalendar.shanghai.instant(CivilDate(year: year, month: month, day: day), ClockTime(hour: hour, minute: minute, second: second))
}

private let noon = shanghai(2024, 6, 1, 12)
private let day: Int64 = 86_400

private func decide(policy: ContactPolicy = ContactPolicy(), _ channels: [ContactChannel], marketing: Bool = true,
                    _ state: ContactState, at now: Instant = noon) -> ContactDecision {
    policy.decide(channels: channels, marketing: marketing, state: state, now: now, calendar: .shanghai)
}

@Suite("ContactPolicy: defaults and channel order")
struct ContactPolicyOrderTests {
    @Test func defaultsAreTheSpecOnes() {
        let policy = ContactPolicy()
        #expect(policy.channelCaps[.sms] == FrequencyCap(max: 2, windowSeconds: 7 * day))
        #expect(policy.channelCaps[.email] == FrequencyCap(max: 3, windowSeconds: 7 * day))
        #expect(policy.channelCaps[.wechatWork] == FrequencyCap(max: 3, windowSeconds: 7 * day))
        #expect(policy.channelCaps[.push] == FrequencyCap(max: 4, windowSeconds: 7 * day))
        #expect(policy.globalCap == FrequencyCap(max: 4, windowSeconds: 7 * day))
        #expect(policy.quietHours?.text == "21:00-09:00")
        #expect(policy.requiresConsent == [.email])
        #expect(policy.rate(for: .wechatWork) == 1)
        #expect(policy.rate(for: .sms) == 100)
    }

    @Test func theFirstAllowedChannelWinsAndGoesOutNow() {
        let state = ContactState(reachable: [.sms, .push])
        #expect(decide([.push, .sms], state) == .send(.push, at: noon))
        #expect(decide([.sms, .push], state) == .send(.sms, at: noon))
    }

    @Test func anUnreachableChannelFallsThroughToTheNext() {
        #expect(decide([.wechatWork, .sms], ContactState(reachable: [.sms])) == .send(.sms, at: noon))
    }

    @Test func noChannelAllowedReportsTheFirstChannelsReason() {
        let state = ContactState(reachable: [.sms], optedOut: [.sms])
        #expect(decide([.sms, .email], state) == .heldBack(.optedOut, channel: .sms))
        #expect(decide([.email, .sms], state) == .heldBack(.unreachable, channel: .email))
    }

    @Test func noChannelsAtAllIsUnreachable() {
        #expect(decide([], ContactState(reachable: [.sms])) == .heldBack(.unreachable, channel: nil))
    }
}

@Suite("ContactPolicy: opt-out and consent")
struct ContactPolicyConsentTests {
    @Test(arguments: [true, false])
    func optedOutOfAllIsNeverContacted(marketing: Bool) {
        let state = ContactState(reachable: Set(ContactChannel.allCases), optedOutOfAll: true, consented: [.email])
        #expect(decide(ContactChannel.allCases, marketing: marketing, state) == .heldBack(.optedOut, channel: nil))
    }

    @Test(arguments: [true, false])
    func aChannelOptOutHoldsForServiceMessagesToo(marketing: Bool) {
        let state = ContactState(reachable: [.sms, .push], optedOut: [.sms])
        #expect(decide([.sms, .push], marketing: marketing, state) == .send(.push, at: noon))
        #expect(decide([.sms], marketing: marketing, state) == .heldBack(.optedOut, channel: .sms))
    }

    @Test(arguments: [true, false])
    func emailNeedsConsent(marketing: Bool) {
        let without = ContactState(reachable: [.email, .sms])
        #expect(decide([.email], marketing: marketing, without) == .heldBack(.noConsent, channel: .email))
        #expect(decide([.email, .sms], marketing: marketing, without) == .send(.sms, at: noon))
        let with = ContactState(reachable: [.email, .sms], consented: [.email])
        #expect(decide([.email, .sms], marketing: marketing, with) == .send(.email, at: noon))
    }

    @Test func consentCanBeRequiredOfOtherChannelsOrNone() {
        var policy = ContactPolicy()
        policy.requiresConsent = [.sms]
        #expect(decide(policy: policy, [.sms], ContactState(reachable: [.sms])) == .heldBack(.noConsent, channel: .sms))
        #expect(decide(policy: policy, [.email], ContactState(reachable: [.email])) == .send(.email, at: noon))
    }

    /// Every combination of contact facts, channel lists and kinds: nothing ever goes to an opted-out, unreachable or
    /// unconsented channel, and nothing at all to someone opted out of everything.
    @Test func noPathReachesAnOptedOutCustomer() {
        var random = PolicyRandom(seed: 20_240_601)
        let policy = ContactPolicy()
        for _ in 0..<5000 {
            func someChannels() -> Set<ContactChannel> { Set(ContactChannel.allCases.filter { _ in random.next() % 2 == 0 }) }
            let touches = (0..<Int(random.next() % 6)).map { _ in
                (channel: ContactChannel.allCases[Int(random.next() % 4)], at: noon - Int64(random.next() % UInt64(10 * day)),
                 marketing: random.next() % 2 == 0)
            }
            let state = ContactState(reachable: someChannels(), optedOut: someChannels(), optedOutOfAll: random.next() % 5 == 0,
                                     consented: someChannels(), recentTouches: touches)
            let channels = ContactChannel.allCases.shuffled(using: &random).prefix(Int(random.next() % 5))
            let marketing = random.next() % 2 == 0
            let now = noon + Int64(random.next() % UInt64(day))
            if case .send(let channel, let at) = decide(policy: policy, Array(channels), marketing: marketing, state, at: now) {
                #expect(!state.optedOutOfAll)
                #expect(!state.optedOut.contains(channel))
                #expect(state.reachable.contains(channel))
                #expect(channel != .email || state.consented.contains(.email))
                #expect(channels.contains(channel))
                #expect(at >= now)
            }
        }
    }
}

@Suite("ContactPolicy: frequency caps")
struct ContactPolicyCapTests {
    private func touches(_ channel: ContactChannel, _ ages: [Int64], marketing: Bool = true) -> [(channel: ContactChannel, at: Instant, marketing: Bool)] {
        ages.map { (channel: channel, at: noon - $0, marketing: marketing) }
    }

    @Test func aCappedChannelFallsThroughToTheNext() {
        let state = ContactState(reachable: [.sms, .push], recentTouches: touches(.sms, [day, 2 * day]))
        #expect(decide([.sms, .push], state) == .send(.push, at: noon))
        #expect(decide([.sms], state) == .heldBack(.channelCap, channel: .sms))
    }

    @Test func serviceTouchesCountButServiceMessagesAreNotCapped() {
        let state = ContactState(reachable: [.sms], recentTouches: touches(.sms, [day, 2 * day], marketing: false))
        #expect(decide([.sms], marketing: true, state) == .heldBack(.channelCap, channel: .sms))
        #expect(decide([.sms], marketing: false, state) == .send(.sms, at: noon))
    }

    @Test func aTouchExactlyOneWindowAgoNoLongerCounts() {
        let out = ContactState(reachable: [.sms], recentTouches: touches(.sms, [day, 7 * day]))
        #expect(decide([.sms], out) == .send(.sms, at: noon))
        let inside = ContactState(reachable: [.sms], recentTouches: touches(.sms, [day, 7 * day - 1]))
        #expect(decide([.sms], inside) == .heldBack(.channelCap, channel: .sms))
    }

    @Test func scheduledTouchesLaterThanNowCount() {
        let state = ContactState(reachable: [.sms], recentTouches: touches(.sms, [day, -3600]))
        #expect(decide([.sms], state) == .heldBack(.channelCap, channel: .sms))
    }

    @Test func theGlobalCapCountsEveryChannelAndHoldsOnlyMarketing() {
        let mixed = touches(.push, [day]) + touches(.email, [2 * day]) + touches(.wechatWork, [3 * day], marketing: false)
            + touches(.sms, [4 * day])
        let state = ContactState(reachable: [.sms, .push], recentTouches: mixed)
        #expect(decide([.sms, .push], state) == .heldBack(.globalCap, channel: .sms))
        #expect(decide([.sms, .push], marketing: false, state) == .send(.sms, at: noon))
        let three = ContactState(reachable: [.sms, .push], recentTouches: Array(mixed.prefix(3)))
        #expect(decide([.sms, .push], three) == .send(.sms, at: noon))
    }

    @Test func theGlobalCapNamesTheChannelThatWasOtherwiseAllowed() {
        let full = touches(.sms, [1, 2]) + touches(.push, [3, 4])
        let state = ContactState(reachable: [.sms, .push], recentTouches: full)
        // SMS is at its own cap (2), push is not (4) but the customer's total is.
        #expect(decide([.sms, .push], state) == .heldBack(.globalCap, channel: .push))
    }

    @Test func aChannelWithoutACapIsNotLimited() {
        var policy = ContactPolicy()
        policy.channelCaps[.sms] = nil
        policy.globalCap = FrequencyCap(max: 100, windowSeconds: 7 * day)
        let state = ContactState(reachable: [.sms], recentTouches: touches(.sms, [1, 2, 3, 4, 5]))
        #expect(decide(policy: policy, [.sms], state) == .send(.sms, at: noon))
    }

    @Test func aZeroCapBlocksMarketingOnTheChannel() {
        var policy = ContactPolicy()
        policy.channelCaps[.push] = FrequencyCap(max: 0, windowSeconds: day)
        #expect(decide(policy: policy, [.push], ContactState(reachable: [.push])) == .heldBack(.channelCap, channel: .push))
    }
}

@Suite("ContactPolicy: quiet hours")
struct ContactPolicyQuietHoursTests {
    private let state = ContactState(reachable: [.sms])

    @Test(arguments: [
        (shanghai(2024, 6, 1, 20, 59, 59), shanghai(2024, 6, 1, 20, 59, 59)),
        (shanghai(2024, 6, 1, 21), shanghai(2024, 6, 2, 9)),
        (shanghai(2024, 6, 1, 23, 30), shanghai(2024, 6, 2, 9)),
        (shanghai(2024, 6, 2, 0, 0), shanghai(2024, 6, 2, 9)),
        (shanghai(2024, 6, 2, 3, 15), shanghai(2024, 6, 2, 9)),
        (shanghai(2024, 6, 2, 8, 59, 59), shanghai(2024, 6, 2, 9)),
        (shanghai(2024, 6, 2, 9), shanghai(2024, 6, 2, 9)),
        (shanghai(2024, 12, 31, 22), shanghai(2025, 1, 1, 9)),
    ])
    func messagesWaitForTheEndOfTheNight(now: Instant, expected: Instant) {
        #expect(decide([.sms], state, at: now) == .send(.sms, at: expected))
        #expect(decide([.sms], marketing: false, state, at: now) == .send(.sms, at: expected))
    }

    @Test func aWindowThatDoesNotWrapMidnight() {
        var policy = ContactPolicy()
        policy.quietHours = QuietHours(start: ClockTime(hour: 12, minute: 0, second: 0), end: ClockTime(hour: 14, minute: 0, second: 0))
        #expect(decide(policy: policy, [.sms], state, at: shanghai(2024, 6, 1, 13)) == .send(.sms, at: shanghai(2024, 6, 1, 14)))
        #expect(decide(policy: policy, [.sms], state, at: shanghai(2024, 6, 1, 22)) == .send(.sms, at: shanghai(2024, 6, 1, 22)))
    }

    @Test func noQuietHoursSendsAtOnce() {
        var policy = ContactPolicy()
        policy.quietHours = nil
        let night = shanghai(2024, 6, 1, 23)
        #expect(decide(policy: policy, [.sms], state, at: night) == .send(.sms, at: night))
    }

    @Test func theEndIsFoundAcrossADaylightSavingChange() {
        let newYork = ShopCalendar(timeZone: TimeZone(identifier: "America/New_York")!)
        // 2024-03-09 22:00 EST (03:00Z on the 10th); clocks spring forward at 02:00 on the 10th; 09:00 EDT is 13:00Z.
        let evening = Instant(secondsSinceEpoch: 1_710_039_600)
        #expect(newYork.format(evening) == "2024-03-09 22:00:00")
        #expect(QuietHours.night.release(after: evening, calendar: newYork) == Instant(secondsSinceEpoch: 1_710_075_600))
    }

    @Test func anEndInsideTheSkippedHourMovesLaterByTheGap() {
        let newYork = ShopCalendar(timeZone: TimeZone(identifier: "America/New_York")!)
        let hours = QuietHours(start: ClockTime(hour: 0, minute: 0, second: 0), end: ClockTime(hour: 2, minute: 30, second: 0))
        // 01:00 EST on 2024-03-10 is 06:00Z; 02:30 does not exist that night, so the window ends at 03:30 EDT (07:30Z).
        let released = hours.release(after: Instant(secondsSinceEpoch: 1_710_050_400), calendar: newYork)
        #expect(released == Instant(secondsSinceEpoch: 1_710_055_800))
        #expect(newYork.format(released) == "2024-03-10 03:30:00")
    }
}

@Suite("ContactPolicy: bulk planning")
struct ContactPlannerTests {
    @Test func theTallyCountsEachChannelInItsOwnWindow() {
        var policy = ContactPolicy()
        policy.channelCaps[.sms] = FrequencyCap(max: 2, windowSeconds: day)
        let state = ContactState(reachable: [.sms, .email], optedOut: [.push], consented: [.email], recentTouches: [
            (.sms, noon - 3600, true), (.sms, noon - 2 * day, false), (.email, noon - 2 * day, true), (.push, noon - 8 * day, true),
        ])
        let tally = ContactTally(state, policy: policy, now: noon)
        #expect(tally.touches == PerChannel(sms: 1, email: 1, wechatWork: 0, push: 0))
        #expect(tally.allTouches == 3)
        #expect(tally.reachable == [ChannelMask(.sms), ChannelMask(.email)])
        #expect(tally.optedOut.contains(.push) && !tally.optedOut.contains(.sms))
    }

    @Test func thePlannerAnswersLikeDecideForEveryCustomer() {
        var random = PolicyRandom(seed: 7)
        let policy = ContactPolicy()
        let now = shanghai(2024, 6, 1, 22)
        let planner = ContactPlanner(policy: policy, now: now, calendar: .shanghai)
        #expect(planner.sendMoment == shanghai(2024, 6, 2, 9))
        for _ in 0..<2000 {
            let touches = (0..<Int(random.next() % 7)).map { _ in
                (channel: ContactChannel.allCases[Int(random.next() % 4)], at: now - Int64(random.next() % UInt64(9 * day)),
                 marketing: true)
            }
            let state = ContactState(reachable: Set(ContactChannel.allCases.filter { _ in random.next() % 3 != 0 }),
                                     consented: random.next() % 2 == 0 ? [.email] : [], recentTouches: touches)
            let expected = policy.decide(channels: [.email, .sms, .push], marketing: true, state: state, now: now, calendar: .shanghai)
            let tally = ContactTally(state, policy: policy, now: now)
            #expect(planner.decide(channels: [.email, .sms, .push], marketing: true, tally: tally) == expected)
        }
    }

    @Test func thePolicyRoundTripsThroughJSON() throws {
        var policy = ContactPolicy()
        policy.quietHours = nil
        policy.requiresConsent = [.email, .sms]
        let json = try JSONEncoder().encode(policy)
        #expect(String(decoding: json, as: UTF8.self).contains("\"wechat_work\""))
        #expect(try JSONDecoder().decode(ContactPolicy.self, from: json) == policy)
    }
}

/// A small seeded generator so the randomised checks repeat exactly.
private struct PolicyRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
