// Import benchmark: a generated orders CSV into a fresh Regulars store, against the sqlite3 shell's own `.import`
// of the same file into a plain table, in the same run; then the first --xlsx-rows rows of the same file as CSV and
// as an .xlsx workbook, each into a fresh store. Run in release:
//     swift run -c release ImportBenchmark [--orders 1000000] [--customers 200000] [--xlsx-rows 200000]
import Foundation
import Regulars
import RegularsSpreadsheet
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

// CSV against .xlsx: the same rows, so the difference is the workbook's unzipping and XML.
let xlsxRows = option("--xlsx-rows", default: 200_000)
if xlsxRows > 0 {
    let all = [UInt8](try Data(contentsOf: URL(fileURLWithPath: csv)))
    let head = Array(all[..<CSVScanner.offset(afterLine: xlsxRows + 1, in: all)])
    var writer = XLSXWriter(sheetName: "订单")
    CSVScanner.forEachRow(in: head, delimiter: UInt8(ascii: ",")) { row in
        writer.append((0..<row.count).map { index in row.rawString(index).map { $0.isEmpty ? .empty : .text($0) } ?? .empty })
        return true
    }
    let workbook = try writer.data()
    let headCSV = folder.appendingPathComponent("head.csv").path
    let headXLSX = folder.appendingPathComponent("head.xlsx").path
    try Data(head).write(to: URL(fileURLWithPath: headCSV))
    try Data(workbook).write(to: URL(fileURLWithPath: headXLSX))
    var converted = 0
    let conversionTime = try await seconds { converted = try XLSXReader.csvBytes(of: workbook).csv.count }
    var results: [(name: String, time: Double, report: ImportReport?)] = []
    for (name, path) in [("csv", headCSV), ("xlsx", headXLSX)] {
        let fresh = try SQLiteStore(path: folder.appendingPathComponent("head-\(name).sqlite").path)
        var headReport: ImportReport?
        let time = try await seconds {
            headReport = try await FileImporter.importFile(atPath: path, options: ImportOptions(kind: .orders), store: fresh,
                                                           now: Instant(Date()))
        }
        results.append((name, time, headReport))
    }
    let headRows = results[0].report?.rowsRead ?? 0
    guard results.allSatisfy({ $0.report?.rowsRead == headRows && $0.report?.counts == results[0].report?.counts }) else {
        print("benchmark check failed: CSV and .xlsx imports differ")
        exit(1)
    }
    print("first \(grouped(headRows)) rows: orders.csv \(head.count / 1_048_576) MiB, orders.xlsx \(workbook.count / 1_048_576) MiB (sheet as CSV \(converted / 1_048_576) MiB)")
    print(".xlsx → CSV text alone:      \(String(format: "%.2f", conversionTime)) s = \(rate(headRows, conversionTime)) rows/s")
    for result in results {
        print("regulars import orders \(result.name.padding(toLength: 5, withPad: " ", startingAt: 0)): \(grouped(headRows)) rows in \(String(format: "%.2f", result.time)) s = \(rate(headRows, result.time)) rows/s")
    }
    print("ratio .xlsx / CSV: \(String(format: "%.2f", results[1].time / results[0].time))x")
}

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
