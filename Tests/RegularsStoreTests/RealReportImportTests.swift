import Foundation
import Regulars
import RegularsStore
import RegularsTestSupport
import Testing

/// The real shop's report in `../shared/data/`, imported end to end: every row is an order or a rejection.
@Suite("The real Tmall report, imported")
struct RealReportImportTests {
    static let path = repositoryRoot().deletingLastPathComponent().appendingPathComponent("shared/data/tmall_order_report.csv").path

    @Test(.enabled(if: FileManager.default.fileExists(atPath: path), "tmall_order_report.csv is not in ../shared/data"))
    func everyRowIsAccountedFor() async throws {
        try await withTestStore { store, _ in
            let report = try await FileImporter.importFile(atPath: Self.path, options: ImportOptions(kind: .orders),
                                                           store: store, now: fixedNow)
            #expect(report.rowsRead == 28_010)
            #expect(report.counts.inserted + report.rejections.count == 28_010)
            #expect(report.rejections.isEmpty)
            let overview = try await store.shopOverview()
            #expect(overview.ordersByStatus[.paid] == 18_441)
            #expect(overview.ordersByStatus[.partiallyRefunded] == 514)
            #expect(overview.ordersByStatus[.refunded] == 5_132)
            #expect(overview.ordersByStatus[.cancelled] == 3_923)
            #expect(overview.purchases == 18_955)
            let again = try await FileImporter.importFile(atPath: Self.path, options: ImportOptions(kind: .orders),
                                                          store: store, now: fixedNow)
            #expect(again.counts.duplicate == 28_010)
        }
    }
}
