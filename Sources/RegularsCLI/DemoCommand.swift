import ArgumentParser
import Foundation
import Regulars
import RegularsStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a realistic demo shop, import it, and show the overview a shop owner sees first.",
        discussion: """
            Without --out, writes the demo files to a temporary folder and imports them into the database (created, or
            reused: running the demo twice imports nothing new). With --out, only writes customers.csv, orders.csv and
            events.csv there (any size up to 10,000,000 orders, for benchmarks).
            """
    )

    @Option(help: "Number of people.") var customers = 3_000
    @Option(help: "Number of orders.") var orders = 12_000
    @Option(help: "Random seed: the same seed gives the same shop.") var seed: UInt64 = 42
    @Option(help: "The demo's today (YYYY-MM-DD, shop time); the history covers the two years before it.")
    var asOf = "2026-11-20"
    @Option(help: "Only write the CSV files into this folder.") var out: String?

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...5_000_000).contains(customers) else { throw ValidationError("--customers must be between 1 and 5,000,000") }
        guard (1...10_000_000).contains(orders) else { throw ValidationError("--orders must be between 1 and 10,000,000") }
        guard CivilDateParser.parse(asOf) != nil else { throw ValidationError("--as-of '\(asOf)' is not a date like 2026-11-20") }
    }

    func run() async throws {
        let database = out == nil ? try store.open() : nil
        let settings = try await database?.loadSettings() ?? ShopSettings()
        let calendar = settings.calendar
        let end = calendar.instant(CivilDateParser.parse(asOf)!, ClockTime(hour: 0, minute: 0, second: 0))
        let spec = DemoShopSpec(customers: customers, orders: orders, seed: seed, end: end, calendar: calendar)

        if let out {
            let paths = try DemoFiles.write(spec, to: out)
            for file in DemoFile.allCases {
                let size = (try? FileManager.default.attributesOfItem(atPath: paths[file]!)[.size] as? Int) ?? 0
                print("\(paths[file]!)  \(size / 1024) KiB")
            }
            return
        }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let paths = try DemoFiles.write(spec, to: folder)
        var reports: [ImportReport] = []
        for (file, kind) in [(DemoFile.customers, ImportKind.customers), (.orders, .orders), (.events, .events)] {
            var report = try await FileImporter.importFile(atPath: paths[file]!, options: ImportOptions(kind: kind),
                                                           store: database!, now: currentInstant())
            report.file = file.fileName
            reports.append(report)
        }
        let overview = try await database!.shopOverview()
        // Segments as of the demo's today, so the same seed always shows the same pyramid.
        _ = try await SegmentRecompute.full(database!, settings: settings, now: end)
        let segments = try await database!.storedSegmentSummary(calendar: calendar, windowDays: settings.segmentation.rfmWindowDays)
        let promotions = try await DemoPromotionRun.run(store: database!, settings: settings, end: end)
        let automation = try await DemoAutomationRun.run(store: database!, settings: settings, end: end,
                                                         outboxFile: store.path + ".demo-messages.jsonl")
        let prediction = try await DemoPredictionRun.run(store: database!, settings: settings, end: end)
        if output.json {
            try printJSON(DemoResult(database: store.path, asOf: asOf, imports: reports, overview: overview, segments: segments,
                                     promotions: promotions, automation: automation, prediction: prediction))
            return
        }
        print("回头客 Regulars · demo shop (seed \(seed)) as of \(asOf) · database \(store.path)")
        print("")
        for report in reports {
            print("导入 \(report.file.padding(toLength: 14, withPad: " ", startingAt: 0)) \(report.rowsRead) rows → "
                + "\(report.counts.inserted) new, \(report.counts.updated) updated, \(report.counts.duplicate) unchanged, "
                + "\(report.rejections.count) rejected")
        }
        print("")
        print(OverviewText.render(overview, calendar: calendar))
        if let segments {
            print("")
            print(SegmentText.render(segments))
        }
        print("")
        print(DemoPromotionRun.render(promotions))
        print("")
        print(DemoAutomationRun.render(automation))
        print("")
        print(DemoPredictionRun.render(prediction))
        print("")
        print("Next: regulars segment show · regulars audience count \"pyramid = 潜力 and bought anything within 90d\" · regulars tag rule 价格敏感 \"coupon_share > 0.5\" · regulars promo list · regulars price CART.json --customer ID · regulars journey list · regulars message list · regulars predict customers --by churn · regulars audience count \"churn_risk = high and clv > 100\"")
    }

    struct DemoResult: Encodable {
        var database: String
        var asOf: String
        var imports: [ImportReport]
        var overview: ShopOverview
        var segments: SegmentSummary?
        var promotions: DemoPromotionRun.Result
        var automation: DemoAutomationRun.Result
        var prediction: DemoPredictionRun.Result
    }
}

