import Foundation
import RegularsTestSupport
import Testing

@Suite("Prediction on the command line")
struct PredictCommandTests {
    /// A demo shop's files: 800 people, 4,000 orders over the two years before 2026-11-20.
    func withDemoFiles(_ body: (URL) throws -> Void) throws {
        try #require(FileManager.default.isExecutableFile(atPath: RegularsProcess.executable.path))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-predict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try RegularsProcess.run(["demo", "--out", folder.path, "--customers", "800", "--orders", "4000"])
        try #require(written.status == 0)
        try body(folder)
    }

    @Test func fitCustomersNextDemandAndAudience() throws {
        try withDemoFiles { folder in
            let db = folder.appendingPathComponent("shop.sqlite").path
            let orders = folder.appendingPathComponent("orders.csv").path
            #expect(try RegularsProcess.run(["import", "orders", orders, "--db", db]).status == 0)

            let fit = try RegularsProcess.run(["predict", "fit", "--as-of", "2026-11-20", "--holdout", "60d", "--db", db])
            #expect(fit.status == 0, "\(fit.stderr)")
            #expect(fit.stdout.contains("购买模型 BG/NBD"))
            #expect(fit.stdout.contains("消费模型 Gamma-Gamma"))
            #expect(fit.stdout.contains("fitted on all but the last 60 days"))
            #expect(fit.stdout.contains("7+"))
            #expect(fit.stdout.contains("Stored predictions for"))
            #expect(!fit.stdout.contains("Not enough data"))

            let json = try RegularsProcess.run(["predict", "customers", "--top", "5", "--by", "clv", "--json", "--db", db])
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            #expect(rows.count == 5)
            let values = rows.compactMap { ($0["clv"] as? String).flatMap(Double.init) }
            #expect(values.count == 5 && values == values.sorted(by: >))
            #expect((rows.first?["phone"] as? String)?.contains("****") == true, "phones are masked")

            let churn = try RegularsProcess.run(["predict", "customers", "--top", "3", "--by", "churn", "--db", db])
            #expect(churn.stdout.contains("流失风险 Top customers by churn risk"))

            let best = try #require(rows.first?["customerID"] as? Int)
            let next = try RegularsProcess.run(["predict", "next", String(best), "--as-of", "2026-11-20", "--db", db])
            #expect(next.status == 0, "\(next.stderr)")
            #expect(next.stdout.contains("下次购买 Next purchases as of 2026-11-20"))
            #expect(next.stdout.contains("周期"))

            let sku = try String(contentsOfFile: orders, encoding: .utf8).split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)[17]
            let demand = try RegularsProcess.run(["predict", "demand", "--sku", String(sku), "--days", "30",
                                                  "--audience", "pyramid = 王者", "--as-of", "2026-11-20", "--db", db, "--json"])
            #expect(demand.status == 0, "\(demand.stderr)")
            let forecast = try #require(try JSONSerialization.jsonObject(with: Data(demand.stdout.utf8)) as? [String: Any])
            #expect((forecast["expectedUnits"] as? Double ?? -1) >= 0)
            #expect(forecast["audience"] as? String == "pyramid = 王者" || forecast["audience"] as? String == "pyramid = champion")
            let unknown = try RegularsProcess.run(["predict", "demand", "--sku", "NO-SUCH", "--db", db])
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("no purchase line names SKU 'NO-SUCH'"))

            let high = try RegularsProcess.run(["audience", "count", "churn_risk = high", "--db", db, "--json"])
            #expect(high.status == 0, "\(high.stderr)")
            let valuable = try RegularsProcess.run(["audience", "count", "clv > 100000000", "--db", db, "--json"])
            let none = try JSONSerialization.jsonObject(with: Data(valuable.stdout.utf8)) as? [String: Any]
            #expect(none?["customers"] as? Int == 0)

            let analysed = try RegularsProcess.run(["analyze", "clv", orders, "--as-of", "2026-11-20", "--top", "3",
                                                    "--out", folder.appendingPathComponent("clv.csv").path])
            #expect(analysed.status == 0, "\(analysed.stderr)")
            #expect(analysed.stdout.contains("客户价值 Top buyers by CLV over the next 365 days"))
            let bytes = try Data(contentsOf: folder.appendingPathComponent("clv.csv"))
            #expect(bytes.prefix(3) == Data([0xEF, 0xBB, 0xBF]), "a BOM, so that Excel reads UTF-8")
            let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            #expect(csv.hasPrefix("customer_id,frequency,recency,age,p_alive"))
            #expect(csv.split(separator: "\n").count > 700)
        }
    }

    @Test func tooLittleDataIsSaidAndNotStored() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-predict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("orders.csv")
        try SegmentCommandTests.orders.write(to: csv, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("shop.sqlite").path
        #expect(try RegularsProcess.run(["import", "orders", csv.path, "--db", db]).status == 0)
        let fit = try RegularsProcess.run(["predict", "fit", "--as-of", "2026-11-20", "--db", db])
        #expect(fit.status == 0)
        #expect(fit.stdout.contains("数据不足 Not enough data"))
        #expect(fit.stdout.contains("only 3 buyers"))
        #expect(fit.stdout.contains("(unstable)"))
        #expect(fit.stdout.contains("were NOT replaced"))
        let customers = try RegularsProcess.run(["predict", "customers", "--db", db])
        #expect(customers.status != 0)
        #expect(customers.stderr.contains("run `regulars predict fit` first"))
        let forced = try RegularsProcess.run(["predict", "fit", "--as-of", "2026-11-20", "--accept-unreliable", "--db", db])
        #expect(forced.stdout.contains("Stored predictions for 3 customers"))
        let listed = try RegularsProcess.run(["predict", "customers", "--db", db])
        #expect(listed.stdout.contains("The last fit was not reliable"))
        let analysed = try RegularsProcess.run(["analyze", "clv", csv.path, "--as-of", "2026-11-20"])
        #expect(analysed.stdout.contains("No CLV list: the fit is not reliable"))
    }
}
