import ArgumentParser
import Foundation
import Regulars
import RegularsStore

struct AudienceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audience",
        abstract: "Ad-hoc and saved audiences in the audience language: create, count, list, export, explain.",
        discussion: """
            Example: regulars audience create 口红未买粉底 "bought category:口红 within 90d and not bought category:粉底 ever and pyramid = 潜力"
            Wherever a NAME is asked for, a query in quotes works too.
            """,
        subcommands: [Create.self, Count.self, List.self, Export.self, Explain.self, Delete.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Save an audience (or replace its definition) and count it.")
        @Argument(help: "Its name.") var name: String
        @Argument(help: "Its definition in the audience language.") var definition: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let query = try AudienceTarget.parse(definition)
            let store = try store.open()
            let settings = try await store.loadSettings()
            let now = currentInstant()
            let saved = try await store.saveAudience(name: name, definition: query.canonical, at: now)
            let count = try await AudienceSnapshot.load(store, settings: settings, now: now).context.evaluate(query).count
            if output.json { try printJSON(AudienceCount(name: saved.name, definition: saved.definition, customers: count)); return }
            print("audience \(saved.name): \(count) customers\n  \(saved.definition)")
        }
    }

    struct Count: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "How many customers an audience has now.")
        @Argument(help: "A saved audience's name, or a query.") var target: String
        @Flag(help: "Print to standard error how long loading and the query took.") var timing = false
        @Option(name: .customLong("repeat"), help: ArgumentHelp("Evaluate the query this many times (with --timing: the median).", visibility: .hidden))
        var runs: Int = 1
        @OptionGroup var asOf: AsOfOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (1...1_000).contains(runs) else { throw ValidationError("--repeat must be between 1 and 1,000") }
        }

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            let (name, query) = try await AudienceTarget.resolve(target, store: store)
            let started = Date()
            let snapshot = try await AudienceSnapshot.load(store, settings: settings, now: asOf.instant(settings.calendar))
            let loaded = Date()
            var count = 0
            var durations: [Double] = []
            for _ in 0 ..< runs {
                let start = Date()
                count = snapshot.context.evaluate(query).count
                durations.append(Date().timeIntervalSince(start))
            }
            if timing {
                let median = durations.sorted()[durations.count / 2]
                FileHandle.standardError.write(Data(String(format: "load %.3f s, query median %.2f ms over %d runs\n",
                                                           loaded.timeIntervalSince(started), median * 1000, durations.count).utf8))
            }
            if output.json { try printJSON(AudienceCount(name: name, definition: query.canonical, customers: count)); return }
            print(count)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Without a name: the saved audiences. With one: a page of its customers.")
        @Argument(help: "A saved audience's name, or a query.") var target: String?
        @Option(help: "Page number, from 1.") var page = 1
        @Option(name: .customLong("page-size"), help: "Customers per page.") var pageSize = 50
        @Flag(help: "Show phones and names unmasked.") var unmask = false
        @OptionGroup var asOf: AsOfOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard page >= 1 else { throw ValidationError("--page starts at 1") }
            guard (1...10_000).contains(pageSize) else { throw ValidationError("--page-size must be between 1 and 10,000") }
        }

        func run() async throws {
            let store = try store.open()
            guard let target else {
                let saved = try await store.audiences()
                if output.json { try printJSON(saved); return }
                if saved.isEmpty { print("no saved audiences (regulars audience create NAME \"QUERY\")") }
                for audience in saved { print("\(audience.name)\n  \(audience.definition)") }
                return
            }
            let settings = try await store.loadSettings()
            let (name, query) = try await AudienceTarget.resolve(target, store: store)
            let snapshot = try await AudienceSnapshot.load(store, settings: settings, now: asOf.instant(settings.calendar))
            let listing = try await snapshot.page(query, name: name, page: page, size: pageSize, store: store, unmask: unmask)
            if output.json { try printJSON(listing); return }
            print(AudiencePageText.render(listing))
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an audience's customers to a CSV file (UTF-8 with BOM, so Excel opens it as is).")
        @Argument(help: "A saved audience's name, or a query.") var target: String
        @Option(help: "The CSV file to write.") var out: String
        @Flag(help: "Write phones and names unmasked.") var unmask = false
        @OptionGroup var asOf: AsOfOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            let (_, query) = try await AudienceTarget.resolve(target, store: store)
            let snapshot = try await AudienceSnapshot.load(store, settings: settings, now: asOf.instant(settings.calendar))
            let (csv, customers) = try await snapshot.csv(query, store: store, unmask: unmask)
            do {
                try Data(csv.utf8).write(to: URL(fileURLWithPath: out))
            } catch {
                throw CommandFailure("cannot write \(out): \(error.localizedDescription)")
            }
            print("\(out): \(customers) customers")
        }
    }

    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The query as understood, as a tree, with how many customers each part matches.")
        @Argument(help: "A saved audience's name, or a query.") var target: String
        @OptionGroup var asOf: AsOfOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            let (_, query) = try await AudienceTarget.resolve(target, store: store)
            let lines = try await AudienceSnapshot.load(store, settings: settings, now: asOf.instant(settings.calendar))
                .context.explain(query)
            if output.json { try printJSON(AudienceExplainJSON(canonical: query.canonical, lines: lines.map(AudienceExplainJSON.Line.init))); return }
            print(query.canonical)
            for line in lines {
                let notes = line.notes.isEmpty ? "" : "   ⚠ " + line.notes.joined(separator: "; ")
                print(String(repeating: "  ", count: line.depth + 1) + "\(line.description)  → \(line.count)" + notes)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a saved audience.")
        @Argument(help: "Its name.") var name: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard try await store.open().deleteAudience(named: name) else { throw CommandFailure("no saved audience named '\(name)'") }
            print("deleted \(name)")
        }
    }
}

/// A saved audience's name or a query typed on the command line.
enum AudienceTarget {
    static func parse(_ text: String) throws -> AudienceQuery {
        do {
            return try AudienceQuery(parsing: text)
        } catch {
            throw CommandFailure("audience query:\n" + error.annotating(text))
        }
    }

    static func resolve(_ target: String, store: some SegmentStore) async throws -> (name: String?, query: AudienceQuery) {
        if let saved = try await store.audience(named: target) { return (saved.name, try parse(saved.definition)) }
        return (nil, try parse(target))
    }
}

struct AudienceCount: Encodable {
    var name: String?
    var definition: String
    var customers: Int
}

struct AudienceExplainJSON: Encodable {
    struct Line: Encodable {
        var depth: Int
        var description: String
        var count: Int
        var notes: [String]
        init(_ line: AudienceExplanation) { (depth, description, count, notes) = (line.depth, line.description, line.count, line.notes) }
    }
    var canonical: String
    var lines: [Line]
}
