import Foundation
import Regulars
import RegularsStore
import RegularsTestSupport
import Testing

/// `regulars automation run` killed with SIGKILL mid-run and run again: every step of every enrolment ran exactly
/// once, and the store ends as an uninterrupted run leaves it.
@Suite("The scheduler killed with SIGKILL")
struct AutomationKillTests {
    static let people = 1_000
    static let calendar = ShopCalendar.shanghai
    /// The journey exists from 1 October 2026, 00:00 in Shanghai; first orders come on the five days after.
    static let created = calendar.instant(CivilDate(year: 2026, month: 10, day: 1), ClockTime(hour: 0, minute: 0, second: 0))
    static let run = ["automation", "run", "--until", "2026-10-15", "--step", "6h"]

    /// People c1…cN with phones (every fifth 敏感肌), each with one first order between 1 and 5 October.
    static func files(in folder: URL) throws -> (customers: String, orders: String) {
        var customers = "customer_id,channel,name,phone,tags\n"
        var orders = "order_id,channel,customer_id,paid_at,amount,sku,product_name\n"
        for index in 1...people {
            customers += "c\(index),tmall,顾客\(index),139\(String(format: "%08d", index)),\(index % 5 == 0 ? "敏感肌" : "")\n"
            let paid = created + Int64(index % 5) * 86_400 + Int64(8 + index % 13) * 3600 + Int64(index % 60) * 60
            orders += "O\(index),tmall,c\(index),\(calendar.format(paid)),\(50 + index % 200).00,S\(index % 7),精华\(index % 7)\n"
        }
        let paths = (folder.appendingPathComponent("customers.csv"), folder.appendingPathComponent("orders.csv"))
        try customers.write(to: paths.0, atomically: true, encoding: .utf8)
        try orders.write(to: paths.1, atomically: true, encoding: .utf8)
        return (paths.0.path, paths.1.path)
    }

    /// A store with the people, their orders, the shipped journeys' coupon templates and the shipped 7-day
    /// new-customer journey (first order → survey → guide → coupon).
    static func prepare(_ path: String, _ files: (customers: String, orders: String)) async throws -> SQLiteStore {
        let store = try SQLiteStore(path: path)
        for (file, kind) in [(files.customers, ImportKind.customers), (files.orders, .orders)] {
            let report = try await FileImporter.importFile(atPath: file, options: ImportOptions(kind: kind), store: store, now: created)
            #expect(report.rejections.isEmpty)
        }
        for template in DemoJourneyCoupons.all { try await store.saveTemplate(template, at: created) }
        let yaml = try #require(ShippedJourneys.yaml("new-customer-7-day"))
        _ = try await store.saveJourney(try JourneyFile.parse(yaml), source: yaml, at: created)
        return store
    }

