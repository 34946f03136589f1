import ArgumentParser
import Foundation
import Regulars
import RegularsStore

struct SegmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "RFM, the eight classes, the value pyramid and lifecycle stages: compute, show, and follow moves.",
        subcommands: [Recompute.self, Show.self, History.self, Flow.self, Moves.self]
    )

    struct Recompute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every customer's segments (new quantile boundaries) and record every move.",
            discussion: "Imports re-score the customers they touch by themselves; a full recompute refits the boundaries (run it daily).")
        @Flag(help: "Only the customers whose purchases changed since the last computation.") var changed = false
        @OptionGroup var asOf: AsOfOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            let now = asOf.instant(settings.calendar)
            let started = Date()
            let report = changed
                ? try await SegmentRecompute.changed(store, settings: settings, now: now)
                : try await SegmentRecompute.full(store, settings: settings, now: now)
            if output.json { try printJSON(report); return }
            print(SegmentRunText.render(report, seconds: Date().timeIntervalSince(started)))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The pyramid, the eight RFM classes with their strategies, and lifecycle counts; or one customer's segments.")
        @Argument(help: "A customer (id, phone or account); without it, the whole shop.") var customer: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            if let customer {
                let id = try await CustomerLookup.id(customer, in: store)
                guard let segment = try await store.storedSegment(customer: id, calendar: settings.calendar) else {
                    throw CommandFailure("customer \(id) has no segments: no purchases, or segments never computed (regulars segment recompute)")
                }
                if output.json { try printJSON(segment) } else { print(CustomerSegmentText.render(segment, id: id)) }
                return
            }
            guard let summary = try await store.storedSegmentSummary(calendar: settings.calendar,
                                                                      windowDays: settings.segmentation.rfmWindowDays) else {
                throw CommandFailure("segments were never computed: run `regulars segment recompute`")
            }
            if output.json { try printJSON(summary) } else { print(SegmentText.render(summary)) }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every move of one customer between classes, levels, stages and rule tags.")
        @Argument(help: "A customer id, phone or account.") var customer: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            let id = try await CustomerLookup.id(customer, in: store)
            let changes = try await store.segmentHistory(customer: id)
            if output.json { try printJSON(changes); return }
            print("customer \(id): \(changes.count) changes")
            for change in changes { print("  " + SegmentRunText.line(change, calendar: settings.calendar)) }
        }
    }

    struct Flow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "How many customers went from each segment at one date to each segment at another (a flow matrix).")
        @Option(help: "class, pyramid or lifecycle.") var dimension = "pyramid"
        @Option(help: "The first date (start of that day, shop time).") var from: String
        @Option(help: "The second date (default: now).") var to: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            guard let dimension = SegmentDimension(naming: dimension), dimension != .tag else {
                throw CommandFailure("--dimension must be class, pyramid or lifecycle")
            }
            let store = try store.open()
            let calendar = try await store.loadSettings().calendar
            let start = try DayBoundary.start(from, calendar: calendar)
            let end = try to.map { try DayBoundary.start($0, calendar: calendar) } ?? currentInstant()
            guard start <= end else { throw CommandFailure("--from must not be after --to") }
            let cells = try await store.segmentFlow(dimension, from: start, to: end)
            if output.json { try printJSON(cells); return }
            print(SegmentFlowText.render(cells, dimension: dimension, from: calendar.format(start), to: calendar.format(end)))
        }
    }

    struct Moves: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who moved, e.g. from 潜力 to 王者 this month: `segment moves --from-value 潜力 --to-value 王者 --since 2026-11-01`.")
        @Option(help: "class, pyramid, lifecycle or tag.") var dimension = "pyramid"
        @Option(name: .customLong("from-value"), help: "Only moves out of this segment (Chinese or English name).") var fromValue: String?
        @Option(name: .customLong("to-value"), help: "Only moves into this segment.") var toValue: String?
        @Option(help: "From this date (start of day, shop time).") var since: String
        @Option(help: "Until this date (exclusive; default: now).") var until: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            guard let dimension = SegmentDimension(naming: dimension) else {
                throw CommandFailure("--dimension must be class, pyramid, lifecycle or tag")
            }
            func stored(_ text: String?) throws -> String? {
                guard let text else { return nil }
                guard let value = dimension.storedValue(naming: text) else {
                    throw CommandFailure("'\(text)' is not a \(dimension.rawValue) value")
                }
                return value
            }
            let store = try store.open()
            let calendar = try await store.loadSettings().calendar
            let moves = try await store.segmentMoves(
                dimension, from: try stored(fromValue), to: try stored(toValue),
                since: try DayBoundary.start(since, calendar: calendar),
                until: try until.map { try DayBoundary.start($0, calendar: calendar) } ?? currentInstant() + 1)
            if output.json { try printJSON(moves); return }
            print("\(moves.count) moves")
            for move in moves { print("  " + SegmentRunText.line(move, calendar: calendar)) }
        }
    }
}

/// Resolves what a person typed to a customer id.
enum CustomerLookup {
    static func id(_ text: String, in store: some CustomerQueryStore) async throws -> Int64 {
        guard let profile = try await store.customerProfile(CustomerReference(parsing: text), recentLimit: 0) else {
            throw CommandFailure("no customer matches '\(text)' (try: regulars customer search \(text))")
        }
        return profile.id
    }
}
