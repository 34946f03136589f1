import ArgumentParser
import Foundation
import Regulars
import RegularsServer
import RegularsStore

/// `regulars analyze clv orders.csv`: BG/NBD, Gamma-Gamma, CLV and churn risk of the buyers in an orders file,
/// computed in memory (stateless: nothing is written but `--out`).
struct AnalyzeCLV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clv",
        abstract: "Fit BG/NBD and Gamma-Gamma on an orders file and show CLV and churn risk of its buyers, without a database.",
        discussion: """
            The file is read as `analyze rfm` reads it. Purchases on one day are one purchase; spend is the net paid. \
            Settings are the defaults (prediction_* and clv_* keys); the options below change them. When the file has \
            too few buyers or too short a history for a stable fit, says so and shows the holdout check.
            """
    )

    @Argument(help: "The orders file: CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) or .xlsx.")
    var file: String
    @Option(help: "The end of the history, shop time: 2026-11-20 (the end of that day). Default: now.")
    var asOf: String?
    @Option(help: "Hold back the last part of the history to check the fit: 90d, 12w or 0 (none).")
    var holdout: HoldoutLength?
    @Option(help: "Model time unit: days or weeks.") var unit: PredictionSettings.TimeUnit?
    @Option(help: "CLV horizon in days.") var horizonDays: Int?
    @Option(help: "Monthly discount rate for CLV, e.g. 0.01.") var discount: Double?
    @Option(help: "Buyers to list by CLV.") var top = 20
    @Option(help: "Write every buyer's x, tₓ, T, P(alive), expected purchases and spend, CLV and churn risk to this CSV file.")
    var out: String?
    @Option(help: "Mapping file: 'field = header' lines for columns Regulars does not recognise.") var mapping: String?
    @Option(help: "Skip encoding detection: utf8 or gb18030.") var encoding: String?
    @Option(help: "The shop's time zone.") var timezone = "Asia/Shanghai"
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard TimeZone(identifier: timezone) != nil else {
            throw ValidationError("--timezone '\(timezone)' is not an IANA time zone such as Asia/Shanghai")
        }
        if let asOf, AnalyzeRFM.asOfSeconds(asOf, calendar: .shanghai) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a day like 2026-11-20 or a moment like '2026-11-20 18:00:00'")
        }
        if let horizonDays, !(1...3650).contains(horizonDays) { throw ValidationError("--horizon-days must be from 1 to 3650") }
        if let discount, !(0...1).contains(discount) { throw ValidationError("--discount must be a monthly rate from 0 to 1") }
        guard (0...100_000).contains(top) else { throw ValidationError("--top must be from 0 to 100000") }
        if let encoding, ImportCommand.encoding(named: encoding) == nil {
            throw ValidationError("--encoding must be utf8 or gb18030, not '\(encoding)'")
        }
    }

    func run() throws {
        let calendar = ShopCalendar(timeZone: TimeZone(identifier: timezone)!)
        let asOfSeconds = asOf.flatMap { AnalyzeRFM.asOfSeconds($0, calendar: calendar) }
            ?? LocalTime.seconds(currentInstant(), in: calendar)
        var settings = PredictionSettings()
        if let unit { settings.timeUnit = unit }
        if let horizonDays { settings.clvHorizonDays = horizonDays }
        if let discount { settings.clvMonthlyDiscount = discount }
        if let holdout { settings.holdoutDays = holdout.days }
        let read = try PurchaseFileRead.read(path: file, mapping: try AnalyzeRFM.loadMapping(mapping),
                                             encoding: encoding.flatMap(ImportCommand.encoding(named:)), calendar: calendar)
        let purchases = read.result.purchases
        let day = LocalTime.day(asOfSeconds), second = Int(asOfSeconds - day * 86_400)
        let fittedAt = calendar.instant(CivilDate(daysSinceEpoch: day),
                                        ClockTime(hour: second / 3600, minute: second / 60 % 60, second: second % 60))
        let fit = PredictionFit.fit(purchases, asOf: asOfSeconds, fittedAt: fittedAt, settings: settings)
        let holdoutTable = HoldoutComparison(purchases, asOf: asOfSeconds, holdoutDays: settings.holdoutDays, unit: settings.timeUnit)
        let scores = CustomerScoring.score(fit.summary, model: fit.model, customerCount: purchases.customerCount,
                                           settings: settings)
        if let out { try CLVCustomersCSV.write(fit.summary, scores: scores, customers: read.result.customers, to: out) }
        var levels: [ChurnLevel: Int] = [:]
        for level in scores.churnLevel { if let level { levels[level, default: 0] += 1 } }
        let outcome = PredictionRun.Outcome(modelID: nil, model: fit.model, purchaseFit: fit.purchaseFit, spendFit: fit.spendFit,
                                            holdout: holdoutTable, scored: fit.summary.count, churnLevels: levels, applied: true)
        let report = AnalyzeCLVReport(file: file, rows: read.result.rows,
                                      fit: PredictionFitBody(outcome, seconds: 0),
                                      horizonDays: settings.clvHorizonDays,
                                      top: Self.top(scores, customers: read.result.customers, count: fit.model.isReliable ? top : 0))
        if output.json { try printJSON(report); return }
        print(report.text(out: out))
    }

    static func top(_ scores: CustomerPredictionColumns, customers: PurchaseFileReader.CustomerKeys, count: Int) -> [AnalyzeCLVReport.Buyer] {
        let ranked = (0..<scores.count).filter { scores.scored[$0] }.sorted { scores.clv[$0] > scores.clv[$1] }
        return ranked.prefix(count).map { c in
            AnalyzeCLVReport.Buyer(customer: customers[c], pAlive: scores.pAlive[c], expectedPurchases: scores.expectedPurchases[c],
                                   expectedSpend: Money(fen: scores.expectedSpend[c]).decimalString,
                                   clv: Money(fen: scores.clv[c]).decimalString, churnScore: scores.churnScore[c],
                                   churnLevel: scores.churnLevel[c]?.rawValue ?? "")
        }
    }
}

