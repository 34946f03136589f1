import GRDB
import Regulars

/// Everything a campaign needs of its customers that does not decide the contact policy, loaded once for all of
/// them as columns: position `i` in every array is customer `ids[i]` (ascending). Preferences and recent touches are
/// not here: they are read batch by batch inside the write transactions (see `SQLiteCampaignRun`).
struct CampaignAudience {
    var ids: [Int64] = []
    /// False for ids not in the store.
    var known: [Bool] = []
    var phone: [String?] = []
    var email: [String?] = []
    var unionID: [String?] = []
    var name: [String?] = []
    var lastProduct: [String?] = []
    var tier: [String?] = []
    /// An earlier run of this campaign wrote a message or a held-back row for the customer.
    var decided: [Bool] = []
    /// The highest held-back row id when the audience was read: later rows are looked at inside each batch.
    var heldBackSeen: Int64 = 0
    var positions = CustomerPositions([])

    var count: Int { ids.count }

    func address(_ channel: ContactChannel, at position: Int) -> String? {
        switch channel {
        case .sms, .wechatWork: return phone[position]
        case .email: return email[position]
        case .push: return unionID[position]
        }
    }
}

/// Which per-customer values the campaign's templates and channels use (the others are not loaded).
struct CampaignNeeds {
    var name = false
    var lastProduct = false
    var tier = false
    var phone = false
    var email = false
    var unionID = false

    init(_ spec: SendSpec, channels: Set<ContactChannel>) {
        // A plain text search over-approximates the tags used: a word in the text loads a column it did not need.
        let texts = spec.variants.flatMap { [$0.body, $0.subject ?? ""] }
        name = texts.contains { $0.contains("name") }
        lastProduct = texts.contains { $0.contains("last_product") }
        tier = texts.contains { $0.contains("tier") }
        let usable = Set(spec.channels).intersection(channels)
        phone = usable.contains(.sms) || usable.contains(.wechatWork)
        email = usable.contains(.email)
        unionID = usable.contains(.push)
    }
}

/// Customer id → position in the campaign's ascending id list: a flat array when the ids are dense, else a dictionary.
struct CustomerPositions {
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

/// Reads a `CampaignAudience` in one read transaction: whole-table scans when the campaign covers a good share of
/// the store, indexed look-ups of its ids (in chunks) when it is a small audience.
enum CampaignAudienceLoader {
    static func load(_ input: [Int64], campaign: String, needs: CampaignNeeds, _ db: Database) throws -> CampaignAudience {
        var audience = CampaignAudience()
        audience.ids = try roots(of: input, db)
        audience.positions = CustomerPositions(audience.ids)
        let count = audience.ids.count
        audience.known = Array(repeating: false, count: count)
        audience.decided = Array(repeating: false, count: count)
        audience.phone = Array(repeating: nil, count: needs.phone ? count : 0)
        audience.email = Array(repeating: nil, count: needs.email ? count : 0)
        audience.unionID = Array(repeating: nil, count: needs.unionID ? count : 0)
        audience.name = Array(repeating: nil, count: count)
        audience.lastProduct = Array(repeating: nil, count: count)
        audience.tier = Array(repeating: nil, count: count)
        guard count > 0 else { return audience }

        let storeSize = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM customers") ?? 0
        let filter = RowFilter(ids: audience.ids, lookUp: Int64(count) * 8 < storeSize)

        let nameColumns = needs.name ? "name, nickname" : "NULL, NULL"
        try filter.each(db, "SELECT id, \(nameColumns) FROM customers WHERE #IDS#", column: "id") { row in
            guard let position = audience.positions.position(of: row.int(0)!) else { return }
            audience.known[position] = true
            if needs.name { audience.name[position] = row.text(1) ?? row.text(2) }
        }

        var kinds: [String] = []
        if needs.phone { kinds.append("'phone'") }
        if needs.email { kinds.append("'email'") }
        if needs.unionID { kinds.append("'union_id'") }
        if !kinds.isEmpty {
            // The first identity of a kind (by id) is the address, as for a journey's message.
            try filter.each(db, """
                SELECT customer_id, kind, value FROM identities
                WHERE shared = 0 AND kind IN (\(kinds.joined(separator: ", "))) AND #IDS# ORDER BY id
                """, column: "customer_id") { row in
                guard let id = row.int(0), let position = audience.positions.position(of: id),
                      let kind = row.bytes(1)?.first else { return }
                switch kind {
                case UInt8(ascii: "p"): if audience.phone[position] == nil { audience.phone[position] = row.text(2) }
                case UInt8(ascii: "e"): if audience.email[position] == nil { audience.email[position] = row.text(2) }
                default: if audience.unionID[position] == nil { audience.unionID[position] = row.text(2) }
                }
            }
        }

        if needs.tier {
            let labels = Dictionary(uniqueKeysWithValues: PyramidLevel.allCases.map { ($0.rawValue, $0.label) })
            try filter.each(db, "SELECT customer_id, pyramid FROM customer_segments WHERE #IDS#", column: "customer_id") { row in
                guard let position = audience.positions.position(of: row.int(0)!), let level = row.text(1) else { return }
                audience.tier[position] = labels[level]
            }
        }

        if needs.lastProduct {
            // The first line of the latest paid order, as a journey's message reads it.
            var latest = [Int64](repeating: .min, count: count)
            var line = [Int64](repeating: .max, count: count)
            try filter.each(db, """
                SELECT o.customer_id, o.paid_at, l.line_no, COALESCE(p.name, l.sku)
                FROM orders o JOIN order_lines l ON l.order_id = o.id LEFT JOIN products p ON p.sku = l.sku
                WHERE o.paid_at IS NOT NULL AND #IDS#
                """, column: "o.customer_id") { row in
                guard let id = row.int(0), let position = audience.positions.position(of: id),
                      let paidAt = row.int(1), let lineNo = row.int(2) else { return }
                if paidAt > latest[position] || (paidAt == latest[position] && lineNo < line[position]) {
                    latest[position] = paidAt
                    line[position] = lineNo
                    audience.lastProduct[position] = row.text(3)
                }
            }
        }

        // Earlier runs: the messages by their dedup keys (`c<campaign>:<customer>`, read from the index alone) and
        // the held-back rows.
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
        var held = try BulkStatement(db, "SELECT customer_id FROM held_back WHERE campaign = ?")
        held.bind(campaign)
        while try held.step() {
            if let position = audience.positions.position(of: held.int(0)!) { audience.decided[position] = true }
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

/// Runs a query over every row (`#IDS#` becomes true) or over the campaign's ids in chunks (`#IDS#` becomes an
/// indexed `IN` of the chunk).
private struct RowFilter {
    let ids: [Int64]
    let lookUp: Bool

    func each(_ db: Database, _ sql: String, column: String, _ body: (BulkStatement) throws -> Void) throws {
        if !lookUp {
            var statement = try BulkStatement(db, sql.replacingOccurrences(of: "#IDS#", with: "1"))
            defer { statement.reset() }
            while try statement.step() { try body(statement) }
            return
        }
        var statement = try BulkStatement(db, sql.replacingOccurrences(of: "#IDS#", with: "\(column) IN (SELECT value FROM json_each(?))"))
        for start in stride(from: 0, to: ids.count, by: 20_000) {
            let chunk = ids[start..<min(start + 20_000, ids.count)]
            statement.bind("[" + chunk.map(String.init).joined(separator: ",") + "]")
            while try statement.step() { try body(statement) }
            statement.reset()
        }
    }
}
