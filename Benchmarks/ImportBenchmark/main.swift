// Import benchmark: a generated orders CSV into a fresh Regulars store, against the sqlite3 shell's own `.import`
// of the same file into a plain table, in the same run. Run in release:
//     swift run -c release ImportBenchmark [--orders 1000000] [--customers 200000]
import Foundation
import Regulars
import RegularsStore

func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let parsed = Int(arguments[index + 1]) else {
        return value
    }
    return parsed
}

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func grouped(_ value: Int) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.groupingSeparator = ","
    return formatter.string(from: NSNumber(value: value)) ?? String(value)
}

let orders = option("--orders", default: 1_000_000)
let customers = option("--customers", default: orders / 5)
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

let end = ShopCalendar.shanghai.instant(CivilDate(year: 2026, month: 11, day: 20), ClockTime(hour: 0, minute: 0, second: 0))
var paths: [DemoFile: String] = [:]
let generation = try await seconds {
    paths = try DemoFiles.write(DemoShopSpec(customers: customers, orders: orders, seed: 7, end: end), to: folder.path)
}
let csv = paths[.orders]!
let bytes = (try FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
print("generate: \(grouped(orders)) orders, \(grouped(customers)) people, orders.csv \(bytes / 1_048_576) MiB in \(String(format: "%.2f", generation)) s")

// Reference: the sqlite3 shell importing the same CSV into a plain table (no validation, no indexes).
let referenceDB = folder.appendingPathComponent("reference.sqlite").path
let shell = Process()
shell.executableURL = URL(fileURLWithPath: "/usr/bin/env")
shell.arguments = ["sqlite3", referenceDB]
let script = Pipe()
shell.standardInput = script
let referenceTime = try await seconds {
    try shell.run()
    script.fileHandleForWriting.write(Data(".mode csv\n.import '\(csv)' orders_plain\n".utf8))
    try script.fileHandleForWriting.close()
    shell.waitUntilExit()
}
guard shell.terminationStatus == 0 else {
    print("sqlite3 .import failed (is the sqlite3 shell installed?)")
    exit(1)
}
let rows = Int(try Process.countRows(referenceDB))

// Regulars: parsing, validation, identity resolution, indexes, one transaction per 20,000 orders.
let store = try SQLiteStore(path: folder.appendingPathComponent("regulars.sqlite").path)
var report: ImportReport?
let regularsTime = try await seconds {
    report = try await FileImporter.importFile(atPath: csv, options: ImportOptions(kind: .orders), store: store,
                                               now: Instant(Date()))
}
var again: ImportReport?
let reimportTime = try await seconds {
    again = try await FileImporter.importFile(atPath: csv, options: ImportOptions(kind: .orders), store: store,
                                              now: Instant(Date()))
}
guard let report, let again, report.rowsRead == rows, report.counts.inserted == orders, again.counts.duplicate == orders else {
    print("benchmark check failed: \(String(describing: report?.counts)) rows \(rows)")
    exit(1)
}

func rate(_ count: Int, _ time: Double) -> String { grouped(Int(Double(count) / time)) }
print("sqlite3 .import (reference): \(grouped(rows)) rows in \(String(format: "%.2f", referenceTime)) s = \(rate(rows, referenceTime)) rows/s")
print("regulars import orders:      \(grouped(rows)) rows (\(grouped(orders)) orders, \(grouped(report.counts.customersCreated)) customers, \(grouped(report.counts.merges)) merges) in \(String(format: "%.2f", regularsTime)) s = \(rate(rows, regularsTime)) rows/s")
print("regulars re-import (all duplicate): \(String(format: "%.2f", reimportTime)) s = \(rate(rows, reimportTime)) rows/s")
print("ratio regulars / sqlite3 .import: \(String(format: "%.2f", regularsTime / referenceTime))x (target ≤ 3x)")

extension Process {
    /// Rows in the reference table, read through the sqlite3 shell.
    static func countRows(_ database: String) throws -> Int64 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database, "SELECT COUNT(*) FROM orders_plain"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Int64(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}
