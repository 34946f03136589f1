import Foundation

/// Runs `body` `runs` times (once more only while a run stays under `slowSeconds`) and keeps the fastest run, the way
/// `lifetimes_fit.py` times the Python fits.
func fastest<Result>(runs: Int = 3, slowSeconds: Double = 20, _ body: () throws -> Result) rethrows -> (Result, Double) {
    var best: (Result, Double)?
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if best == nil || seconds < best!.1 { best = (result, seconds) }
        if seconds > slowSeconds { break }
    }
    return best!
}

/// True when `value` is within half a unit of the third significant digit of `reference`.
func agreesToThreeSignificantDigits(_ value: Double, _ reference: Double) -> Bool {
    guard value.isFinite, reference.isFinite else { return false }
    guard reference != 0 else { return value == 0 }
    let unit = pow(10, (log10(abs(reference))).rounded(.down) - 2)
    return abs(value - reference) <= unit / 2
}

enum Format {
    static func significant(_ value: Double, _ digits: Int = 6) -> String { String(format: "%.\(digits)g", value) }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// Seconds with two or three significant digits: 0.012 s, 0.35 s, 1.9 s, 12 s.
    static func seconds(_ value: Double) -> String {
        if value >= 10 { return String(format: "%.0f s", value) }
        if value >= 1 { return String(format: "%.1f s", value) }
        if value >= 0.1 { return String(format: "%.2f s", value) }
        if value >= 0.01 { return String(format: "%.3f s", value) }
        return String(format: "%.4f s", value)
    }

    static func ratio(_ value: Double) -> String {
        value >= 10 ? String(format: "%.0f×", value) : String(format: "%.1f×", value)
    }

    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
