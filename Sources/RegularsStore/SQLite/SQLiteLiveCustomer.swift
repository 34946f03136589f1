import GRDB

/// A customer's merge tree through statements compiled once per connection (redemptions run it for every order).
enum SQLiteLiveCustomer {
    /// The live customer `id` ended up in after merges, and every customer merged into it; nil when `id` is unknown.
    static func tree(of id: Int64, _ db: Database) throws -> (root: Int64, members: [Int64])? {
        guard let root = try Int64.fetchOne(db.cachedStatement(sql: """
            WITH RECURSIVE up(id, next) AS (
                SELECT id, merged_into FROM customers WHERE id = ?
                UNION SELECT c.id, c.merged_into FROM customers c JOIN up ON c.id = up.next)
            SELECT id FROM up WHERE next IS NULL
            """), arguments: [id]) else { return nil }
        let members = try Int64.fetchAll(db.cachedStatement(sql: """
            WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT c.id FROM customers c JOIN tree ON c.merged_into = tree.id)
            SELECT id FROM tree ORDER BY id
            """), arguments: [root])
        return (root, members)
    }
}
