import Foundation
import Regulars
import RegularsMessaging
import RegularsStore

/// The demo's automated care: the shipped journeys run over the demo shop's last 60 days, pass by pass every six
/// hours, with messages written to a file instead of real channels; then what was sent, held back and converted.
enum DemoAutomationRun {
    struct Result: Encodable {
        var days: Int
        var outboxFile: String
        var reports: [JourneyReport]
        var names: [String: String]
    }

    static let days = 60

    static func run(store: SQLiteStore, settings: ShopSettings, end: Instant, outboxFile: String) async throws -> Result {
        let start = end - Int64(days) * 86_400
        for template in DemoJourneyCoupons.all where try await store.template(id: template.id) == nil {
            try await store.saveTemplate(template, at: start)
        }
        var names: [String: String] = [:]
        for entry in ShippedJourneys.all {
            let definition = try JourneyFile.parse(entry.yaml)
            names[definition.id] = definition.name
            if try await store.journey(id: definition.id) == nil {
                _ = try await store.saveJourney(definition, source: entry.yaml, at: start)
            }
        }
        let runner = AutomationRunner(store: store, adapters: FileChannel.all(try FileSink(path: outboxFile)),
                                      audienceRefreshSeconds: 86_400)
        var moment = start
        while moment < end {
            moment = min(moment + 6 * 3600, end)
            _ = try await runner.tick(at: moment)
        }
        var reports: [JourneyReport] = []
        for journey in try await store.journeys() {
            reports.append(try await JourneyReport.build(journey.definition, store: store, since: journey.createdAt))
        }
        return Result(days: days, outboxFile: outboxFile, reports: reports, names: names)
    }

    static func render(_ result: Result) -> String {
        var lines = ["自动化 automated care: the shipped journeys over the last \(result.days) days (messages written to \(result.outboxFile))"]
        for report in result.reports {
            lines.append(JourneyReportText.render(report, name: result.names[report.journeyID] ?? report.journeyID))
        }
        return lines.joined(separator: "\n")
    }
}
