// Campaign benchmark (issue 7): plan and render one campaign of N personalised SMS (default 1,000,000) through the
// contact policy into the outbox, against the floor — the same number of plain inserts into `messages` without
// planning or rendering — in the same run. Run in release:
//     swift run -c release CampaignBenchmark [N] [--store PATH] [--no-floor]
// The fixture store (N customers imported with a name and a phone; every 50th without a phone, 1 in 100 opted out,
// one customer in 5 with an SMS three days ago and one in 25 with a second yesterday) is built once and cached at
// PATH (default: $CAMPAIGN_BENCH_STORE or the temporary folder); each measurement runs on a fresh copy of it.
import Foundation
import GRDB
import GRDBSQLite
import Regulars
import RegularsStore

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func grouped(_ value: Int) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.groupingSeparator = ","
    return formatter.string(from: NSNumber(value: value)) ?? String(value)
}

func elapsed(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

/// CPU seconds of this process so far (the machine may be shared: wall time alone can mislead).
func processorSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

let positional = CommandLine.arguments.dropFirst().first { Int($0) != nil }
let customers = option("--customers").flatMap(Int.init) ?? positional.flatMap(Int.init) ?? 1_000_000
let cachePath = option("--store") ?? ProcessInfo.processInfo.environment["CAMPAIGN_BENCH_STORE"].flatMap { $0.isEmpty ? nil : $0 }
    ?? FileManager.default.temporaryDirectory.appendingPathComponent("regulars-campaign-bench-\(customers).sqlite").path
/// 2024-11-20 12:00 in Shanghai: outside quiet hours.
let now = Instant(secondsSinceEpoch: 1_732_075_200)
let settings = AutomationSettings()
let spec = SendSpec(channels: [.sms], variants: [
    MessageVariant(name: "A", body: "{{name}}您好！双11老客专享券{{coupon_code}}，满299减50，今晚24点截止，戳 {{short_link}}"),
    MessageVariant(name: "B", body: "{{name}}，您的双11回馈礼已到账：券码{{coupon_code}}（满299减50），{{short_link}} 立即使用"),
])
let campaign = CampaignPlan(id: "double-11", name: "双11老客召回", spec: spec, couponCode: "D11VIP")

// MARK: The fixture

func name(_ index: Int) -> String {
    let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
    let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华")
    return String(surnames[index % surnames.count]) + String(given[(index / 7) % given.count])
        + (index % 3 == 0 ? "" : String(given[(index / 131) % given.count]))
}

func buildFixture(at path: String) async throws {
    let started = DispatchTime.now().uptimeNanoseconds
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    let store = try SQLiteStore(path: path)
    // Through the importer, so customers, identities and their links are exactly what a real import makes.
    for start in stride(from: 1, through: customers, by: 200_000) {
        var csv = "customer_id,channel,name,phone\n"
        for index in start...min(start + 199_999, customers) {
            let phone = index % 50 == 0 ? "" : "1\(30 + index % 60)\(String(format: "%08d", index))"
            csv += "u\(index),miniapp,\(index % 20 == 0 ? "" : name(index)),\(phone)\n"
        }
        _ = try await FileImporter.importBytes(Array(csv.utf8), file: "customers-\(start).csv",
                                               options: ImportOptions(kind: .customers), store: store, now: now - 86_400 * 30)
    }
    let ids = try customerIDs(in: store)
    // Recent touches, written the way real ones are: earlier campaigns.
    let warm = SendSpec(channels: [.sms], variants: [MessageVariant(body: "{{name}}，秋季上新 {{short_link}}")])
    _ = try await store.planCampaign(CampaignPlan(id: "autumn", name: "秋季上新", spec: warm),
                                     customers: stride(from: 0, to: ids.count, by: 5).map { ids[$0] }, settings: settings,
                                     calendar: .shanghai, channels: [.sms], now: now - 3 * 86_400)
    _ = try await store.planCampaign(CampaignPlan(id: "preheat", name: "双11预热", spec: warm),
                                     customers: stride(from: 0, to: ids.count, by: 25).map { ids[$0] }, settings: settings,
                                     calendar: .shanghai, channels: [.sms], now: now - 86_400)
    let queue = try DatabaseQueue(path: path)
    try await queue.write { db in
        let optOut = try db.makeStatement(sql: """
            INSERT INTO contact_preferences(customer_id, channel, state, source, at) VALUES (?, ?, 'opted_out', 'sms_reply', ?)
            """)
        for index in stride(from: 7, to: ids.count, by: 100) {
            try optOut.execute(arguments: [ids[index], index % 200 == 7 ? "all" : "sms", now.secondsSinceEpoch - 86_400 * 10])
        }
    }
    try await queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    print("fixture: \(grouped(customers)) customers built in \(String(format: "%.1f", elapsed(since: started))) s, cached at \(path)")
}

func customerIDs(in store: SQLiteStore) throws -> [Int64] {
    guard let first = try store.scalar("SELECT MIN(id) FROM customers"), let last = try store.scalar("SELECT MAX(id) FROM customers"),
          last - first + 1 == Int64(customers) else {
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "the fixture's ids are not consecutive"])
    }
    return Array(first...last)
}

