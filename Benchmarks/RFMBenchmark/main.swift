// RFM benchmark: `regulars analyze rfm` on a generated orders CSV against DuckDB (SQL over read_csv) and polars (lazy
// scan_csv) computing the same classes from the same file, in the same run. Each engine runs in its own process, its
// wall time and peak resident memory measured; all three must agree on the eight class counts. Run in release:
//     swift run -c release RFMBenchmark [--orders 1000000,10000000] [--customers 2000000] [--runs 3] [--work DIR]
//                                       [--ids rising|scrambled] [--engines regulars,duckdb,polars]
// Order ids rise with time by default, as most platforms number orders (the reader then needs no table of order ids);
// `--ids scrambled` numbers them in no order, for the general path.
// The work folder (default: $TMPDIR/regulars-rfm-bench) keeps the generated files and the Python environment
// (duckdb, polars from PyPI) between runs.
import Foundation

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

let sizes = (option("--orders") ?? "1000000,10000000").split(separator: ",").compactMap { Int($0.replacingOccurrences(of: "_", with: "")) }
let customers = option("--customers").flatMap { Int($0) } ?? 2_000_000
let runs = max(1, option("--runs").flatMap { Int($0) } ?? 3)
let seed = option("--seed").flatMap { UInt64($0) } ?? 7
let asOf = "2026-11-20"
let work = option("--work") ?? FileManager.default.temporaryDirectory.appendingPathComponent("regulars-rfm-bench").path
let engines = (option("--engines") ?? "regulars,duckdb,polars").split(separator: ",").map(String.init)
let scrambledIDs = option("--ids") == "scrambled"
let pins = ["duckdb==2.0.0", "polars==2.1.0"]

let executableFolder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let regulars = executableFolder.appendingPathComponent("regulars").path
let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("reference.py").path

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

func grouped(_ value: Int) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.groupingSeparator = ","
    return formatter.string(from: NSNumber(value: value)) ?? String(value)
}

