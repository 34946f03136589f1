import ArgumentParser
import Foundation
import Regulars
import RegularsMessaging
import RegularsStore

/// `regulars journey …`: journeys from YAML files or the shipped templates.
struct JourneyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journey",
        abstract: "Automated journeys (YAML): create, list, show, pause, resume, test on a customer, report.",
        subcommands: [Create.self, List.self, Show.self, Pause.self, Resume.self, Test.self, Report.self, Templates.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create (or with --replace, replace) a journey from a YAML file or a shipped template.",
            discussion: "Examples: regulars journey create my-journey.yaml · regulars journey create --template new-customer-7-day")
        @Argument(help: "The journey's YAML file.") var file: String?
        @Option(help: "A shipped template's id instead of a file (see `regulars journey templates`).") var template: String?
        @Flag(help: "Replace the journey if it exists (a new version).") var replace = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard (file == nil) != (template == nil) else { throw ValidationError("give a YAML file or --template, not both or neither") }
        }

        func run() async throws {
            let source: String
            if let template {
                guard let entry = ShippedJourneys.all.first(where: { $0.id == template }) else {
                    throw CommandFailure("no shipped template '\(template)'; known: \(ShippedJourneys.all.map(\.id).joined(separator: ", "))")
                }
                source = entry.yaml
            } else {
                guard let data = FileManager.default.contents(atPath: file!) else { throw CommandFailure("cannot read \(file!)") }
                source = String(decoding: data, as: UTF8.self)
            }
            let definition: JourneyDefinition
            do {
                definition = try JourneyFile.parse(source)
            } catch {
                throw CommandFailure("\(file ?? template!): \(error)")
            }
            let store = try store.open()
            if !replace, try await store.journey(id: definition.id) != nil {
                throw CommandFailure("journey '\(definition.id)' exists; use --replace to replace it")
            }
            let saved = try await store.saveJourney(definition, source: source, at: currentInstant())
            print("journey \(saved.id) 「\(definition.name)」 v\(saved.version): \(TriggerEvaluator.label(definition.trigger)), \(definition.steps.count) steps, holdout \(definition.holdoutPercent)%")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List journeys.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let journeys = try await store.open().journeys()
            if output.json { return try printJSON(journeys.map { ["id": $0.id, "name": $0.definition.name, "status": $0.status.rawValue] }) }
            if journeys.isEmpty { print("No journeys yet: `regulars journey templates` lists ready ones.") }
            for journey in journeys {
                print("\(journey.id)\t\(journey.definition.name)\t\(journey.status.label)\tv\(journey.version)\t\(TriggerEvaluator.label(journey.definition.trigger))")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a journey's YAML and state.")
        @Argument(help: "The journey's id.") var id: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let journey = try await store.open().journey(id: id) else { throw CommandFailure("no journey '\(id)'") }
            print("# \(journey.status.label) · v\(journey.version) · triggers looked at up to \(journey.watermark.map { "\($0)" } ?? "never")")
            print(journey.source)
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a journey (nobody enters; enrolled customers wait).")
        @Argument(help: "The journey's id.") var id: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard try await store.open().setJourneyStatus(id: id, .paused, at: currentInstant()) else { throw CommandFailure("no journey '\(id)'") }
            print("journey \(id) paused")
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused journey.")
        @Argument(help: "The journey's id.") var id: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard try await store.open().setJourneyStatus(id: id, .active, at: currentInstant()) else { throw CommandFailure("no journey '\(id)'") }
            print("journey \(id) resumed")
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dry-run a journey for one customer: each step as it would run, messages rendered; nothing is sent or written.")
        @Argument(help: "The journey's id.") var id: String
        @Argument(help: "A customer id, phone or account.") var customer: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let store = try store.open()
            guard let journey = try await store.journey(id: id) else { throw CommandFailure("no journey '\(id)'") }
            let customerID = try await CustomerLookup.id(customer, in: store)
            let result = try await JourneyTester.run(journey.definition, customer: customerID, store: store,
                                                     settings: try await store.loadSettings(), now: currentInstant())
            if output.json { return try printJSON(result) }
            print("journey \(id) for customer \(customerID)\(result.holdout ? " (in the holdout: would get no messages)" : ""):")
            for step in result.steps {
                print("  \(step.step)\t\(step.action)\t\(step.outcome)\(step.channel.map { " [\($0)]" } ?? "")\(step.variant.map { " (\($0))" } ?? "")")
                if let subject = step.subject { print("      subject: \(subject)") }
                if let body = step.body { print("      " + body.replacingOccurrences(of: "\n", with: "\n      ")) }
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A journey's results: per step and variant sent … converted and revenue, held back by reason, lift against the holdout.")
        @Argument(help: "The journey's id.") var id: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let store = try store.open()
            guard let journey = try await store.journey(id: id) else { throw CommandFailure("no journey '\(id)'") }
            let report = try await JourneyReport.build(journey.definition, store: store, since: journey.createdAt)
            if output.json { return try printJSON(report) }
            print(JourneyReportText.render(report, name: journey.definition.name))
        }
    }

    struct Templates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the shipped journey templates (print one with --show ID).")
        @Option(help: "Print this template's YAML.") var show: String?

        func run() async throws {
            if let show {
                guard let entry = ShippedJourneys.all.first(where: { $0.id == show }) else { throw CommandFailure("no shipped template '\(show)'") }
                return print(entry.yaml)
            }
            for entry in ShippedJourneys.all {
                let definition = try JourneyFile.parse(entry.yaml)
                print("\(entry.id)\t\(definition.name)\t\(TriggerEvaluator.label(definition.trigger))")
            }
        }
    }
}

/// A journey report as text for the terminal and the demo.
enum JourneyReportText {
    static func render(_ report: JourneyReport, name: String) -> String {
        var lines = ["「\(name)」 \(report.journeyID): entered 进入 \(report.entered), still in 进行中 \(report.active)"]
        lines.append("  step\tvariant\tsent 发送\tdelivered 送达\topened 打开\tclicked 点击\tconverted 转化\trevenue 收入")
        for step in report.steps {
            lines.append("  \(step.step)\t\(step.variant)\t\(step.sent)\t\(step.delivered)\t\(step.opened)\t\(step.clicked)\t\(step.converted)\t\(step.revenue)")
        }
        if !report.heldBack.isEmpty {
            lines.append("  held back 被策略拦下: " + report.heldBack.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let lift = report.lift
        var liftLine = "  lift 提升: treated 触达组 \(lift.treatedConverted)/\(lift.treated) converted, \(lift.treatedRevenue); holdout 对照组 \(lift.holdoutConverted)/\(lift.holdout), \(lift.holdoutRevenue)"
        if let points = lift.conversionLiftPoints { liftLine += String(format: "; conversion %+.1f pts", points) }
        if let perCustomer = lift.revenuePerCustomerLift { liftLine += ", revenue per customer \(perCustomer.fen >= 0 ? "+" : "")\(perCustomer)" }
        lines.append(liftLine)
        return lines.joined(separator: "\n")
    }
}
