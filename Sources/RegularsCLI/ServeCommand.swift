import ArgumentParser
import Foundation
import Logging
import Regulars
import RegularsMessaging
import RegularsServer
import RegularsStore

/// `regulars serve`: the HTTP API on the embedded store, until SIGTERM or SIGINT (requests in flight finish first).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API (see /openapi.json); stop with Ctrl-C or SIGTERM.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Do not run the automation scheduler (journeys, deliveries) nor the daily prediction refit in this process.") var noAutomation = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
    }

    func run() async throws {
        let database = try store.open(durable: true)
        if try await database.apiKeys().allSatisfy({ $0.revokedAt != nil }) {
            print("No API keys yet: create one with `regulars key create --name admin --role admin --db \(store.path)`.")
        }
        var logger = Logger(label: "regulars")
        logger.logLevel = .info
        var automation: AutomationService?
        var predictionRefresh: PredictionRefreshService?
        if !noAutomation {
            predictionRefresh = PredictionRefreshService(store: database, logger: logger)
            let settings = try await database.loadSettings()
            let adapters = try AutomationChannels.adapters(settings: settings, outboxFile: nil)
            automation = AutomationService(runner: AutomationRunner(store: database, adapters: adapters),
                                           policy: settings.automation.policy, logger: logger)
            let channels = adapters.keys.sorted().map(\.rawValue).joined(separator: ", ")
            print("Automation scheduler on: channels \(channels.isEmpty ? "none set up (customers are unreachable: nothing is planned or sent)" : channels)")
        }
        let app = buildApplication(ServerConfiguration(host: host, port: port), services: APIServices(store: database),
                                   automation: automation, predictionRefresh: predictionRefresh, logger: logger)
        print("Regulars API on http://\(host):\(port) (database \(store.path)); the document is at /openapi.json")
        try await app.runService()
    }
}

/// `regulars key create|list|revoke`: API keys. A key's secret is printed once and never stored.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Create, list and revoke API keys.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print its secret (shown only now).")
        @OptionGroup var store: StoreOptions
        @Option(help: "A name to know the key by, e.g. the system that uses it.") var name: String
        @Option(help: "admin (everything, keys, erasure, audit), operator (customers, audiences, promotions, coupons, ingestion) or analyst (read only, personal data masked).")
        var role: String
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard APIRole(rawValue: role) != nil else {
                throw ValidationError("--role must be one of \(APIRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let created = try await APIKeys.create(name: name, role: APIRole(rawValue: role)!, store: try store.open(),
                                                   at: currentInstant())
            if output.json { return try printJSON(created) }
            print("Created key \(created.key.id) '\(created.key.name)' (\(created.key.role.rawValue)).")
            print("Secret (shown only now; send it as 'Authorization: Bearer <secret>'):")
            print(created.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let keys = try await store.open().apiKeys()
            if output.json { return try printJSON(keys) }
            for key in keys {
                let state = key.revokedAt.map { "revoked \($0)" } ?? "live"
                print("\(key.id)\t\(key.name)\t\(key.role.rawValue)\t\(key.prefix)…\t\(state)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its id or name; it stops working at once.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The key's id or name.") var key: String

        func run() async throws {
            guard let revoked = try await store.open().revokeAPIKey(key, at: currentInstant()) else {
                throw ValidationError("no live key '\(key)'")
            }
            print("Revoked key \(revoked.id) '\(revoked.name)'.")
        }
    }
}
