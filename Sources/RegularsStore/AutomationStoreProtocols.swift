import Regulars

/// A journey as the store keeps it: the operator's YAML, the definition parsed from it, and its state.
public struct StoredJourney: Sendable, Equatable, Codable {
    public var definition: JourneyDefinition
    public var source: String
    public var status: JourneyStatus
    /// Bumped by every replacement; enrolments run the latest version.
    public var version: Int
    /// Triggers have been looked at up to this moment.
    public var watermark: Instant?
    public var createdAt: Instant
    public var updatedAt: Instant

    public var id: String { definition.id }
}

public enum JourneyStatus: String, Sendable, Codable, CaseIterable {
    case active, paused

    public var label: String { self == .active ? "运行中" : "已暂停" }
}

/// Someone the trigger found: enrol them (once per occurrence, under the journey's re-entry rule).
public struct EnrolmentRequest: Sendable, Equatable {
    public var customerID: Int64
    public var occurrence: TriggerOccurrence

    public init(customerID: Int64, occurrence: TriggerOccurrence) {
        self.customerID = customerID
        self.occurrence = occurrence
    }
}

/// One customer on one journey.
public struct Enrolment: Sendable, Equatable, Codable {
    public var id: Int64
    public var journeyID: String
    public var customerID: Int64
    public var occurrence: String
    public var holdout: Bool
    public var active: Bool
    /// The next step to run (index into the journey's steps) and when.
    public var step: Int
    public var dueAt: Instant
    /// Steps run so far (each recorded once in step_runs).
    public var runs: Int
    public var variables: [String: String]
    public var enteredAt: Instant
    public var exitedAt: Instant?
    public var exitReason: String?
}

/// What advancing one enrolment did (for the scheduler's counts and the demo's story).
public struct AdvanceReport: Sendable, Equatable {
    public var stepsRun = 0
    public var messagesQueued = 0
    public var heldBack: [HeldBackReason: Int] = [:]
    public var couponsIssued = 0
    public var tasksCreated = 0
    public var exited: String?

    public init() {}

    public static func += (lhs: inout AdvanceReport, rhs: AdvanceReport) {
        lhs.stepsRun += rhs.stepsRun
        lhs.messagesQueued += rhs.messagesQueued
        for (reason, count) in rhs.heldBack { lhs.heldBack[reason, default: 0] += count }
        lhs.couponsIssued += rhs.couponsIssued
        lhs.tasksCreated += rhs.tasksCreated
    }
}

/// One outbox message as listed to operators.
public struct OutboxMessage: Sendable, Equatable, Codable {
    public var id: Int64
    public var customerID: Int64
    public var journeyID: String?
    public var stepID: String?
    public var campaign: String?
    public var channel: ContactChannel
    public var recipient: String
    public var subject: String?
    public var body: String
    public var variant: String
    public var marketing: Bool
    /// Where the short link leads.
    public var link: String?
    public var token: String
    public var status: MessageStatus
    public var attempts: Int
    public var nextAttemptAt: Instant?
    public var lastError: String?
    public var providerID: String?
    public var createdAt: Instant
    public var sentAt: Instant?
    public var deliveredAt: Instant?
    public var openedAt: Instant?
    public var clickedAt: Instant?
}

public enum MessageStatus: String, Sendable, Codable, CaseIterable {
    /// Written, waiting for its moment (quiet hours end) or its next attempt.
    case queued
    /// Claimed by a delivery worker.
    case sending
    /// Accepted by the channel (the SMTP server, the gateway).
    case sent
    /// The channel's receipt said it arrived.
    case delivered
    /// The channel's receipt said it did not arrive.
    case failed
    /// Gave up: a permanent refusal, or every attempt failed.
    case dead

    public var label: String {
        switch self {
        case .queued: return "待发送"
        case .sending: return "发送中"
        case .sent: return "已发送"
        case .delivered: return "已送达"
        case .failed: return "未送达"
        case .dead: return "死信"
        }
    }
}

/// A follow-up task for service staff created by a journey.
public struct StaffTask: Sendable, Equatable, Codable {
    public var id: Int64
    public var customerID: Int64
    public var journeyID: String?
    public var title: String
    public var dueAt: Instant
    public var open: Bool
    public var createdAt: Instant
}

/// Journeys and their enrolments.
public protocol JourneyStore: Sendable {
    /// Creates the journey, or replaces its definition (a new version; running enrolments go on from their step
    /// where the new definition still has it).
    func saveJourney(_ definition: JourneyDefinition, source: String, at now: Instant) async throws -> StoredJourney
    func journey(id: String) async throws -> StoredJourney?
    func journeys() async throws -> [StoredJourney]
    /// Pauses or resumes; false when there is no such journey.
    func setJourneyStatus(id: String, _ status: JourneyStatus, at now: Instant) async throws -> Bool
    func setWatermark(journey id: String, _ watermark: Instant) async throws
    func enrolments(journey id: String?, customer: Int64?, limit: Int) async throws -> [Enrolment]
    func staffTasks(openOnly: Bool, limit: Int) async throws -> [StaffTask]
}

