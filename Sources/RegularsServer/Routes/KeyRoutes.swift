import Foundation
import Hummingbird
import Regulars
import RegularsStore

/// API keys over the API (admin): list, create, revoke. `regulars key create` makes the first one.
enum KeyRoutes {
    static let routes: [APIRoute] = [
        APIRoute(.get, "/v1/keys", .admin, operation: "keys.list", summary: "Every API key, revoked ones too (never their secrets)",
                 responses: [APIResponseDoc(200, "The keys", .object(["keys": .array(.ref("APIKey"))], required: ["keys"]))]) { call in
            try .json(["keys": try await call.store.apiKeys()])
        },
        APIRoute(.post, "/v1/keys", .admin, operation: "keys.create", summary: "Creates a key; its secret is shown once, in this answer",
                 body: .object(["name": .string(minLength: 1, maxLength: 100), "role": .oneOf(APIRole.allCases.map(\.rawValue))],
                               required: ["name", "role"]),
                 responses: [APIResponseDoc(201, "The key and its secret", .ref("NewAPIKey"))]) { call in
            let request = try call.decode(NewKeyRequest.self)
            let created = try await APIKeys.create(name: request.name, role: request.role, store: call.store, at: call.now)
            return try .json(created, status: .created, target: "key:\(created.key.id)")
        },
        APIRoute(.delete, "/v1/keys/:key", .admin, operation: "keys.revoke", summary: "Revokes a key by its id or name",
                 parameters: [.path("key", .string(minLength: 1), "The key's id or name")],
                 responses: [APIResponseDoc(200, "The revoked key", .ref("APIKey"))]) { call in
            let reference = try call.path("key")
            guard let revoked = try await call.store.revokeAPIKey(reference, at: call.now) else {
                throw Problem.notFound("no live API key '\(reference)'")
            }
            call.services.keys.forgetAll()
            return try .json(revoked, target: "key:\(revoked.id)")
        },
    ]

    static let schemas: [String: Schema] = [
        "APIKey": .object([
            "id": .int, "name": .string(), "role": .oneOf(APIRole.allCases.map(\.rawValue)), "prefix": .string(),
            "createdAt": .instant, "revokedAt": .instant,
        ], required: ["id", "name", "role", "prefix", "createdAt"]),
        "NewAPIKey": .object(["key": .ref("APIKey"), "secret": .string(pattern: "^rk_[0-9a-f]{40}$")], required: ["key", "secret"]),
    ]

    struct NewKeyRequest: Decodable {
        var name: String
        var role: APIRole
    }
}

/// Making keys, for the API and the command line alike.
public enum APIKeys {
    public struct Created: Codable, Sendable {
        public var key: APIKey
        /// The secret: shown once, never stored.
        public var secret: String
    }

    public static func create(name: String, role: APIRole, store: any APIKeyStore, at now: Instant) async throws -> Created {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw Problem.invalid(at: "/name", "a key needs a name") }
        let secret = APIKeySecret.generate()
        let key = try await store.createAPIKey(name: name, role: role, secretHash: SHA256.hex(secret),
                                               prefix: APIKeySecret.prefix(of: secret), at: now)
        return Created(key: key, secret: secret)
    }
}
