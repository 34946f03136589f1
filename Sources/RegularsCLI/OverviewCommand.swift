import ArgumentParser
import Regulars
import RegularsStore

struct OverviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "The shop at a glance: customers, orders, net sales, repurchase rate, channels, top products, events."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let database = try store.open()
        let settings = try await database.loadSettings()
        let overview = try await database.shopOverview()
        if output.json { try printJSON(overview); return }
        print(OverviewText.render(overview, calendar: settings.calendar))
    }
}
