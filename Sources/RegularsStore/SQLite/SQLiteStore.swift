import CSQLiteTuning
import Foundation
import GRDB
import Regulars
import Synchronization

/// The embedded store: one SQLite file in WAL mode, written by one writer at a time, read concurrently.
public final class SQLiteStore: Sendable {
    let pool: DatabasePool
    /// Counts write transactions made through this store object, so an import session can tell whether anything
    /// else wrote between its batches (other processes show up in `PRAGMA data_version`).
    let writes = WriteCounter()

    /// Opens (creating if needed) the database at `path` and brings its schema up to date. `durable` makes every
    /// commit reach the disk before it returns (`synchronous = FULL`), as the server needs when it answers that an
    /// order is stored; batch imports keep the faster `NORMAL`, safe against a crash of the process.
    public init(path: String, durable: Bool = false) throws {
        _ = SQLiteStore.tuneOnce
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durable ? "FULL" : "NORMAL"); PRAGMA temp_store = MEMORY; PRAGMA cache_size = -1048576")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.invalid("cannot open database \(path): \(error)")
        }
        try SQLiteMigrations.migrator.migrate(pool)
        if try pool.read({ db in try SQLiteDeferrableIndexes.missing(db) }) {
            try pool.write { db in try SQLiteDeferrableIndexes.ensure(db) }
        }
    }

    /// SQLite's per-allocation statistics mutex costs the import about 5%; they must be off before SQLite starts.
    private static let tuneOnce: Void = { _ = regulars_sqlite_disable_memory_statistics() }()

    /// Runs a read-only SQL query and returns the first column of the first row (for tests and diagnostics).
    public func scalar(_ sql: String) throws -> Int64? {
        try pool.read { db in try Int64.fetchOne(db, sql: sql) }
    }

    /// The same, for a text value.
    public func text(_ sql: String) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: sql) }
    }
}

extension SQLiteStore: SettingsStore {
    public func loadSettings() async throws -> ShopSettings {
        let rows = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT key, value FROM settings").map { row -> (String, String) in (row[0], row[1]) }
        }
        var settings = ShopSettings()
        for (key, value) in rows {
            // A value an older version accepted but this one does not keeps the default rather than failing every command.
            try? settings.set(key, to: value)
        }
        return settings
    }

    public func saveSettings(_ settings: ShopSettings) async throws {
        try await pool.write { db in
            for key in ShopSettings.keys {
                guard let value = settings.value(for: key) else { continue }
                try db.execute(sql: "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                               arguments: [key, value])
            }
        }
    }
}

extension SQLiteStore: ImportStore {
    public func beginImport(settings: ShopSettings, at now: Instant) async throws -> any ImportSession {
        SQLiteImportSession(pool: pool, writes: writes, settings: settings, now: now)
    }

    public func recordImportRun(_ run: ImportRun) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO import_runs(file, kind, dialect, encoding, finished_at, rows_read, inserted, updated, duplicate, rejected)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run.file, run.kind.rawValue, run.dialect, run.encoding, run.finishedAt.secondsSinceEpoch,
                                 run.rowsRead, run.counts.inserted, run.counts.updated, run.counts.duplicate,
                                 run.rejections.count])
            let runID = db.lastInsertedRowID
            for rejection in run.rejections {
                try db.execute(sql: "INSERT INTO import_rejections(run_id, line, reason) VALUES (?, ?, ?)",
                               arguments: [runID, rejection.line, rejection.reason])
            }
        }
    }
}

/// A count of write transactions, shared between a store object and its import sessions.
final class WriteCounter: Sendable {
    private let count = Mutex<Int>(0)

    /// Counts one more write and returns the new total.
    func increment() -> Int { count.withLock { $0 += 1; return $0 } }
    var current: Int { count.withLock { $0 } }
}
