import ArgumentParser
import Foundation
import Regulars
import RegularsServer
import RegularsStore

extension PredictCommand {
    /// `regulars predict next <customer>`: when the customer is due to buy each product again (PRED-3).
    struct Next: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "When a customer is due to buy each of their products again: their own cycle, else the product's, else the category's.",
            discussion: "A product's cycle is the median days between purchases of it by the same customer (at least repurchase_min_intervals of them).")
        @Argument(help: "A customer id, phone or account.") var customer: String
        @Flag(help: "Also list lapsed products: overdue by more than two cycles (most likely given up).") var all = false
        @OptionGroup var asOf: AsOfOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            let calendar = settings.calendar
            let now = asOf.instant(calendar)
            let id = try await CustomerLookup.id(customer, in: store)
            let columns = try await store.loadShopColumns(calendar: calendar, detail: true)
            guard let index = columns.index(ofCustomer: id) else {
                throw CommandFailure("customer \(id) has no purchases to predict from")
            }
            let cycles = RepurchaseCycles(columns: columns, asOfLocalSeconds: calendar.localSeconds(now),
                                          minimumIntervals: settings.prediction.minimumCycleIntervals)
            var items = NextPurchase.items(for: Int32(index), columns: columns, cycles: cycles)
            let lapsed = items.filter(\.isLapsed).count
            if !all { items.removeAll(where: \.isLapsed) }
            let report = NextPurchasesBody(customerID: id, asOfDay: cycles.asOfDay, items: items, columns: columns,
                                           prediction: try await store.prediction(of: id))
            if output.json { try printJSON(report); return }
            print(report.text(lapsedHidden: all ? 0 : lapsed))
        }
    }

    /// `regulars predict demand --sku S --days 30 --audience A`: units an audience is expected to buy (PRED-4).
    struct Demand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Units of a product an audience is expected to buy in the next days, to stock before their campaign.",
            discussion: """
                Each customer's expected purchases over the period (BG/NBD, from the last `regulars predict fit`) times \
                the units of the product they bought per purchase so far, added up over the audience.
                Example: regulars predict demand --sku SKU-101 --days 30 --audience "pyramid = 王者"
                """)
        @Option(help: "The product's SKU.") var sku: String?
        @Option(help: "A category instead of one SKU.") var category: String?
        @Option(help: "Days ahead.") var days = 30
        @Option(help: "A saved audience's name, or a query in the audience language. Default: every customer.")
        var audience: String?
        @Option(help: "Customers to list among the largest contributors.") var top = 10
        @OptionGroup var asOf: AsOfOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (sku == nil) != (category == nil) else { throw ValidationError("give one of --sku or --category") }
            guard (1...3650).contains(days) else { throw ValidationError("--days must be from 1 to 3650") }
            guard (0...10_000).contains(top) else { throw ValidationError("--top must be from 0 to 10000") }
        }

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            let now = asOf.instant(settings.calendar)
            guard let latest = try await store.latestPredictionModel() else {
                throw CommandFailure("no fitted model yet: run `regulars predict fit` first")
            }
            let snapshot = try await AudienceSnapshot.load(store, settings: settings, now: now)
            let columns = snapshot.columns
            let product: DemandForecast.Product
            if let sku {
                guard let index = columns.skuNames.firstIndex(of: sku) else {
                    throw CommandFailure("no purchase line names SKU '\(sku)'")
                }
                product = .sku(Int32(index))
            } else {
                guard let category, let index = columns.categoryNames.firstIndex(of: category) else {
                    throw CommandFailure("no purchased product is in category '\(category ?? "")'")
                }
                product = .category(Int32(index))
            }
            var audienceName = "every customer"
            var members = (0..<Int32(columns.customerCount)).map { $0 }
            if let audience {
                let (name, query) = try await AudienceTarget.resolve(audience, store: store)
                audienceName = name ?? query.canonical
                members = snapshot.context.evaluate(query).indexes
            }
            let asOfSeconds = settings.calendar.localSeconds(now)
            let summary = RepeatPurchaseSummary(columns.purchases, calibrationEnd: asOfSeconds, unit: latest.model.unit)
            let expected = CustomerScoring.expectedPurchases(summary, model: latest.model.purchase, days: days,
                                                             customerCount: columns.customerCount)
            let forecast = DemandForecast(columns: columns, product: product, customers: members, expectedPurchases: expected,
                                          asOfLocalSeconds: asOfSeconds, top: top)
            let report = DemandBody(forecast, product: sku ?? category ?? "", isCategory: sku == nil, days: days,
                                    audience: audienceName, asOf: now, columns: columns, modelID: latest.id,
                                    model: latest.model)
            if output.json { try printJSON(report); return }
            print(report.text())
        }
    }
}

