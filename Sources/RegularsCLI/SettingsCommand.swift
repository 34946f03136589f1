import ArgumentParser
import Regulars
import RegularsStore

struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Show or change shop settings (timezone, shared_identifier_limit).",
        subcommands: [Show.self, Set.self],
        defaultSubcommand: Show.self
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every setting and its value.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let settings = try await store.open().loadSettings()
            let pairs = ShopSettings.keys.map { ($0, settings.value(for: $0) ?? "") }
            if output.json { try printJSON(Dictionary(uniqueKeysWithValues: pairs)); return }
            for (key, value) in pairs { print("\(key) = \(value)") }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change one setting.")
        @Argument(help: "The setting's name.") var key: String
        @Argument(help: "Its new value.") var value: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try store.open()
            var settings = try await store.loadSettings()
            do { try settings.set(key, to: value) } catch { throw CommandFailure(error.description) }
            if let problem = settings.segmentation.inconsistency {
                throw CommandFailure("setting \(key): '\(value)' is not \(problem)")
            }
            try await store.saveSettings(settings)
            print("\(key) = \(value)")
        }
    }
}
