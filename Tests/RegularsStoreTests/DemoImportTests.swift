import Foundation
import Regulars
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("The demo shop through the import path")
struct DemoImportTests {
    @Test func demoFilesImportCleanlyAndJoinEachPersonOnce() async throws {
        try await withTestStore { store, folder in
            let end = ShopCalendar.shanghai.instant(CivilDate(year: 2026, month: 11, day: 20), ClockTime(hour: 0, minute: 0, second: 0))
            let spec = DemoShopSpec(customers: 400, orders: 1_500, seed: 3, end: end)
            let paths = try DemoFiles.write(spec, to: folder.appendingPathComponent("demo").path)
            var reports: [ImportReport] = []
            for (file, kind) in [(DemoFile.customers, ImportKind.customers), (.orders, .orders), (.events, .events)] {
                reports.append(try await FileImporter.importFile(atPath: paths[file]!, options: ImportOptions(kind: kind),
                                                                 store: store, now: fixedNow))
            }
            #expect(reports.allSatisfy { $0.rejections.isEmpty })
            #expect(reports[1].counts.inserted == 1_500)
            let overview = try await store.shopOverview()
            #expect(overview.customers == 400, "every generated person is one customer after identity resolution")
            #expect(overview.sharedIdentifiers == 1, "the shop's own phone on the POS member cards")
            #expect(overview.multiChannelCustomers > 0)
            #expect(overview.ordersByStatus.values.reduce(0, +) == 1_500)
            #expect(overview.repeatBuyers > 0 && overview.repeatBuyers < overview.buyers)
        }
    }
}