extension PredictionSettings.TimeUnit: ExpressibleByArgument {}

/// What `analyze clv` prints.
struct AnalyzeCLVReport: Encodable {
    struct Buyer: Encodable {
        var customer: String
        var pAlive: Double
        var expectedPurchases: Double
        var expectedSpend: String
        var clv: String
        var churnScore: Double
        var churnLevel: String
    }

    var file: String
    var rows: Int
    var fit: PredictionFitBody
    var horizonDays: Int
    var top: [Buyer]

    func text(out: String?) -> String {
        var lines = ["\(file): \(PredictionText.number(rows)) rows read"]
        let fitLines = fit.text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The store's sentence about stored predictions does not apply to a file.
        lines.append(contentsOf: fitLines.filter { !$0.hasPrefix("Stored predictions") && !$0.hasPrefix("Customers' stored") && !$0.hasSuffix(" s") })
        lines.append("流失风险 Churn risk: " + ChurnLevel.allCases.reversed().map {
            "\($0.label) \($0.rawValue) \(PredictionText.number(fit.churnLevels[$0.rawValue] ?? 0))"
        }.joined(separator: " · "))
        if !top.isEmpty {
            lines.append("")
            lines.append("客户价值 Top buyers by CLV over the next \(horizonDays) days")
            lines.append(TextColumns.pad("  buyer", 24) + TextColumns.pad("P(alive)", 10) + TextColumns.pad("purchases", 11)
                + TextColumns.pad("spend", 10) + TextColumns.pad("CLV", 12) + "churn")
            for buyer in top {
                lines.append("  " + TextColumns.pad(buyer.customer, 22) + TextColumns.pad(String(format: "%.3f", buyer.pAlive), 10)
                    + TextColumns.pad(String(format: "%.2f", buyer.expectedPurchases), 11) + TextColumns.pad(buyer.expectedSpend, 10)
                    + TextColumns.pad(buyer.clv, 12) + buyer.churnLevel)
            }
        } else if !fit.reliable {
            lines.append("No CLV list: the fit is not reliable enough to rank buyers by it (see the warnings and the holdout check).")
        }
        if let out { lines.append("Buyers written to \(out)") }
        return lines.joined(separator: "\n")
    }
}

/// `--out`: one row per buyer, UTF-8 with BOM so that Excel opens it as such.
enum CLVCustomersCSV {
    static func write(_ summary: RepeatPurchaseSummary, scores: CustomerPredictionColumns,
                      customers: PurchaseFileReader.CustomerKeys, to path: String) throws {
        var text = "\u{FEFF}customer_id,frequency,recency,age,p_alive,expected_purchases,expected_spend,clv,churn_score,churn_level\n"
        for k in 0..<summary.count {
            let c = Int(summary.customer[k])
            var field: [UInt8] = []
            customers.withBytes(c) { RFMCustomersCSV.appendField($0, to: &field) }
            text += String(decoding: field, as: UTF8.self)
            text += String(format: ",%.0f,%g,%g,%.6f,%.4f,", summary.frequency[k], summary.recency[k], summary.age[k],
                           scores.pAlive[c], scores.expectedPurchases[c])
            text += Money(fen: scores.expectedSpend[c]).decimalString + "," + Money(fen: scores.clv[c]).decimalString
            text += String(format: ",%.4f,", scores.churnScore[c]) + (scores.churnLevel[c]?.rawValue ?? "") + "\n"
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw CommandFailure("\(path): cannot write the file")
        }
    }
}
