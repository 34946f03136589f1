/// What identity resolution needs from wherever identities are kept. Customer ids are the store's row ids.
public protocol IdentityDirectory {
    /// The customer that owns `identifier` now (after merges), or nil when it was never seen.
    mutating func owner(of identifier: Identifier) throws -> Int64?
    /// Whether a linking identifier is flagged as shared (the shop's own phone, a courier's) and must not merge.
    mutating func isShared(_ identifier: Identifier) throws -> Bool
    /// Whether two customers were separated by an unmerge and must stay apart.
    mutating func areKeptApart(_ first: Int64, _ second: Int64) throws -> Bool
    mutating func createCustomer(channel: Channel) throws -> Int64
    mutating func attach(_ identifier: Identifier, to customer: Int64) throws
    /// Moves everything of `absorbed` to `survivor` and records `reason` as why.
    mutating func merge(_ absorbed: Int64, into survivor: Int64, because reason: Identifier) throws
}

/// Decides which customer a record belongs to, creating and merging customers as its keys require (DATA-2).
///
/// A channel account always has a customer of its own. Linking keys (phone, e-mail, union id) shared with another
/// customer merge the two, the older customer surviving, with the key recorded as the reason; so links are transitive
/// and also work when the linking record arrives after both others. Shared keys never link; customers kept apart by
/// an unmerge are not merged again.
public enum IdentityResolver {
    public struct Resolution: Equatable, Sendable {
        /// The customer the record belongs to; nil when it carries no usable key.
        public var customer: Int64?
        /// The identifier the record is filed under (its account, else its first usable linking key).
        public var primary: Identifier?
    }

    public static func resolve<Directory: IdentityDirectory>(_ keys: IdentityKeys, in directory: inout Directory) throws -> Resolution {
        var usable: [Identifier] = []
        for identifier in keys.identifiers {
            if identifier.kind.links, try directory.isShared(identifier) { continue }
            usable.append(identifier)
        }
        guard let primary = usable.first else { return Resolution(customer: nil, primary: nil) }

        var current: Int64
        if let owner = try directory.owner(of: primary) {
            current = owner
        } else {
            current = try directory.createCustomer(channel: keys.channel)
            try directory.attach(primary, to: current)
        }
        for identifier in usable.dropFirst() {
            guard let other = try directory.owner(of: identifier) else {
                try directory.attach(identifier, to: current)
                continue
            }
            if other == current { continue }
            if try directory.areKeptApart(other, current) { continue }
            let survivor = min(other, current)
            let absorbed = max(other, current)
            try directory.merge(absorbed, into: survivor, because: identifier)
            current = survivor
        }
        return Resolution(customer: current, primary: primary)
    }
}

/// Counts, per linking key (phone, e-mail, union id), the distinct channel accounts that present it. A key that more
/// accounts present than the shared-identifier limit is a shop's or a courier's number, not a person.
public enum SharedIdentifierGuard {
    /// Account names (`channel:account`) per linking identifier, for the identifiers that two or more distinct
    /// accounts present in `records` (one account per key is the normal case and costs no set).
    public static func accountsPerLinkingKey(_ records: some Sequence<IdentityKeys>) -> [Identifier: Set<String>] {
        var firstAccount: [Identifier: String] = [:]
        var accounts: [Identifier: Set<String>] = [:]
        for keys in records {
            guard let account = keys.account else { continue }
            var owner: String?
            for identifier in keys.identifiers where identifier.kind.links {
                let name = owner ?? accountName(channel: keys.channel, account: account)
                owner = name
                guard let first = firstAccount[identifier] else {
                    firstAccount[identifier] = name
                    continue
                }
                if first != name { accounts[identifier, default: [first]].insert(name) }
            }
        }
        return accounts
    }

    public static func accountName(channel: Channel, account: String) -> String { channel.rawValue + ":" + account }
}
