import Regulars
import RegularsStore
import Synchronization

/// One pass of automation at `now`: triggers enrol customers into active journeys, due enrolments move on (each step
/// exactly once, in its own transaction), and due outbox messages are delivered. The live service calls it every few
/// seconds; `regulars automation run --until` calls it step by step through time to batch or catch up.
public final class AutomationRunner: Sendable {
    public typealias RunnerStore = AutomationStore & SettingsStore & SegmentStore

    public let store: any RunnerStore
    /// Adapters by channel; a channel without one keeps its messages queued (and is unreachable for new ones).
    public let adapters: [ContactChannel: any ChannelAdapter]
    public let templates = TemplateCache()
    /// Audience answers are reused for this long of `now` (a live pass every few seconds need not reload the shop;
    /// a batch over weeks may take a day's staleness for speed).
    public let audienceRefreshSeconds: Int64
    private let lastSnapshot = Mutex<AudienceSnapshotCache?>(nil)

    public init(store: any RunnerStore, adapters: [ContactChannel: any ChannelAdapter], audienceRefreshSeconds: Int64 = 60) {
        self.store = store
        self.adapters = adapters
        self.audienceRefreshSeconds = audienceRefreshSeconds
    }

    public func tick(at now: Instant, deliver: Bool = true,
                     pace: @Sendable (ContactChannel) async -> Void = { _ in }) async throws -> TickReport {
        let shop = try await store.loadSettings()
        let journeys = try await store.journeys().filter { $0.status == .active }
        var report = TickReport()
        let snapshot = try await audiences(shop, journeys, now)
        for journey in journeys {
            report.entered += try await enrol(journey, now: now, calendar: shop.calendar, snapshot: snapshot)
        }
        let context = StepContext(settings: shop.automation, calendar: shop.calendar, channels: Set(adapters.keys),
                                  templates: templates, matches: { condition, customer in
                                      snapshot.matches(condition, customer)
                                  })
        let definitions = Dictionary(uniqueKeysWithValues: journeys.map { ($0.id, $0.definition) })
        while true {
            let due = try await store.dueEnrolments(at: now, limit: 500)
            var progressed = false
            for enrolment in due {
                guard let definition = definitions[enrolment.journeyID] else { continue }
                let step = try await store.advance(enrolment: enrolment.id, journey: definition, context: context, now: now)
                report.steps += step
                progressed = progressed || step.stepsRun > 0
            }
            if due.count < 500 || !progressed { break }
        }
        if deliver {
            let worker = DeliveryWorker(store: store, adapters: adapters, maxAttempts: shop.automation.maxAttempts)
            while true {
                let pass = try await worker.deliverDue(at: now, limit: 500, pace: pace)
                report.delivery += pass
                if pass.sent + pass.retried + pass.dead < 500 { break }
            }
        }
        return report
    }

    private func audiences(_ shop: ShopSettings, _ journeys: [StoredJourney], _ now: Instant) async throws -> AudienceSnapshotCache {
        if let last = lastSnapshot.withLock({ $0 }), last.now <= now, now.secondsSinceEpoch - last.now.secondsSinceEpoch < audienceRefreshSeconds {
            // No earlier pass may have needed it loaded (a journey asking audience questions was created since).
            if journeys.contains(where: { $0.definition.asksAudienceQuestions }) { _ = try await last.prepare() }
            return last
        }
        let fresh = AudienceSnapshotCache(store: store, settings: shop, now: now)
        if journeys.contains(where: { $0.definition.asksAudienceQuestions }) { _ = try await fresh.prepare() }
        lastSnapshot.withLock { $0 = fresh }
        return fresh
    }

    private func enrol(_ journey: StoredJourney, now: Instant, calendar: ShopCalendar,
                       snapshot: AudienceSnapshotCache) async throws -> Int {
        let definition = journey.definition
        let from = journey.watermark ?? journey.createdAt
        guard from < now else { return 0 }
        var requests: [EnrolmentRequest] = []
        switch definition.trigger {
        case .audienceEntered(let condition), .audienceLeft(let condition):
            let members = Set(try snapshot.members(condition))
            let before = try await store.audienceMembers(journey: definition.id)
            let moved: Set<Int64>
            if case .audienceEntered = definition.trigger { moved = members.subtracting(before) } else { moved = before.subtracting(members) }
            // The first look only records who is in: nobody "entered" a journey's audience before it existed.
            if journey.watermark != nil {
                requests = moved.sorted().map {
                    EnrolmentRequest(customerID: $0, occurrence: TriggerOccurrence(key: "audience:\(now.secondsSinceEpoch)", at: now))
                }
            }
            try await store.replaceAudienceMembers(journey: definition.id, with: members)
        default:
            let facts = try await store.triggerFacts(definition.trigger, after: from, through: now,
                                                     lookback: TriggerEvaluator.lookbackSeconds(definition.trigger),
                                                     calendar: calendar)
            for customer in facts {
                for occurrence in TriggerEvaluator.occurrences(of: definition.trigger, facts: customer, after: from,
                                                                through: now, calendar: calendar) {
                    requests.append(EnrolmentRequest(customerID: customer.customerID, occurrence: occurrence))
                }
            }
        }
        if let audience = definition.audience {
            requests = requests.filter { snapshot.matches(audience, $0.customerID) }
        }
        let created = try await store.enrol(requests, in: definition, at: now)
        try await store.setWatermark(journey: definition.id, now)
        return created.count
    }
}

/// What a pass did.
public struct TickReport: Sendable, Equatable {
    public var entered = 0
    public var steps = AdvanceReport()
    public var delivery = DeliveryReport()

    public init() {}

    public static func += (lhs: inout TickReport, rhs: TickReport) {
        lhs.entered += rhs.entered
        lhs.steps += rhs.steps
        lhs.delivery += rhs.delivery
    }
}

extension JourneyDefinition {
    /// Whether running the journey needs audience answers (an audience filter, trigger, branch or goal).
    var asksAudienceQuestions: Bool {
        if audience != nil { return true }
        if case .audience = goal { return true }
        switch trigger {
        case .audienceEntered, .audienceLeft: return true
        default: break
        }
        return steps.contains { if case .branch = $0.action { return true } else { return false } }
    }
}