/// `predict next` as text; its JSON is the server's `NextPurchasesBody` (`GET /v1/customers/{id}/next-purchases`).
extension NextPurchasesBody {
    /// `lapsedHidden`: products left out as lapsed (overdue by more than two cycles).
    func text(lapsedHidden: Int) -> String {
        var lines = ["客户 \(customerID) · 下次购买 Next purchases as of \(asOf)"]
        if let probabilityAlive, let expectedPurchases {
            lines.append(String(format: "  P(alive) %.3f · expected purchases over the CLV horizon %.2f", probabilityAlive, expectedPurchases))
        }
        lines.append(TextColumns.pad("  SKU", 22) + TextColumns.pad("bought", 8) + TextColumns.pad("last", 12)
            + TextColumns.pad("cycle", 20) + TextColumns.pad("next", 12) + "status")
        for product in products {
            let cycle = product.cycleDays.map { String(format: "%.1f d ", $0) + (product.cycleLabel ?? "") } ?? "-"
            let status: String
            switch product.daysOverdue {
            case nil: status = "no cycle yet"
            case let late? where late > 0: status = "逾期 overdue \(late) d"
            case 0?: status = "今天 due today"
            case let late?: status = "\(-late) 天后 in \(-late) d"
            }
            lines.append("  " + TextColumns.pad(product.sku, 20) + TextColumns.pad(String(product.purchases), 8)
                + TextColumns.pad(product.lastBought, 12) + TextColumns.pad(cycle, 20)
                + TextColumns.pad(product.expectedNext ?? "-", 12) + status)
        }
        if products.isEmpty { lines.append("  (no products due)") }
        if lapsedHidden > 0 {
            lines.append("  \(lapsedHidden) lapsed products (overdue by more than two cycles) not shown: --all lists them")
        }
        return lines.joined(separator: "\n")
    }
}

/// `predict demand` as text; its JSON is the server's `DemandBody` (`GET /v1/predictions/demand`).
extension DemandBody {
    func text() -> String {
        var lines: [String] = []
        if !reliable { lines.append("⚠ The fitted model is not reliable: " + warnings.joined(separator: "; ")) }
        lines.append("预计需求 Expected demand for \(isCategory ? "category" : "SKU") \(product), next \(days) days")
        lines.append("  audience \(audience): \(PredictionText.number(customers)) customers, \(PredictionText.number(buyers)) have bought it (\(unitsBoughtSoFar) units so far)")
        lines.append("  expected units: " + PredictionText.fixed(expectedUnits, 1))
        if !top.isEmpty {
            lines.append("  largest contributors: customer · expected units · expected purchases · units per purchase")
            for contributor in top {
                lines.append("    " + TextColumns.pad(String(contributor.customerID), 10)
                    + [contributor.expectedUnits, contributor.expectedPurchases, contributor.unitsPerPurchase]
                        .map { TextColumns.pad(PredictionText.fixed($0), 9) }.joined())
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension NextPurchaseItem {
    /// Overdue by more than two cycles: most likely given up rather than due, so not worth a reminder.
    var isLapsed: Bool {
        guard let late = daysOverdue, let cycle = cycleDays else { return false }
        return Double(late) > 2 * cycle
    }
}
