import Foundation
import Testing
@testable import Regulars

@Suite("Journey runner")
struct JourneyRunnerTests {
    static let newYork = ShopCalendar(timeZone: TimeZone(identifier: "America/New_York")!)

    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Instant {
        Instant(secondsSinceEpoch: CivilDate(year: year, month: month, day: day).daysSinceEpoch * 86_400
            + Int64(hour * 3600 + minute * 60 + second))
    }

    static func at(_ hour: Int, _ minute: Int, _ second: Int = 0) -> ClockTime { ClockTime(hour: hour, minute: minute, second: second) }

    private func end(_ wait: WaitSpec, _ start: Instant, _ calendar: ShopCalendar = .shanghai) -> Instant {
        JourneyRunner.waitEnd(wait, from: start, calendar: calendar)
    }

    private let send = SendSpec(channels: [.sms], variants: [MessageVariant(body: "hi")])

    private func journey(_ actions: [JourneyAction], ids: [String]? = nil) -> JourneyDefinition {
        let steps = actions.enumerated().map { JourneyStep(id: ids?[$0.offset] ?? "step-\($0.offset + 1)", action: $0.element) }
        return JourneyDefinition(id: "t", name: "t", trigger: .firstOrder, steps: steps)
    }

    // MARK: Steps

    @Test func eachStepPlansItsActionAndTheNextStep() {
        let now = Self.utc(2026, 5, 1, 2, 0)
        let journey = journey([
            .wait(WaitSpec(seconds: 3600)), .send(send), .issueCoupon(templateID: "recall-15"), .addTag("a"), .removeTag("b"),
            .task(title: "回访", dueInSeconds: 259_200), .exit,
        ])
        let plans = (0 ..< 7).map { JourneyRunner.plan(journey, step: $0, now: now, calendar: .shanghai, matches: { _ in true }) }
        #expect(plans == [
            .wait(until: now + 3600, next: 1),
            .send(send, next: 2),
            .issueCoupon(templateID: "recall-15", next: 3),
            .addTag("a", next: 4),
            .removeTag("b", next: 5),
            .task(title: "回访", due: Self.utc(2026, 5, 4, 2, 0), next: 6),
            .finish(.exitStep),
        ])
    }

    @Test func aBranchGoesEitherWay() {
        let journey = journey([.branch(condition: "tag = 敏感肌", then: "gentle", otherwise: "plain"), .send(send), .exit, .send(send)],
                              ids: ["check", "plain", "stop", "gentle"])
        var asked: [String] = []
        let yes = JourneyRunner.plan(journey, step: 0, now: Instant(secondsSinceEpoch: 0), calendar: .shanghai) {
            asked.append($0)
            return true
        }
        let no = JourneyRunner.plan(journey, step: 0, now: Instant(secondsSinceEpoch: 0), calendar: .shanghai) { _ in false }
        #expect(yes == .jump(next: 3))
        #expect(no == .jump(next: 1))
        #expect(asked == ["tag = 敏感肌"])
    }

    @Test func aBranchWithoutElseGoesOnToTheNextStep() {
        let journey = journey([.send(send), .branch(condition: "tag = x", then: "step-4", otherwise: nil), .send(send), .exit])
        #expect(JourneyRunner.plan(journey, step: 1, now: Instant(secondsSinceEpoch: 0), calendar: .shanghai) { _ in false } == .jump(next: 2))
        #expect(JourneyRunner.plan(journey, step: 1, now: Instant(secondsSinceEpoch: 0), calendar: .shanghai) { _ in true } == .jump(next: 3))
    }

    @Test func aBranchToAStepThatIsGoneEndsTheEnrolment() {
        let journey = journey([.branch(condition: "tag = x", then: "removed", otherwise: nil), .exit])
        #expect(JourneyRunner.plan(journey, step: 0, now: Instant(secondsSinceEpoch: 0), calendar: .shanghai) { _ in true }
            == .finish(.missingStep))
    }

    @Test func runningPastTheLastStepCompletes() {
        let journey = journey([.send(send)])
        let now = Instant(secondsSinceEpoch: 0)
        #expect(JourneyRunner.plan(journey, step: 0, now: now, calendar: .shanghai) { _ in true } == .send(send, next: 1))
        #expect(JourneyRunner.plan(journey, step: 1, now: now, calendar: .shanghai) { _ in true } == .finish(.completed))
        #expect(JourneyRunner.plan(journey, step: 9, now: now, calendar: .shanghai) { _ in true } == .finish(.completed))
        #expect(JourneyRunner.plan(journey, step: -1, now: now, calendar: .shanghai) { _ in true } == .finish(.missingStep))
    }

    @Test func exitsHaveStableNames() {
        #expect(JourneyExit.allCases.map(\.rawValue) == ["completed", "exit_step", "goal", "missing_step", "stopped"])
    }

    // MARK: Waits (Shanghai is UTC+8 all year)

    @Test func aDurationIsElapsedTime() {
        let start = Self.utc(2026, 3, 7, 15, 0)
        #expect(end(WaitSpec(seconds: 172_800), start) == start + 172_800)
        #expect(end(WaitSpec(seconds: 86_400), start, Self.newYork) == start + 86_400) // across the DST change: 24 hours
    }

    @Test func untilAloneIsTheNextTimeTheClockShowsIt() {
        // 09:00 in Shanghai is 01:00Z: 10:00 the same morning.
        #expect(end(WaitSpec(seconds: 0, until: Self.at(10, 0)), Self.utc(2026, 3, 1, 1, 0)) == Self.utc(2026, 3, 1, 2, 0))
        // 19:59:59: one second later.
        #expect(end(WaitSpec(seconds: 0, until: Self.at(20, 0)), Self.utc(2026, 3, 1, 11, 59, 59)) == Self.utc(2026, 3, 1, 12, 0))
        // 21:00: tomorrow evening.
        #expect(end(WaitSpec(seconds: 0, until: Self.at(20, 0)), Self.utc(2026, 3, 1, 13, 0)) == Self.utc(2026, 3, 2, 12, 0))
    }

    @Test(arguments: [0, 40, 59])
    func untilInTheSameMinuteIsTomorrows(second: Int) {
        // 20:00:ss in Shanghai.
        let start = Self.utc(2026, 3, 1, 12, 0, second)
        #expect(end(WaitSpec(seconds: 0, until: Self.at(20, 0)), start) == Self.utc(2026, 3, 2, 12, 0))
    }

    @Test func untilCrossesMidnight() {
        // 23:30 → 00:15 the next day, 45 minutes later; 28 Feb 2028 → 29 Feb.
        let start = Self.utc(2028, 2, 28, 15, 30)
        #expect(end(WaitSpec(seconds: 0, until: Self.at(0, 15)), start) == start + 45 * 60)
        // The last day of the year into the next.
        #expect(end(WaitSpec(seconds: 0, until: Self.at(8, 0)), Self.utc(2026, 12, 31, 15, 0)) == Self.utc(2027, 1, 1, 0, 0))
    }

    @Test func aDurationThenUntilWaitsAtLeastTheDuration() {
        let until = WaitSpec(seconds: 86_400, until: Self.at(10, 0))
        // From 10:00: exactly a day. From 09:00: 25 hours. From 11:00: the 10:00 after tomorrow's 11:00.
        #expect(end(until, Self.utc(2026, 3, 1, 2, 0)) == Self.utc(2026, 3, 2, 2, 0))
        #expect(end(until, Self.utc(2026, 3, 1, 1, 0)) == Self.utc(2026, 3, 2, 2, 0))
        #expect(end(until, Self.utc(2026, 3, 1, 3, 0)) == Self.utc(2026, 3, 3, 2, 0))
        // A few minutes then 20:00, begun at 19:58: tonight.
        #expect(end(WaitSpec(seconds: 60, until: Self.at(20, 0)), Self.utc(2026, 3, 1, 11, 58)) == Self.utc(2026, 3, 1, 12, 0))
    }

    // MARK: Waits in New York (EST is UTC−5, EDT UTC−4; 2026: forward 8 March 02:00, back 1 November 02:00)

    @Test func aDayUntilTenIsTomorrowsTenAcrossTheSpringChange() {
        // Saturday 10:00 EST → Sunday 10:00 EDT, 23 hours later.
        let start = Self.utc(2026, 3, 7, 15, 0)
        #expect(end(WaitSpec(seconds: 86_400, until: Self.at(10, 0)), start, Self.newYork) == Self.utc(2026, 3, 8, 14, 0))
        // Until 20:00 alone, from Saturday 21:00 EST: Sunday 20:00 EDT.
        #expect(end(WaitSpec(seconds: 0, until: Self.at(20, 0)), Self.utc(2026, 3, 8, 2, 0), Self.newYork) == Self.utc(2026, 3, 9, 0, 0))
    }

    @Test func aSkippedTimeIsTakenAfterTheJump() {
        // 01:00 EST, until 02:30, which the clock skips: 03:30 EDT.
        #expect(end(WaitSpec(seconds: 0, until: Self.at(2, 30)), Self.utc(2026, 3, 8, 6, 0), Self.newYork) == Self.utc(2026, 3, 8, 7, 30))
    }

    @Test func aTimeShownTwiceIsTakenTheFirstTimeItIsLateEnough() {
        let until = WaitSpec(seconds: 0, until: Self.at(1, 30))
        // 00:30 EDT → 01:30 EDT.
        #expect(end(until, Self.utc(2026, 11, 1, 4, 30), Self.newYork) == Self.utc(2026, 11, 1, 5, 30))
        // 01:40 EDT → 01:30 EST, 50 minutes later, when the clock shows it again.
        #expect(end(until, Self.utc(2026, 11, 1, 5, 40), Self.newYork) == Self.utc(2026, 11, 1, 6, 30))
        // 01:20 EST → 01:30 EST.
        #expect(end(until, Self.utc(2026, 11, 1, 6, 20), Self.newYork) == Self.utc(2026, 11, 1, 6, 30))
        // A day until 10:00 from Saturday 10:00 EDT → Sunday 10:00 EST, 25 hours later.
        #expect(end(WaitSpec(seconds: 86_400, until: Self.at(10, 0)), Self.utc(2026, 10, 31, 14, 0), Self.newYork)
            == Self.utc(2026, 11, 1, 15, 0))
    }
}
