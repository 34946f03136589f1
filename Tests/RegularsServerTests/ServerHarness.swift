import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

/// A server on a fresh SQLite file, with one live key per role, driven through HummingbirdTesting's router client.
struct ServerHarness: Sendable {
    let store: SQLiteStore
    let services: APIServices
    let client: any TestClientProtocol
    /// Secrets by role.
    let secrets: [APIRole: String]

    /// Sends a request as `role` (nil: no key) with a JSON body given as text or as an Encodable.
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, as role: APIRole? = .admin, json: String? = nil,
              headers: [String: String] = [:]) async throws -> TestResponse {
        var fields = HTTPFields()
        if let role { fields[.authorization] = "Bearer \(secrets[role]!)" }
        if json != nil { fields[.contentType] = "application/json" }
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        let response = try await client.execute(uri: uri, method: method, headers: fields,
                                                body: json.map { ByteBuffer(string: $0) })
        let path = String(uri.split(separator: "?", maxSplits: 1).first ?? "")
        let problems = DocumentConformance.check(method: method, path: path, status: response.status.code,
                                                 contentType: response.headers[.contentType], body: Data(buffer: response.body))
        #expect(problems.isEmpty, "\(method) \(uri) → \(response.status.code) differs from /openapi.json: \(problems)")
        return response
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, as role: APIRole? = .admin, body: some Encodable,
              headers: [String: String] = [:]) async throws -> TestResponse {
        let data = try JSONEncoder().encode(body)
        return try await send(method, uri, as: role, json: String(decoding: data, as: UTF8.self), headers: headers)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: body))) ?? .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: Data(buffer: body)) }

    /// The problem+json body of an error answer.
    var problem: Problem? { try? JSONDecoder().decode(Problem.self, from: Data(buffer: body)) }
}

/// Runs `body` against a server over a fresh store whose clock stands at `now`, with an admin, an operator and an
/// analyst key. Every answer `send` gets is checked against the OpenAPI document (status documented, body matching
/// its schema).
func withServer<T: Sendable>(now: Instant = fixedNow, durable: Bool = false,
                             _ body: @Sendable (ServerHarness) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { folder in
        let store = try SQLiteStore(path: folder.appendingPathComponent("server.sqlite").path, durable: durable)
        var made: [APIRole: String] = [:]
        for role in APIRole.allCases {
            made[role] = try await APIKeys.create(name: "test-\(role.rawValue)", role: role, store: store, at: now).secret
        }
        let secrets = made
        let services = APIServices(store: store, clock: { now })
        let app = Application(router: buildRouter(services))
        return try await app.test(.router) { client in
            try await body(ServerHarness(store: store, services: services, client: client, secrets: secrets))
        }
    }
}

