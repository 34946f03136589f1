import Foundation
import Regulars

/// The per-customer summary both sides fit, as plain columns: `frequency,recency,T,monetary_value` (days, yuan; the
/// mean spend of the repeat purchases, 0 when there are none). This is the file handed to `lifetimes_fit.py`.
struct SummaryTable {
    var frequency: [Double] = []
    var recency: [Double] = []
    var age: [Double] = []
    var monetaryValue: [Double] = []

    var count: Int { frequency.count }

    init() {}

    init(_ summary: RepeatPurchaseSummary) {
        frequency = summary.frequency
        recency = summary.recency
        age = summary.age
        monetaryValue = summary.averageSpend
    }

    var summary: RepeatPurchaseSummary {
        RepeatPurchaseSummary(frequency: frequency, recency: recency, age: age, averageSpend: monetaryValue)
    }

    static let header = "frequency,recency,T,monetary_value"

    enum ReadError: Error, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case badHeader(path: String, found: String)
        case badRow(path: String, line: Int, text: String)

        var description: String {
            switch self {
            case let .unreadable(path, reason): return "\(path): cannot read (\(reason))"
            case let .badHeader(path, found): return "\(path): header is \"\(found)\", expected \"\(SummaryTable.header)\""
            case let .badRow(path, line, text): return "\(path) line \(line): expected 4 numbers, found \"\(text)\""
            }
        }
    }

    /// Times are written with 6 decimals so both sides read exactly the same numbers back.
    func write(to path: String) throws {
        var text = SummaryTable.header + "\n"
        text.reserveCapacity(count * 40)
        for i in 0..<count {
            text += "\(Int(frequency[i])),\(Self.fixed(recency[i])),\(Self.fixed(age[i])),\(Self.fixed(monetaryValue[i]))\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func read(from path: String) throws -> SummaryTable {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ReadError.unreadable(path: path, reason: error.localizedDescription)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        let header = lines.next().map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        guard header == SummaryTable.header else { throw ReadError.badHeader(path: path, found: header) }
        var table = SummaryTable()
        var lineNumber = 1
        while let line = lines.next() {
            lineNumber += 1
            let fields = line.split(separator: ",")
            guard fields.count == 4, let x = Double(fields[0]), let tx = Double(fields[1]), let t = Double(fields[2]),
                  let m = Double(fields[3].trimmingCharacters(in: .whitespaces)) else {
                throw ReadError.badRow(path: path, line: lineNumber, text: String(line))
            }
            table.frequency.append(x)
            table.recency.append(tx)
            table.age.append(t)
            table.monetaryValue.append(m)
        }
        return table
    }

    private static func fixed(_ value: Double) -> String { String(format: "%.6f", value) }
}
