import GRDB
import GRDBSQLite
import Regulars

/// A prepared statement driven through SQLite's C API: the import's hot path binds and steps millions of times,
/// and skipping per-call argument arrays is most of its speed. Use only inside the `Database` access that made it.
struct BulkStatement {
    private let statement: SQLiteStatement
    private let database: Database
    private var index: Int32 = 0
    /// Text parameters are copied here and bound without SQLite copying them again (SQLITE_STATIC): the bytes
    /// stay put until `reset`, which is all SQLite asks. Values that do not fit are bound as SQLITE_TRANSIENT.
    private let arena: TextArena

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, _ sql: String) throws {
        self.statement = try db.cachedStatement(sql: sql).sqliteStatement
        self.database = db
        self.arena = TextArena()
    }

    mutating func bind(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    mutating func bind(_ value: Double?) {
        index += 1
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    mutating func bind(_ value: Int32?) { bind(value.map(Int64.init)) }
    mutating func bind(_ value: Money?) { bind(value?.fen) }
    mutating func bind(_ value: Instant?) { bind(value?.secondsSinceEpoch) }

    mutating func bind(_ value: String?) {
        index += 1
        if let value {
            var copy = value
            copy.withUTF8 { buffer in
                if let stored = arena.store(buffer) {
                    _ = sqlite3_bind_text(statement, index, stored, Int32(buffer.count), nil)
                } else {
                    _ = sqlite3_bind_text(statement, index, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                          Int32(buffer.count), BulkStatement.transient)
                }
            }
        } else {
            sqlite3_bind_null(statement, index)
        }
    }

    /// Runs the statement; returns whether it produced a row (read it with `int`/`text` before the next `reset`).
    @discardableResult
    mutating func step() throws -> Bool {
        let code = sqlite3_step(statement)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(statement)))
        sqlite3_reset(statement)
        index = 0
        arena.clear()
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
    }

    func int(_ column: Int32) -> Int64? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, column)
    }

    func double(_ column: Int32) -> Double? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_double(statement, column)
    }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: pointer)
    }

    /// A text column's bytes, valid until the next step or reset (nil for NULL).
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let pointer = sqlite3_column_text(statement, column) else { return nil }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, column)))
    }

    /// Every use binds all parameters, so bindings need no clearing.
    mutating func reset() {
        sqlite3_reset(statement)
        index = 0
        arena.clear()
    }

    /// Binds nothing more, runs to completion, resets.
    mutating func run() throws {
        defer { reset() }
        try step()
    }

    var changes: Int { database.changesCount }
    var lastRowID: Int64 { database.lastInsertedRowID }
}

/// A fixed block of memory for one row's text parameters. A class, so copies of a statement share it; freed with
/// the last of them.
final class TextArena {
    private let capacity = 16 * 1024
    private let base: UnsafeMutablePointer<CChar>
    private var used = 0

    init() { base = .allocate(capacity: capacity) }
    deinit { base.deallocate() }

    /// Copies `bytes` in and returns where they are, or nil when the block is full.
    func store(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar>? {
        guard used + bytes.count <= capacity else { return nil }
        let destination = base + used
        if let source = bytes.baseAddress {
            UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: bytes.count)
        }
        used += bytes.count
        return UnsafePointer(destination)
    }

    func clear() { used = 0 }
}
