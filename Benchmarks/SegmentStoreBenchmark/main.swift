// Segments from the store against the stateless CSV mode, on the RFM benchmark's orders CSV:
//     swift run -c release RFMBenchmark --orders 10000000        (generates the CSV, keeps it in its work folder)
//     swift run -c release SegmentStoreBenchmark --csv /tmp/regulars-rfm-bench/orders-10000000-2000000-7.csv
// 1. `regulars analyze rfm` on the CSV (the reference, same run), 2. the same orders put into a Regulars store with
// the sqlite3 shell (build_store.sql), 3. `regulars segment recompute` twice (the first writes every customer's row
// and history, the second finds nothing changed), 4. the audience query of the issue, loaded once and run 21 times.
import Foundation

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

guard let csv = option("--csv"), FileManager.default.fileExists(atPath: csv) else {
    FileHandle.standardError.write(Data("usage: SegmentStoreBenchmark --csv ORDERS.csv [--db STORE.sqlite] [--as-of 2026-11-20]\n".utf8))
    exit(2)
}
let asOf = option("--as-of") ?? "2026-11-20"
let database = option("--db") ?? (csv as NSString).deletingPathExtension + ".sqlite"
let executableFolder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let regulars = executableFolder.appendingPathComponent("regulars").path
let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("build_store.sql").path

/// Runs a program, returns its standard output and error, the seconds it took and its peak resident memory (MiB).
@discardableResult
func run(_ arguments: [String], input: String? = nil) throws -> (stdout: String, stderr: String, seconds: Double, peakMiB: Double) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    let timeFile = FileManager.default.temporaryDirectory.appendingPathComponent("segment-bench-time.txt").path
    process.arguments = ["-f", "%e %M", "-o", timeFile] + arguments
    let out = Pipe(), err = Pipe(), inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    if input != nil { process.standardInput = inPipe }
    try process.run()
    if let input {
        inPipe.fileHandleForWriting.write(Data(input.utf8))
        try inPipe.fileHandleForWriting.close()
    }
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw NSError(domain: "bench", code: Int(process.terminationStatus),
                      userInfo: [NSLocalizedDescriptionKey: "\(arguments.joined(separator: " ")) failed: \(stderr)"])
    }
    let figures = (try String(contentsOfFile: timeFile, encoding: .utf8)).split(separator: "\n").last!.split(separator: " ")
    return (stdout, stderr, Double(figures[0])!, Double(figures[1])! / 1024)
}

func fixed(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

let csvMode = try run([regulars, "analyze", "rfm", csv, "--as-of", asOf, "--json"])
print("regulars analyze rfm (CSV mode):        \(fixed(csvMode.seconds)) s, peak \(fixed(csvMode.peakMiB, 0)) MiB")

if !FileManager.default.fileExists(atPath: database) {
    try run([regulars, "settings", "--db", database])
    let sql = try String(contentsOfFile: script, encoding: .utf8).replacingOccurrences(of: ":csv", with: csv)
    let built = try run(["/usr/bin/sqlite3", database], input: sql)
    print("store built with the sqlite3 shell:     \(fixed(built.seconds)) s (\(database))")
} else {
    print("store reused: \(database)")
}
let orders = try run(["/usr/bin/sqlite3", database, "SELECT COUNT(*) FROM orders; SELECT COUNT(*) FROM customers;"])
    .stdout.split(separator: "\n")
print("store: \(orders[0]) orders, \(orders[1]) customers")

try run(["/usr/bin/sqlite3", database, "DELETE FROM customer_segments; DELETE FROM segment_history; DELETE FROM segment_state;"])
let first = try run([regulars, "segment", "recompute", "--db", database, "--as-of", asOf, "--json"])
print("segment recompute, first (writes all):  \(fixed(first.seconds)) s, peak \(fixed(first.peakMiB, 0)) MiB")
let second = try run([regulars, "segment", "recompute", "--db", database, "--as-of", asOf, "--json"])
print("segment recompute, again (no changes):  \(fixed(second.seconds)) s, peak \(fixed(second.peakMiB, 0)) MiB")
print("ratio recompute / CSV mode: first \(fixed(first.seconds / csvMode.seconds))x, again \(fixed(second.seconds / csvMode.seconds))x (target ≤ 3x)")

let skus = try run(["/usr/bin/sqlite3", database, "SELECT sku FROM products ORDER BY sku LIMIT 2"]).stdout.split(separator: "\n")
let query = "bought sku:\(skus[0]) within 90d and not bought sku:\(skus[1]) ever and pyramid = 潜力"
let audience = try run([regulars, "audience", "count", query, "--db", database, "--as-of", asOf, "--timing", "--repeat", "21"])
print("audience \"\(query)\": \(audience.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) customers; "
    + audience.stderr.trimmingCharacters(in: .whitespacesAndNewlines) + " (target: median < 100 ms)")