    @Test func killedRunResumesWithEveryStepOnce() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: RegularsProcess.executable.path),
                     "build the executable first (swift build)")
        try await withTemporaryDirectory { folder in
            let files = try Self.files(in: folder)
            let killedDB = folder.appendingPathComponent("killed.sqlite").path
            let cleanDB = folder.appendingPathComponent("clean.sqlite").path
            let killedOutbox = folder.appendingPathComponent("killed.jsonl").path
            let killed = try await Self.prepare(killedDB, files)
            let clean = try await Self.prepare(cleanDB, files)

            // The uninterrupted run goes alongside (it shares nothing with the other).
            let (whole, wholeOut, wholeErr) = try RegularsProcess.launch(
                Self.run + ["--outbox-file", folder.appendingPathComponent("clean.jsonl").path, "--db", cleanDB])
            // Run, and kill it once a good share of the messages is written (a read-only look at the database).
            let (process, _, _) = try RegularsProcess.launch(Self.run + ["--outbox-file", killedOutbox, "--db", killedDB])
            var atKill: Int64 = 0
            while process.isRunning, atKill < 700 {
                try await Task.sleep(for: .milliseconds(10))
                atKill = try killed.scalar("SELECT COUNT(*) FROM messages") ?? 0
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "the run was still going when killed")
            let messagesAtKill = try killed.scalar("SELECT COUNT(*) FROM messages") ?? 0
            #expect(messagesAtKill >= 700)

            let resumed = try RegularsProcess.run(Self.run + ["--outbox-file", killedOutbox, "--db", killedDB])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            _ = wholeOut.fileHandleForReading.readDataToEndOfFile()
            let wholeError = String(decoding: wholeErr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            whole.waitUntilExit()
            #expect(whole.terminationStatus == 0, "\(wholeError)")

            for store in [killed, clean] {
                // Each (enrolment, step) wrote at most one message; runs are 1…n without gaps or repeats.
                #expect(try store.scalar("""
                    SELECT COUNT(*) FROM (SELECT 1 FROM messages GROUP BY enrolment_id, step_id HAVING COUNT(*) > 1)
                    """) == 0)
                #expect(try store.scalar("""
                    SELECT COUNT(*) FROM enrolments e WHERE e.runs <> (SELECT COUNT(*) FROM step_runs r WHERE r.enrolment_id = e.id)
                        OR e.runs <> (SELECT COALESCE(MAX(run), 0) FROM step_runs r WHERE r.enrolment_id = e.id)
                    """) == 0)
                #expect(try store.scalar("SELECT COUNT(*) FROM messages WHERE status <> 'sent'") == 0)
                #expect(try store.scalar("SELECT COUNT(*) FROM enrolments WHERE state <> 'done' OR exit_reason <> 'completed'") == 0)
            }
            let total = try clean.scalar("SELECT COUNT(*) FROM messages") ?? 0
            #expect(messagesAtKill < total, "killed mid-run: \(messagesAtKill) of \(total) messages written")
            #expect(try clean.scalar("SELECT COUNT(*) FROM enrolments") == Int64(Self.people))

            // The same enrolments, step sequences, messages (tokens and coupon codes aside), holdouts and coupons.
            for query in Self.comparisons {
                let (a, b) = (try killed.text(query), try clean.text(query))
                #expect(a == b, "\(query.prefix(80))…")
            }

            // The file channel got every sent message; only the one in flight at the kill may have gone twice.
            let lines = try String(contentsOfFile: killedOutbox, encoding: .utf8).split(separator: "\n")
            let ids = lines.compactMap { line -> Int64? in
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                return (object?["id"] as? NSNumber)?.int64Value
            }
            #expect(ids.count == lines.count, "every line is whole")
            #expect(Int64(Set(ids).count) == (try killed.scalar("SELECT COUNT(*) FROM messages")))
            #expect(ids.count - Set(ids).count <= 1)
        }
    }

    /// Queries whose text must be equal after a killed-and-resumed run and an uninterrupted one.
    static let comparisons = [
        """
        SELECT group_concat(line, '|') FROM (SELECT customer_id || ':' || state || ':' || step || ':' || runs || ':' || due_at
            || ':' || COALESCE(exit_reason, '-') || ':' || holdout || ':' || entered_at AS line FROM enrolments ORDER BY customer_id)
        """,
        """
        SELECT group_concat(line, '|') FROM (SELECT e.customer_id || ':' || r.run || ':' || r.step_id AS line
            FROM step_runs r JOIN enrolments e ON e.id = r.enrolment_id ORDER BY e.customer_id, r.run)
        """,
        """
        SELECT group_concat(line, '|') FROM (SELECT m.customer_id || ':' || m.step_id || ':' || m.channel || ':' || m.variant
            || ':' || m.status || ':' || replace(replace(m.body, m.token, 'T'),
                COALESCE((SELECT code FROM coupons c WHERE c.customer_id = m.customer_id), '~'), 'C') AS line
            FROM messages m ORDER BY m.customer_id, m.id)
        """,
        "SELECT group_concat(line, '|') FROM (SELECT reason || ':' || COUNT(*) AS line FROM held_back GROUP BY reason ORDER BY reason)",
        "SELECT group_concat(line, '|') FROM (SELECT customer_id || ':' || template_id AS line FROM coupons ORDER BY customer_id)",
        "SELECT COUNT(*) || ':' || SUM(runs) FROM enrolments",
    ]
}
