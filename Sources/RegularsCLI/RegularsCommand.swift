import ArgumentParser
import Foundation
import Regulars
import RegularsStore

/// `regulars` — the command line of Regulars (回头客). The executable only parses arguments and calls the libraries.
public struct RegularsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "regulars",
        abstract: "Regulars (回头客): an e-commerce CRM for customer maintenance and promotions.",
        subcommands: [DemoCommand.self, ImportCommand.self, OverviewCommand.self, CustomerCommand.self, SegmentCommand.self, AudienceCommand.self, TagCommand.self, PromoCommand.self, CouponCommand.self, PriceCommand.self, SettingsCommand.self, Analyze.self, JourneyCommand.self, MessageCommand.self, ContactCommand.self, AutomationCommand.self, CampaignCommand.self, PredictCommand.self, ServeCommand.self, KeyCommand.self]
    )

    public init() {}

    /// Parses the process arguments and runs the chosen command, exiting non-zero with a message on failure.
    public static func execute(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// Where the database is: `--db`, else `REGULARS_DB`, else `./regulars.sqlite`.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Database file (default: $REGULARS_DB or ./regulars.sqlite).")
    var db: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["REGULARS_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "./regulars.sqlite"
    }

    func open(durable: Bool = false) throws -> SQLiteStore {
        do {
            return try SQLiteStore(path: path, durable: durable)
        } catch {
            throw ValidationError("cannot open the database at \(path): \(error)")
        }
    }
}

struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}

/// The clock, read once per command at the edge: engines and the store take `now` as a value.
func currentInstant() -> Instant { Instant(Date()) }

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // A degenerate fit can leave a number infinite or undefined; say so rather than fail the whole answer.
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    let data = try encoder.encode(value)
    print(String(decoding: data, as: UTF8.self))
}

/// Errors that end a command with a message and a non-zero exit, without a stack of Swift error text.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
