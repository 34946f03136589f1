import GRDB

/// Store errors the API answers with a status of their own rather than a 500.
public enum StoreFailure: Equatable {
    /// Busy, locked, full or unreadable: try again later (503).
    case unavailable(String)
    /// A constraint said no: the request conflicts with what is stored (409).
    case conflict(String)

    public static func classify(_ error: any Error) -> StoreFailure? {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_CORRUPT:
            return .unavailable("the database cannot answer now (\(error.resultCode)); try again")
        case .SQLITE_CONSTRAINT:
            return .conflict("the change conflicts with what is stored: \(error.message ?? "a constraint failed")")
        default:
            return nil
        }
    }
}
