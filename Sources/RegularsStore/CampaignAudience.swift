import GRDB
import Regulars

/// A campaign's customers as planned: the live customers the given ids ended up in (ascending, each once), which of
/// them an earlier run of the campaign already wrote a message for, and why earlier runs held the others back.
/// Position `i` in every array is customer `ids[i]`.
struct CampaignAudience: Sendable {
    var ids: [Int64] = []
    var positions = CustomerPositions([])
    /// An earlier run of this campaign wrote the customer's message.
    var decided: [Bool] = []
    /// The reasons earlier runs held the customer back for (`HeldBackReasons`): the same reason is not written again.
    var heldBefore: [HeldBackReasons] = []
    /// The highest held-back row id when the audience was read: later rows are looked at inside each batch.
    var heldBackSeen: Int64 = 0

    var count: Int { ids.count }

    /// Reads it in one read transaction: merges from their partial index, earlier messages of the campaign from the
    /// dedup-key index alone (`c<campaign>:<customer>`), earlier held-back rows from their table.
    static func load(_ input: [Int64], campaign: String, _ db: Database) throws -> CampaignAudience {
        var audience = CampaignAudience()
        audience.ids = try roots(of: input, db)
        audience.positions = CustomerPositions(audience.ids)
        audience.decided = Array(repeating: false, count: audience.ids.count)
        audience.heldBefore = Array(repeating: [], count: audience.ids.count)
        let prefix = "c" + campaign + ":"
        var messages = try BulkStatement(db, "SELECT dedup_key FROM messages WHERE dedup_key >= ? AND dedup_key < ?")
        messages.bind(prefix)
        messages.bind("c" + campaign + ";")
        while try messages.step() {
            guard let key = messages.text(0), let id = Int64(key.dropFirst(prefix.count)),
                  let position = audience.positions.position(of: id) else { continue }
            audience.decided[position] = true
        }
        messages.reset()
        var held = try BulkStatement(db, "SELECT customer_id, reason FROM held_back WHERE campaign = ?")
        held.bind(campaign)
        while try held.step() {
            guard let position = audience.positions.position(of: held.int(0)!), let reason = held.text(1) else { continue }
            audience.heldBefore[position].insert(HeldBackReasons(reason))
        }
        held.reset()
        audience.heldBackSeen = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM held_back") ?? 0
        return audience
    }

    /// The customers the ids ended up in after merges, ascending, each once.
    private static func roots(of input: [Int64], _ db: Database) throws -> [Int64] {
        var mergedInto: [Int64: Int64] = [:]
        var merged = try BulkStatement(db, "SELECT id, merged_into FROM customers WHERE merged_into IS NOT NULL")
        while try merged.step() { mergedInto[merged.int(0)!] = merged.int(1)! }
        merged.reset()
        var ids = input
        if !mergedInto.isEmpty {
            for index in ids.indices {
                var hops = 0
                while let next = mergedInto[ids[index]], hops < 10_000 {
                    ids[index] = next
                    hops += 1
                }
            }
        }
        ids.sort()
        var unique: [Int64] = []
        unique.reserveCapacity(ids.count)
        for id in ids where unique.last != id { unique.append(id) }
        return unique
    }
}

/// A set of held-back reasons as bits.
struct HeldBackReasons: OptionSet, Sendable {
    let rawValue: UInt8

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(_ reason: HeldBackReason) {
        rawValue = 1 << UInt8(HeldBackReason.allCases.firstIndex(of: reason)!)
    }

    /// The reason stored as `text`; none for a text that names no reason.
    init(_ text: String) {
        self = HeldBackReason(rawValue: text).map(HeldBackReasons.init) ?? []
    }
}

/// Customer id → position in the campaign's ascending id list: a flat array when the ids are dense, else a dictionary.
struct CustomerPositions: Sendable {
    private let base: Int64
    private let dense: [Int32]?
    private let sparse: [Int64: Int32]

    init(_ ids: [Int64]) {
        guard let first = ids.first, let last = ids.last else {
            base = 0; dense = []; sparse = [:]
            return
        }
        base = first
        if last - first < Int64(ids.count) * 8 + 4096 {
            var table = [Int32](repeating: -1, count: Int(last - first + 1))
            for (position, id) in ids.enumerated() { table[Int(id - first)] = Int32(position) }
            dense = table
            sparse = [:]
        } else {
            dense = nil
            var table = [Int64: Int32](minimumCapacity: ids.count)
            for (position, id) in ids.enumerated() { table[id] = Int32(position) }
            sparse = table
        }
    }

    func position(of id: Int64) -> Int? {
        if let dense {
            let offset = id - base
            guard offset >= 0, offset < Int64(dense.count) else { return nil }
            let position = dense[Int(offset)]
            return position < 0 ? nil : Int(position)
        }
        return sparse[id].map(Int.init)
    }
}

/// A batch's ids as an SQL condition: their range when they are dense (an index range scan), the ids themselves when
/// they are spread thin over the store (a look-up of each).
struct CampaignIDFilter {
    private let low: Int64
    private let high: Int64
    private let list: String?

    init(_ ids: ArraySlice<Int64>) {
        low = ids.first ?? 0
        high = ids.last ?? -1
        list = high - low + 1 > Int64(ids.count) * 16 ? "[" + ids.map(String.init).joined(separator: ",") + "]" : nil
    }

    /// `column BETWEEN ? AND ?`, or `column IN (…)` of the ids.
    func condition(_ column: String) -> String {
        list == nil ? "\(column) BETWEEN ? AND ?" : "\(column) IN (SELECT value FROM json_each(?))"
    }

    /// Binds the condition's parameters, in its place among the statement's.
    func bind(_ statement: inout BulkStatement) {
        if let list { statement.bind(list) } else { statement.bind(low); statement.bind(high) }
    }
}