/// The shop overview as text: what an owner wants to know first.
enum OverviewText {
    static func render(_ overview: ShopOverview, calendar: ShopCalendar) -> String {
        func number(_ value: Int) -> String {
            let formatter = NumberFormatter()
            formatter.numberStyle = .decimal
            formatter.groupingSeparator = ","
            return formatter.string(from: NSNumber(value: value)) ?? String(value)
        }
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        func column(_ text: String, _ width: Int) -> String {
            // Chinese characters take two columns in a terminal; a text too wide for its column is cut with "…".
            func cells(_ character: Character) -> Int { character.unicodeScalars.first!.value > 0x2E80 ? 2 : 1 }
            var shown = text
            if text.reduce(0, { $0 + cells($1) }) > width - 1 {
                shown = ""
                var used = 0
                for character in text {
                    if used + cells(character) > width - 2 { break }
                    shown.append(character)
                    used += cells(character)
                }
                shown += "…"
            }
            return shown + String(repeating: " ", count: max(1, width - shown.reduce(0, { $0 + cells($1) })))
        }

        var lines: [String] = []
        let status = overview.ordersByStatus
        lines.append(column("客户 Customers", 24) + number(overview.customers)
            + "  (buyers \(number(overview.buyers)) · 跨渠道 on several channels \(number(overview.multiChannelCustomers))"
            + " · merged \(number(overview.merges)) · shared numbers ignored \(overview.sharedIdentifiers))")
        lines.append(column("订单 Orders", 24) + number(status.values.reduce(0, +))
            + "  (paid \(number(overview.purchases))"
            + (status[.partiallyRefunded, default: 0] > 0 ? ", of them partly refunded \(number(status[.partiallyRefunded, default: 0]))" : "")
            + " · refunded \(number(status[.refunded, default: 0]))"
            + " · cancelled \(number(status[.cancelled, default: 0])) · pending \(number(status[.pending, default: 0]))"
            + " · presale 预售 \(number(overview.presaleOrders)))")
        lines.append(column("成交 Net sales", 24) + "\(overview.net)  · 客单价 AOV \(overview.averageOrderValue) · refunds \(overview.refunded)")
        let distribution = overview.orderCountDistribution
        lines.append(column("复购率 Repurchase rate", 24) + percent(overview.repurchaseRate)
            + "  (buyers by paid orders: 1× \(number(distribution[0])) · 2× \(number(distribution[1])) · 3× \(number(distribution[2]))"
            + " · 4× \(number(distribution[3])) · 5+× \(number(distribution[4])))")
        if overview.anonymousOrders > 0 {
            lines.append(column("无买家 No buyer id", 24) + number(overview.anonymousOrders)
                + " orders (their file named no buyer: counted in sales, not in customers)")
        }
        if let first = overview.firstOrderAt, let last = overview.lastOrderAt {
            lines.append(column("时间 Period", 24) + "\(calendar.format(first)) … \(calendar.format(last))")
        }
        lines.append("")
        lines.append(column("渠道 Channel", 14) + column("orders", 10) + column("net", 18) + "buyers")
        for channel in overview.channels {
            lines.append("  " + column(channel.channel.rawValue, 12) + column(number(channel.orders), 10)
                + column(channel.net.description, 18) + number(channel.buyers))
        }
        if !overview.topProducts.isEmpty {
            lines.append("")
            lines.append(column("热销商品 Top products", 30) + column("units", 9) + column("net", 16) + "复购率 repurchase")
        }
        for product in overview.topProducts {
            lines.append("  " + column(product.name ?? product.sku, 28) + column(number(product.units), 9)
                + column(product.net.description, 16) + percent(product.repurchaseRate))
        }
        if !overview.eventsByType.isEmpty {
            lines.append("")
            lines.append("行为 Events: " + EventType.allCases.compactMap { type in
                overview.eventsByType[type].map { "\(type.label) \(type.rawValue) \(number($0))" }
            }.joined(separator: " · "))
        }
        if let showcase = overview.showcaseCustomer {
            lines.append("")
            lines.append("Next: regulars customer show \(showcase)   (a customer joined across channels)")
            lines.append("      regulars customer search 王 · regulars import orders <file> · regulars --help")
        }
        return lines.joined(separator: "\n")
    }
}
