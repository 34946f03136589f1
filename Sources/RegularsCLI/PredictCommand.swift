import ArgumentParser
import Foundation
import Regulars
import RegularsServer
import RegularsStore

/// `regulars predict`: who is still a customer, what each will buy and spend (PRED-1 … PRED-4).
struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict: fit BG/NBD and Gamma-Gamma, CLV and churn risk per customer, next purchases, demand.",
        subcommands: [Fit.self, Customers.self, Next.self, Demand.self]
    )

    struct Fit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit the models on every purchase, check them on a holdout, and store each customer's predictions.",
            discussion: """
                Prints the parameters, log-likelihoods and the holdout table (predicted vs actual repeat purchases by how \
                often customers had bought). When the history is too small or too short for a stable fit, says so and \
                keeps the customers' previous predictions unless --accept-unreliable.
                """)
        @Option(help: "Hold back the last part of the history to check the fit against it: 90d, 12w or 0 (none). Default: the prediction_holdout_days setting.")
        var holdout: HoldoutLength?
        @Flag(help: "Store the customers' predictions even when the fit is not reliable.")
        var acceptUnreliable = false
        @OptionGroup var asOf: AsOfOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            let now = asOf.instant(settings.calendar)
            let started = Date()
            let outcome = try await PredictionRun.run(store, settings: settings, now: now, holdoutDays: holdout?.days,
                                                      acceptUnreliable: acceptUnreliable)
            let report = PredictionFitBody(outcome, seconds: Date().timeIntervalSince(started))
            if output.json { try printJSON(report); return }
            print(report.text())
        }
    }

    struct Customers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The customers with the highest CLV or churn risk, from the last stored predictions.")
        @Option(help: "How many customers.") var top = 100
        @Option(help: "Rank by clv or churn.") var by: PredictionRanking = .clv
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (1...100_000).contains(top) else { throw ValidationError("--top must be from 1 to 100000") }
        }

        func run() async throws {
            let store = try store.open()
            guard let latest = try await store.latestPredictionModel() else {
                throw CommandFailure("no predictions yet: run `regulars predict fit` first")
            }
            let rows = try await store.topPredictions(by: by, limit: top).map { $0.masked() }
            if output.json { try printJSON(rows); return }
            print(PredictionText.customers(rows, by: by, latest: latest.model))
        }
    }
}

extension PredictionRanking: ExpressibleByArgument {}

/// A holdout length: `90d`, `12w`, a bare number of days, or 0 for none.
struct HoldoutLength: ExpressibleByArgument {
    var days: Int

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        let unit = text.last.flatMap { $0 == "d" || $0 == "w" ? $0 : nil }
        guard let number = Int(unit == nil ? text : String(text.dropLast())), (0...3650).contains(number) else { return nil }
        days = unit == "w" ? number * 7 : number
    }
}