/// A fresh copy of the cached fixture to measure on.
func workCopy(_ label: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-campaign-\(label)-\(UUID().uuidString).sqlite").path
    try FileManager.default.copyItem(atPath: cachePath, toPath: path)
    return path
}

func remove(_ path: String) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

if !FileManager.default.fileExists(atPath: cachePath) || FileManager.default.fileExists(atPath: cachePath + "-wal") {
    try await buildFixture(at: cachePath)
} else {
    print("fixture: \(grouped(customers)) customers, cached at \(cachePath)")
}

// MARK: The campaign

let campaignPath = try workCopy("plan")
let store = try SQLiteStore(path: campaignPath)
let audience = try customerIDs(in: store)
let started = DispatchTime.now().uptimeNanoseconds
let startedCPU = processorSeconds()
let report = try await store.planCampaign(campaign, customers: audience, settings: settings, calendar: .shanghai,
                                          channels: [.sms], now: now)
let campaignSeconds = elapsed(since: started)
let campaignCPU = processorSeconds() - startedCPU
let held = report.heldBack.sorted { $0.value > $1.value }.map { "\($0.key.rawValue) \(grouped($0.value))" }.joined(separator: ", ")
let rate = Double(report.customers) / campaignSeconds
print("campaign: \(grouped(report.customers)) customers → \(grouped(report.queued)) queued, \(grouped(report.heldBackTotal)) held back (\(held)) in \(String(format: "%.2f", campaignSeconds)) s (cpu \(String(format: "%.2f", campaignCPU)) s) · \(grouped(Int(rate))) messages/s (target 100,000)")
print("variants: " + report.byVariant.sorted { $0.key < $1.key }.map { "\($0.key) \(grouped($0.value))" }.joined(separator: ", ")
      + " · sample: " + (try store.text("SELECT body FROM messages WHERE campaign = 'double-11' ORDER BY id LIMIT 1") ?? "none"))
let rerunStart = DispatchTime.now().uptimeNanoseconds
let rerun = try await store.planCampaign(campaign, customers: audience, settings: settings, calendar: .shanghai, channels: [.sms], now: now + 60)
print("re-run: \(grouped(rerun.queued)) queued, \(grouped(rerun.alreadyPlanned)) already planned in \(String(format: "%.2f", elapsed(since: rerunStart))) s")

if CommandLine.arguments.contains("--no-floor") {
    remove(campaignPath)
    exit(rate < 100_000 ? 1 : 0)
}

// MARK: The floor: the same number of rows into `messages`, values made beforehand, no policy and no rendering

let sampleBody = try store.text("SELECT body FROM messages WHERE campaign = 'double-11' ORDER BY id LIMIT 1") ?? ""
let sampleToken = try store.text("SELECT token FROM messages WHERE campaign = 'double-11' ORDER BY id LIMIT 1") ?? ""
let alphabet = Array("0123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ")