/// A customer's say on being contacted.
public enum ContactPreference: String, Sendable, Codable {
    case consented
    case optedOut = "opted_out"
}

/// Which messages to list.
public struct MessageFilter: Sendable, Equatable {
    public var journeyID: String?
    public var customerID: Int64?
    public var status: MessageStatus?
    public var campaign: String?

    public init(journeyID: String? = nil, customerID: Int64? = nil, status: MessageStatus? = nil, campaign: String? = nil) {
        self.journeyID = journeyID
        self.customerID = customerID
        self.status = status
        self.campaign = campaign
    }
}

/// The outbox: messages written by steps and campaigns, claimed and delivered by workers, tracked afterwards.
public protocol OutboxStore: Sendable {
    /// Claims up to `limit` queued messages due by `now` (and any claimed over `leaseSeconds` ago by a worker that
    /// died), marking them `sending` and counting the attempt.
    /// Only messages of `channels` are claimed: one without an adapter waits in the outbox.
    func claimDueMessages(at now: Instant, limit: Int, leaseSeconds: Int64, channels: Set<ContactChannel>) async throws -> [OutboxMessage]
    func markSent(_ id: Int64, providerID: String?, at now: Instant) async throws
    /// A failed attempt: queued again at `retryAt`, or dead (nil).
    func markAttemptFailed(_ id: Int64, error: String, retryAt: Instant?, at now: Instant) async throws
    /// A delivery receipt from a channel, by our id or the provider's; false when no such message.
    func recordReceipt(messageID: Int64?, providerID: String?, delivered: Bool, detail: String?, at now: Instant) async throws -> Bool
    /// A click on a short link: the message (its link leads on), or nil for an unknown token. The first click counts.
    func recordClick(token: String, at now: Instant) async throws -> OutboxMessage?
    /// The open pixel of an e-mail was fetched; false for an unknown token.
    func recordOpen(token: String, at now: Instant) async throws -> Bool
    func messages(_ filter: MessageFilter, limit: Int) async throws -> [OutboxMessage]
    func message(id: Int64) async throws -> OutboxMessage?
    /// Messages held back by the policy (and holdouts), by journey and reason.
    func heldBackCounts(journey id: String?) async throws -> [HeldBackReason: Int]
}

/// Consent and opt-outs (always honoured by the contact policy).
public protocol ContactPreferenceStore: Sendable {
    /// Records consent or an opt-out for one channel, or for every channel (nil).
    func setContactPreference(customer: Int64, channel: ContactChannel?, _ preference: ContactPreference, source: String,
                              at now: Instant) async throws
    /// An opt-out reply (R, TD, STOP…) from a phone number: every customer with that phone stops getting SMS (or
    /// `channel`); returns them.
    func optOut(phone: String, channel: ContactChannel?, source: String, at now: Instant) async throws -> [Int64]
    func contactPreferences(customer: Int64) async throws -> [(channel: ContactChannel?, preference: ContactPreference, at: Instant)]
}

/// What the scheduler needs beyond journeys and the outbox.
public protocol AutomationStore: JourneyStore, OutboxStore, ContactPreferenceStore {
    /// The facts of customers `trigger` could concern in (after, through], reaching `lookback` seconds further back.
    func triggerFacts(_ trigger: Trigger, after: Instant, through: Instant, lookback: Int64, calendar: ShopCalendar) async throws -> [TriggerFacts]
    func enrol(_ requests: [EnrolmentRequest], in journey: JourneyDefinition, at now: Instant) async throws -> [Int64]
    func dueEnrolments(at now: Instant, limit: Int) async throws -> [Enrolment]
    func advance(enrolment id: Int64, journey: JourneyDefinition, context: StepContext, now: Instant) async throws -> AdvanceReport
    func audienceMembers(journey id: String) async throws -> Set<Int64>
    func replaceAudienceMembers(journey id: String, with members: Set<Int64>) async throws
    /// The customer's contact state, addresses and variables now; nil for an unknown customer.
    func contactSnapshot(customer: Int64, channels: Set<ContactChannel>, policy: ContactPolicy, at now: Instant) async throws -> ContactSnapshot?
    /// Touches, entrants and paid orders for attribution, from `since` on.
    func attributionInputs(journey id: String?, since: Instant) async throws -> (touches: [Touch], entrants: [Entrant], orders: [AttributableOrder])
}

extension OutboxStore {
    /// Claims due messages of every channel.
    public func claimDueMessages(at now: Instant, limit: Int, leaseSeconds: Int64) async throws -> [OutboxMessage] {
        try await claimDueMessages(at: now, limit: limit, leaseSeconds: leaseSeconds, channels: Set(ContactChannel.allCases))
    }
}
