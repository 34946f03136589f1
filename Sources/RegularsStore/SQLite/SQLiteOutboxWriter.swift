import GRDB
import Regulars

/// Where a message comes from: a journey step or a campaign; `dedupKey` makes writing it twice impossible.
struct MessageOrigin {
    var journeyID: String?
    var stepID: String?
    var enrolmentID: Int64?
    var campaign: String?
    var dedupKey: String
}

struct QueuedMessage {
    var customer: Int64
    var channel: ContactChannel
    var recipient: String
    var subject: String?
    var body: String
    var variant: String
    var marketing: Bool
    var link: String?
    var token: String
    /// Now, or the end of quiet hours.
    var sendAt: Instant
}

/// Writes to the outbox and the held-back log inside the caller's transaction.
enum SQLiteOutboxWriter {
    static func queue(_ message: QueuedMessage, origin: MessageOrigin, _ db: Database, at now: Instant) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO messages(customer_id, journey_id, step_id, enrolment_id, campaign, channel, recipient, subject, body,
                variant, marketing, link, token, dedup_key, status, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
            """).execute(arguments: [
                message.customer, origin.journeyID, origin.stepID, origin.enrolmentID, origin.campaign,
                message.channel.rawValue, message.recipient, message.subject, message.body, message.variant,
                message.marketing, message.link, message.token, origin.dedupKey, message.sendAt.secondsSinceEpoch,
                now.secondsSinceEpoch,
            ])
        return db.lastInsertedRowID
    }

    static func holdBack(_ reason: HeldBackReason, channel: ContactChannel?, customer: Int64, origin: MessageOrigin,
                         _ db: Database, at now: Instant) throws {
        try db.cachedStatement(sql: """
            INSERT INTO held_back(customer_id, journey_id, step_id, campaign, channel, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [customer, origin.journeyID, origin.stepID, origin.campaign, channel?.rawValue,
                                     reason.rawValue, now.secondsSinceEpoch])
    }

    private static let alphabet = Array("0123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ".utf8)

    /// 12 random characters (about 70 bits): a short link cannot be guessed from another.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 12)
        for index in bytes.indices { bytes[index] = alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func shortLink(_ token: String, base: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/c/" + token
    }
}

/// What the contact policy and the templates need of one customer, read inside the step's transaction (so caps
/// count messages written by concurrent passes: SQLite has one writer at a time).
enum SQLiteContactState {
    struct Loaded {
        var state: ContactState
        var addresses: [ContactChannel: String]
    }

    static func load(_ customer: Int64, channels: Set<ContactChannel>, policy: ContactPolicy, _ db: Database,
                     at now: Instant) throws -> Loaded {
        var addresses: [ContactChannel: String] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT kind, value FROM identities WHERE customer_id = ? AND shared = 0
                AND (kind = 'phone' OR kind = 'email' OR kind = 'union_id') ORDER BY id
            """), arguments: [customer]) {
            let value: String = row["value"]
            switch row["kind"] as String {
            case "phone":
                if addresses[.sms] == nil { addresses[.sms] = value; addresses[.wechatWork] = value }
            case "email":
                if addresses[.email] == nil { addresses[.email] = value }
            default:
                if addresses[.push] == nil { addresses[.push] = value }
            }
        }
        addresses = addresses.filter { channels.contains($0.key) }
        var optedOut: Set<ContactChannel> = []
        var optedOutOfAll = false
        var consented: Set<ContactChannel> = []
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT channel, state FROM contact_preferences WHERE customer_id = ?"),
                                    arguments: [customer]) {
            let channelName: String = row["channel"]
            let optOut = (row["state"] as String) == "opted_out"
            if channelName == "all" {
                if optOut { optedOutOfAll = true }
            } else if let channel = ContactChannel(rawValue: channelName) {
                if optOut { optedOut.insert(channel) } else { consented.insert(channel) }
            }
        }
        let window = ([policy.globalCap.windowSeconds] + policy.channelCaps.values.map(\.windowSeconds)).max() ?? 0
        var touches: [(channel: ContactChannel, at: Instant, marketing: Bool)] = []
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT channel, created_at, marketing FROM messages WHERE customer_id = ? AND created_at > ?
            """), arguments: [customer, now.secondsSinceEpoch - window]) {
            guard let channel = ContactChannel(rawValue: row["channel"]) else { continue }
            touches.append((channel, Instant(secondsSinceEpoch: row["created_at"]), row["marketing"]))
        }
        let state = ContactState(reachable: Set(addresses.keys), optedOut: optedOut, optedOutOfAll: optedOutOfAll,
                                 consented: consented, recentTouches: touches)
        return Loaded(state: state, addresses: addresses)
    }

    /// The customer's own variables: name, last product bought, value-pyramid level.
    static func variables(_ customer: Int64, _ db: Database) throws -> MessageVariables {
        var variables = MessageVariables()
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT name, nickname FROM customers WHERE id = ?"),
                                      arguments: [customer]) {
            variables.name = (row["name"] as String?) ?? (row["nickname"] as String?)
        }
        variables.lastProduct = try String.fetchOne(db.cachedStatement(sql: """
            SELECT COALESCE(p.name, l.sku) FROM orders o JOIN order_lines l ON l.order_id = o.id
            LEFT JOIN products p ON p.sku = l.sku
            WHERE o.customer_id = ? AND o.paid_at IS NOT NULL ORDER BY o.paid_at DESC, l.line_no LIMIT 1
            """), arguments: [customer])
        if let level = try String.fetchOne(db.cachedStatement(sql: "SELECT pyramid FROM customer_segments WHERE customer_id = ?"),
                                           arguments: [customer]) {
            variables.tier = PyramidLevel(rawValue: level)?.label
        }
        return variables
    }
}

/// A customer's contact state, addresses and template variables as they stand (for a dry run or a preview).
public struct ContactSnapshot: Sendable {
    public var state: ContactState
    public var addresses: [ContactChannel: String]
    public var variables: MessageVariables
}

extension SQLiteStore {
    public func contactSnapshot(customer: Int64, channels: Set<ContactChannel>, policy: ContactPolicy,
                                at now: Instant) async throws -> ContactSnapshot? {
        try await pool.read { db in
            guard let root = try SQLiteCustomerTree.root(of: customer, in: db) else { return nil }
            let loaded = try SQLiteContactState.load(root, channels: channels, policy: policy, db, at: now)
            return ContactSnapshot(state: loaded.state, addresses: loaded.addresses,
                                   variables: try SQLiteContactState.variables(root, db))
        }
    }
}