/// Inserts as many messages as the campaign queued into a fresh copy of the fixture (removed once its connection is
/// closed), 50,000 a transaction, `perStatement` rows to an INSERT; tokens wholly random, or (`sharedFirst`) with one
/// first character per transaction as the campaign draws them. Returns the rows inserted (whole statements only) and
/// the seconds and CPU seconds of the inserts alone.
func floorRun(perStatement: Int, sharedFirst: Bool) throws -> (rows: Int, seconds: Double, cpu: Double) {
    let path = try workCopy("floor")
    defer { remove(path) }
    return try insert(into: path, perStatement: perStatement, sharedFirst: sharedFirst)
}

func insert(into path: String, perStatement: Int, sharedFirst: Bool) throws -> (rows: Int, seconds: Double, cpu: Double) {
    let rows = report.queued
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    var configuration = Configuration()
    configuration.prepareDatabase { db in
        try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -1048576")
    }
    let queue = try DatabaseQueue(path: path, configuration: configuration)
    let row = "(?, 'floor', 'sms', ?, NULL, ?, 'A', 1, NULL, ?, ?, 'queued', ?, ?)"
    let sql = """
        INSERT INTO messages(customer_id, campaign, channel, recipient, subject, body, variant, marketing, link, token,
            dedup_key, status, next_attempt_at, created_at)
        VALUES \(Array(repeating: row, count: perStatement).joined(separator: ", "))
        """
    var generator = SystemRandomNumberGenerator()
    func character() -> Character { alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] }
    var seconds = 0.0, cpu = 0.0, inserted = 0
    for start in stride(from: 0, to: rows, by: 50_000) {
        let count = min(50_000, rows - start) / perStatement * perStatement
        let first = character()
        let tokens = (0..<count).map { _ in String((sharedFirst ? [first] : [character()]) + (1..<12).map { _ in character() }) }
        let bodies = tokens.map { sampleBody.replacingOccurrences(of: sampleToken, with: $0) }
        let keys = (0..<count).map { "cfloor:\(audience[(start + $0) % audience.count])" }
        let batchStart = DispatchTime.now().uptimeNanoseconds
        let batchCPU = processorSeconds()
        try queue.write { db in
            let statement = try db.cachedStatement(sql: sql).sqliteStatement
            for first in stride(from: 0, to: count, by: perStatement) {
                for offset in 0..<perStatement {
                    let index = first + offset, base = Int32(offset * 7)
                    sqlite3_bind_int64(statement, base + 1, audience[(start + index) % audience.count])
                    _ = "13800138000".withCString { sqlite3_bind_text(statement, base + 2, $0, -1, transient) }
                    _ = bodies[index].withCString { sqlite3_bind_text(statement, base + 3, $0, -1, transient) }
                    _ = tokens[index].withCString { sqlite3_bind_text(statement, base + 4, $0, -1, transient) }
                    _ = keys[index].withCString { sqlite3_bind_text(statement, base + 5, $0, -1, transient) }
                    sqlite3_bind_int64(statement, base + 6, now.secondsSinceEpoch)
                    sqlite3_bind_int64(statement, base + 7, now.secondsSinceEpoch)
                }
                let code = sqlite3_step(statement)
                sqlite3_reset(statement)
                guard code == SQLITE_DONE else { throw DatabaseError(message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
            }
        }
        seconds += elapsed(since: batchStart)
        cpu += processorSeconds() - batchCPU
        inserted += count
    }
    return (inserted, seconds, cpu)
}

for (label, perStatement, sharedFirst) in [("one row an INSERT, random tokens", 1, false),
                                           ("64 rows an INSERT, tokens as the campaign draws them", 64, true)] {
    let (rows, seconds, cpu) = try floorRun(perStatement: perStatement, sharedFirst: sharedFirst)
    let floorRate = Double(rows) / seconds
    print("floor (\(label)): \(grouped(rows)) plain inserts into messages, 50,000 a transaction, in \(String(format: "%.2f", seconds)) s (cpu \(String(format: "%.2f", cpu)) s) · \(grouped(Int(floorRate))) rows/s · the campaign writes at \(String(format: "%.0f", 100 * Double(report.queued) / campaignSeconds / floorRate))% of this rate")
}
remove(campaignPath)
if rate < 100_000 { exit(1) }
