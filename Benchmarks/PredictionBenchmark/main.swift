// Prediction benchmark: BG/NBD and Gamma-Gamma fitted by Regulars and by the Python `lifetimes` package on the same
// per-customer summary (the target: parameters equal to 3 significant digits, log-likelihoods within 0.01,
// Regulars at least 20× faster), and the Regulars fit time for 2 million customers. `run.sh` drives the three steps:
//     PredictionBenchmark simulate --customers 100000 --out summary.csv [--seed 2024]
//     PredictionBenchmark compare --summary summary.csv --reference lifetimes.json
//     PredictionBenchmark scale --customers 2000000 [--seed 2024]
// Fits are timed around the fit call only, the fastest of 3 runs, as `lifetimes_fit.py` times the Python fits.
import Foundation
import Regulars

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("PredictionBenchmark: \(message)\n".utf8))
    exit(2)
}
let usage = """
    usage: PredictionBenchmark simulate --customers N --out summary.csv [--seed S]
           PredictionBenchmark compare --summary summary.csv --reference lifetimes.json
           PredictionBenchmark scale [--customers N] [--seed S]
    """
let seed: UInt64 = {
    guard let text = option("--seed") else { return 2024 }
    guard let value = UInt64(text) else { fail("--seed must be a whole number") }
    return value
}()
func customers(default value: Int) -> Int {
    guard let text = option("--customers") else { return value }
    guard let n = Int(text.replacingOccurrences(of: "_", with: "")), n > 0 else { fail("--customers must be a positive whole number") }
    return n
}

switch arguments.dropFirst().first {
case "simulate":
    guard let out = option("--out") else { fail(usage) }
    let summary = ShopSimulation.summary(customers: customers(default: 100_000), seed: seed)
    do { try SummaryTable(summary).write(to: out) } catch { fail("cannot write \(out): \(error)") }
    let repeatCount = summary.frequency.filter { $0 > 0 }.count
    print("simulated \(Format.grouped(summary.count)) customers (\(Format.grouped(repeatCount)) came back) into \(out)")
case "compare":
    guard let summaryPath = option("--summary"), let referencePath = option("--reference") else { fail(usage) }
    let table: SummaryTable, reference: LifetimesReference
    do { table = try SummaryTable.read(from: summaryPath) } catch { fail("\(error)") }
    do { reference = try LifetimesReference.read(from: referencePath) } catch { fail("\(referencePath): \(error)") }
    var comparison = Comparison(table: table, reference: reference)
    exit(comparison.run() ? 0 : 1)
case "scale":
    Scale(customers: customers(default: 2_000_000), seed: seed).run()
default:
    fail(usage)
}