func fixed(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

/// Runs a program to the end, returning its status and standard output (standard error passes through).
@discardableResult
func run(_ program: String, _ args: [String], quiet: Bool = false) throws -> (status: Int32, stdout: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = args
    let out = Pipe()
    process.standardOutput = out
    if quiet { process.standardError = FileHandle.nullDevice }
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// One engine's run: wall seconds (the engine's own figure for the references, the whole process for Regulars),
/// peak resident MiB of its process, and the JSON it printed.
struct Measurement {
    var seconds: Double
    var peakMiB: Double
    var result: [String: Any]
}

/// Runs `command` under `/usr/bin/time` for the peak resident memory of the process.
func measure(_ command: [String]) throws -> Measurement {
    let timeFile = (work as NSString).appendingPathComponent("time.txt")
    let started = DispatchTime.now().uptimeNanoseconds
    let (status, stdout) = try run("/usr/bin/time", ["-f", "%e %M", "-o", timeFile] + command)
    let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    guard status == 0 else { fail("failed (\(status)): \(command.joined(separator: " "))\n\(stdout)") }
    let timeText = (try? String(contentsOfFile: timeFile, encoding: .utf8)) ?? ""
    let fields = timeText.split(whereSeparator: \.isWhitespace)
    let peakKiB = fields.count >= 2 ? Double(fields[fields.count - 1]) ?? 0 : 0
    guard let json = stdout.range(of: "{").map({ String(stdout[$0.lowerBound...]) }),
          let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
        fail("no JSON from \(command.joined(separator: " ")):\n\(stdout)")
    }
    let seconds = (object["seconds"] as? Double) ?? wall
    return Measurement(seconds: seconds, peakMiB: peakKiB / 1024, result: object)
}

/// The Python environment with the pinned references, created in the work folder on first use.
func pythonEnvironment() throws -> String {
    let venv = (work as NSString).appendingPathComponent("venv")
    let python = (venv as NSString).appendingPathComponent("bin/python")
    let check = ["-c", "import duckdb, polars, sys; sys.exit(0 if (duckdb.__version__, polars.__version__) == ('2.0.0', '2.1.0') else 1)"]
    if FileManager.default.isExecutableFile(atPath: python), (try? run(python, check, quiet: true).status) == 0 { return python }
    print("setting up \(venv): pip install \(pins.joined(separator: " "))")
    guard try run("/usr/bin/env", ["python3", "-m", "venv", venv]).status == 0 else { fail("python3 -m venv failed") }
    guard try run(python, ["-m", "pip", "install", "--quiet"] + pins).status == 0 else { fail("pip install failed") }
    return python
}

try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
let needsPython = engines.contains { $0 != "regulars" }
let python = needsPython ? try pythonEnvironment() : ""
if engines.contains("regulars"), !FileManager.default.isExecutableFile(atPath: regulars) {
    fail("\(regulars) not found: build it first (swift build -c release), it must sit beside this benchmark")
}

print("rfm benchmark: as of \(asOf), best of \(runs) runs; regulars timed as a whole process (start to exit), the "
    + "references from the start of their query (read_csv / scan_csv included) to its result; peak = the process's "
    + "peak resident memory")
let asOfParts = asOf.split(separator: "-").map { Int($0)! }
let asOfDay = OrderFileGenerator.days(year: asOfParts[0], month: asOfParts[1], day: asOfParts[2])
var failed = false
for orders in sizes {
    // 1. The orders file (kept and reused while its parameters are the same).
    let csv = (work as NSString).appendingPathComponent("orders-\(orders)-\(customers)-\(seed)\(scrambledIDs ? "-scrambled" : "").csv")
    let generator = OrderFileGenerator(orders: orders, customers: customers, seed: seed, asOfDay: asOfDay,
                                       scrambledIDs: scrambledIDs)
    var generation = 0.0
    if !FileManager.default.fileExists(atPath: csv) {
        let started = DispatchTime.now().uptimeNanoseconds
        try generator.write(to: csv + ".partial")
        try FileManager.default.moveItem(atPath: csv + ".partial", toPath: csv)
        generation = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }
    let bytes = (try FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
    print("orders file: \(grouped(orders)) orders, \(grouped(customers)) customers, \(bytes / 1_048_576) MiB"
        + (generation > 0 ? ", generated in \(fixed(generation)) s" : " (reused)") + ": \(csv)")

    // 2. Each engine `runs` times in its own process: the best time, the highest peak.
    var results: [String: Measurement] = [:]
    for round in 0..<runs {
        for engine in engines {
            let command = engine == "regulars"
                ? [regulars, "analyze", "rfm", csv, "--as-of", asOf, "--json"]
                : [python, reference, engine, csv, asOf]
            let measurement = try measure(command)
            if round == 0 {
                results[engine] = measurement
            } else {
                results[engine]!.seconds = min(results[engine]!.seconds, measurement.seconds)
                results[engine]!.peakMiB = max(results[engine]!.peakMiB, measurement.peakMiB)
            }
        }
    }

    // 3. Agreement on the eight class counts (and on purchases, buyers and scored customers).
    func figures(_ engine: String) -> [String: Int] {
        let result = results[engine]!.result
        var figures: [String: Int] = [:]
        if let classes = result["classes"] as? [[String: Any]] {
            for line in classes { figures[line["class"] as! String] = line["customers"] as? Int }
        } else if let classes = result["classes"] as? [String: Int] {
            figures.merge(classes) { $1 }
        }
        for key in ["purchases", "buyers", "scored"] { figures[key] = result[key] as? Int }
        if let scores = result["scores"] as? [String: [Int]] {
            for (dimension, counts) in scores { for (k, n) in counts.enumerated() { figures["\(dimension)\(k + 1)"] = n } }
        }
        return figures
    }
    let baseline = engines[0]
    var differences: [String] = []
    for engine in engines.dropFirst() {
        let mine = figures(baseline), theirs = figures(engine)
        for key in Set(mine.keys).union(theirs.keys).sorted() where mine[key] != theirs[key] {
            differences.append("  \(key): \(baseline) \(mine[key].map(String.init) ?? "-"), \(engine) \(theirs[key].map(String.init) ?? "-")")
        }
    }
    let counts = figures(baseline)
    let classSummary = ["important-value", "important-develop", "important-keep", "important-retain", "general-value",
                        "general-develop", "general-keep", "general-retain"].map { "\($0) \(grouped(counts[$0] ?? 0))" }
    if differences.isEmpty {
        print("agree: \(engines.joined(separator: ", ")) on \(grouped(counts["scored"] ?? 0)) scored customers: "
            + classSummary.joined(separator: " · "))
    } else {
        print("DISAGREE (\(engines.joined(separator: ", "))):")
        differences.forEach { print($0) }
        failed = true
    }

    // 4. One line per figure.
    for engine in engines {
        let m = results[engine]!
        print("rfm \(grouped(orders)) orders · \(engine.padding(toLength: 8, withPad: " ", startingAt: 0)): "
            + "\(fixed(m.seconds)) s = \(grouped(Int(Double(orders) / m.seconds))) rows/s, peak \(Int(m.peakMiB.rounded())) MiB")
    }
    if let mine = results["regulars"] {
        for engine in engines where engine != "regulars" {
            let theirs = results[engine]!
            print("rfm \(grouped(orders)) orders · ratio \(engine) / regulars: time \(fixed(theirs.seconds / mine.seconds))x, "
                + "memory \(fixed(theirs.peakMiB / mine.peakMiB))x")
        }
    }
}
if failed { exit(1) }
