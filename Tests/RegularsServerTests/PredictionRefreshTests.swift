import Foundation
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("The server's prediction refit")
struct PredictionRefreshTests {
    /// A demo shop of 800 people, imported into a temporary store.
    static let end = ShopCalendar.shanghai.instant(CivilDate(year: 2026, month: 11, day: 20), ClockTime(hour: 0, minute: 0, second: 0))

    func withDemoStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        let end = Self.end
        try await withTemporaryDirectory { folder in
            let paths = try DemoFiles.write(DemoShopSpec(customers: 800, orders: 4_000, seed: 3, end: end, calendar: .shanghai),
                                            to: folder.path)
            let store = try SQLiteStore(path: folder.appendingPathComponent("shop.sqlite").path)
            _ = try await FileImporter.importFile(atPath: paths[.orders]!, options: ImportOptions(kind: .orders), store: store,
                                                  now: end)
            try await body(store)
        }
    }

    @Test func refitsWhenDueAndNotBefore() async throws {
        try await withDemoStore { store in
            let first = Self.end
            let fitted = try #require(try await PredictionRefreshService.refreshIfDue(store, now: first))
            #expect(fitted.applied)
            #expect(fitted.scored > 600)
            let latest = try #require(try await store.latestPredictionModel())
            #expect(latest.model.fittedAt == first)
            // Within the day: nothing to do.
            let soon = Instant(secondsSinceEpoch: first.secondsSinceEpoch + 23 * 3600)
            #expect(try await PredictionRefreshService.refreshIfDue(store, now: soon) == nil)
            // A day later: refitted.
            let later = Instant(secondsSinceEpoch: first.secondsSinceEpoch + 24 * 3600)
            #expect(try await PredictionRefreshService.refreshIfDue(store, now: later) != nil)
            #expect(try await store.latestPredictionModel()?.model.fittedAt == later)
            // Switched off.
            var settings = try await store.loadSettings()
            try settings.set("prediction_refit_hours", to: "0")
            try await store.saveSettings(settings)
            #expect(try await PredictionRefreshService.refreshIfDue(store, now: Instant(secondsSinceEpoch: later.secondsSinceEpoch + 90 * 86_400)) == nil)
        }
    }
}
