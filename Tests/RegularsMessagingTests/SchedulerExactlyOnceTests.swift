import Foundation
import Regulars
import RegularsMessaging
import RegularsStore
import RegularsTestSupport
import Testing

/// Every step runs once and every message is written and delivered once, however often and however many runners
/// tick the same moment.
@Suite("Scheduler: exactly once")
struct SchedulerExactlyOnceTests {
    typealias F = AutomationFixtures

    /// hello → 1 day → reminder: two messages and three step runs per enrolment.
    static let twoTouches = F.journey("two-touches", [
        ("hello", F.send("{{name}}您好")),
        ("pause", F.wait(days: 1)),
        ("reminder", F.send("{{name}}，别忘了")),
    ])

    /// `count` customers whose first orders were paid on 2 March between 10:00 and 10:59.
    private func crowd(_ count: Int, _ store: SQLiteStore) async throws -> [Int64] {
        let ids = try await F.crowd(count, into: store)
        try await F.orders((1...count).map { F.Order(id: "O\($0)", account: "c\($0)", paidAt: F.local(2026, 3, 2, 10, $0 % 60)) },
                           into: store)
        try await F.save(Self.twoTouches, into: store)
        return ids
    }

    @Test("ticking the same moment twice runs and sends nothing the second time")
    func sameMomentTwice() async throws {
        try await withTestStore { store, _ in
            _ = try await crowd(5, store)
            let channels = RecordingChannels()
            let runner = AutomationRunner(store: store, adapters: channels.adapters())
            let noon = F.local(2026, 3, 2, 12)
            let first = try await runner.tick(at: noon)
            #expect(first.entered == 5 && first.steps.stepsRun == 10 && first.delivery.sent == 5)
            let again = try await runner.tick(at: noon)
            #expect(again == TickReport())
            // A new runner (a restarted service) at the same moment: nothing either.
            let restarted = try await AutomationRunner(store: store, adapters: channels.adapters()).tick(at: noon)
            #expect(restarted == TickReport())
            #expect(channels.delivered.count == 5)
            #expect(try F.count("SELECT COUNT(*) FROM step_runs", store) == 10)
            #expect(try F.count("SELECT COUNT(*) FROM enrolments", store) == 5)
        }
    }

    @Test("two runners on one store ticking at once: each step once, each message once", arguments: [false, true])
    func concurrentRunners(separateConnections: Bool) async throws {
        try await withTestStore { store, folder in
            let people = 60
            _ = try await crowd(people, store)
            let other = separateConnections ? try SQLiteStore(path: folder.appendingPathComponent("test.sqlite").path) : store
            let channels = RecordingChannels()
            let one = AutomationRunner(store: store, adapters: channels.adapters())
            let two = AutomationRunner(store: other, adapters: channels.adapters())
            var total = TickReport()
            for moment in [F.local(2026, 3, 2, 12), F.local(2026, 3, 3, 11), F.local(2026, 3, 3, 12)] {
                async let a = one.tick(at: moment)
                async let b = two.tick(at: moment)
                let (x, y) = try await (a, b)
                total += x
                total += y
            }
            #expect(total.entered == people)
            #expect(total.steps.stepsRun == 3 * people)
            #expect(total.steps.messagesQueued == 2 * people)
            #expect(total.delivery.sent == 2 * people)
            #expect(channels.delivered.count == 2 * people)
            #expect(Set(channels.delivered.map(\.id)).count == 2 * people, "no message delivered twice")
            #expect(try F.count("SELECT COUNT(*) FROM messages", store) == 2 * people)
            #expect(try F.duplicateMessages(store) == 0)
            #expect(try F.count("SELECT COUNT(*) FROM step_runs", store) == 3 * people)
            // Runs are 1…n without gaps for every enrolment.
            #expect(try F.count("SELECT COUNT(*) FROM enrolments e WHERE runs <> (SELECT COUNT(*) FROM step_runs r WHERE r.enrolment_id = e.id) OR runs <> (SELECT MAX(run) FROM step_runs r WHERE r.enrolment_id = e.id)", store) == 0)
            #expect(try F.count("SELECT COUNT(*) FROM enrolments WHERE state = 'done' AND exit_reason = 'completed'", store) == people)
            #expect(try F.count("SELECT COUNT(*) FROM messages WHERE status <> 'sent' OR attempts <> 1", store) == 0)
        }
    }

    @Test("advancing one enrolment from many tasks at once runs its steps once")
    func concurrentAdvanceOfOneEnrolment() async throws {
        try await withTestStore { store, _ in
            _ = try await crowd(1, store)
            let noon = F.local(2026, 3, 2, 12)
            // Enrolled directly (no pass), then advanced by eight tasks at the same moment.
            let request = EnrolmentRequest(customerID: try await F.crowdID(1, store),
                                           occurrence: TriggerOccurrence(key: "first-order", at: F.local(2026, 3, 2, 10)))
            let created = try await store.enrol([request], in: Self.twoTouches, at: noon)
            let enrolment = try #require(created.first)
            let settings = try await store.loadSettings()
            let context = StepContext(settings: settings.automation, calendar: settings.calendar, channels: [.sms]) { _, _ in false }
            let reports = try await withThrowingTaskGroup(of: AdvanceReport.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await store.advance(enrolment: enrolment, journey: Self.twoTouches, context: context, now: noon) }
                }
                return try await group.reduce(into: [AdvanceReport]()) { $0.append($1) }
            }
            #expect(reports.map(\.stepsRun).sorted() == [0, 0, 0, 0, 0, 0, 0, 2])
            #expect(reports.map(\.messagesQueued).reduce(0, +) == 1)
            #expect(try F.count("SELECT COUNT(*) FROM messages", store) == 1)
            #expect(try F.count("SELECT COUNT(*) FROM step_runs", store) == 2)
        }
    }
}
