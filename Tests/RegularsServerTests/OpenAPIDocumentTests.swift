import Foundation
import HTTPTypes
import Hummingbird
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

/// `/openapi.json` against the router: every served route is in the document with its method, its path parameters and
/// its security, and nothing is documented that is not served. (Every answer the other tests get is also checked
/// against the document's statuses and schemas by the harness.)
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test func theDocumentListsExactlyTheRoutesServed() async throws {
        try await withServer { server in
            let response = try await server.send(.get, "/openapi.json", as: nil)
            #expect(response.status == .ok)
            let document = response.json
            #expect(document["openapi"] == "3.1.0")
            guard case .object(let paths)? = document["paths"] else { Issue.record("no paths"); return }
            var documented = Set<String>()
            for (path, operations) in paths {
                guard case .object(let byMethod) = operations else { continue }
                for method in byMethod.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            let served = Set(buildRouter(server.services).routes.map { route in
                "\(route.method) " + route.path.description.split(separator: "/", omittingEmptySubsequences: false).map { part in
                    part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                }.joined(separator: "/")
            })
            #expect(documented == served, "documented only: \(documented.subtracting(served).sorted()); served only: \(served.subtracting(documented).sorted())")

            for route in RouteTable.all {
                let operation = try #require(document["paths"]?[route.openAPIPath]?[route.method.rawValue.lowercased()])
                #expect(operation["operationId"] == .string(route.operation))
                let pathNames = route.path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
                let documentedNames = (operation["parameters"]?.arrayValue ?? []).filter { $0["in"] == "path" }.compactMap { $0["name"]?.stringValue }
                #expect(pathNames.sorted() == documentedNames.sorted(), "\(route.operation) path parameters")
                let secured = !(operation["security"]?.arrayValue?.isEmpty ?? true)
                #expect(secured == (route.permission != .open), "\(route.operation) security")
                #expect(operation["responses"]?["401"] != nil || route.permission == .open)
            }
        }
    }

    @Test func everyReferencedSchemaExists() async throws {
        try await withServer { server in
            let text = try await server.send(.get, "/openapi.json", as: nil).text
            let names = Set(RouteTable.components.keys).union(["Problem"])
            var search = text[...]
            while let range = search.range(of: "#/components/schemas/") {
                let rest = search[range.upperBound...]
                let name = String(rest.prefix { $0 != "\"" })
                #expect(names.contains(name), "missing schema \(name)")
                search = rest
            }
        }
    }

    @Test func requestBodiesAreCheckedAgainstTheDocumentedSchema() async throws {
        try await withServer { server in
            let wrongType = try await server.send(.post, "/v1/keys", json: #"{"name": 5, "role": "admin"}"#)
            #expect(wrongType.status == .unprocessableContent)
            #expect(wrongType.problem?.errors == [FieldProblem(pointer: "/name", detail: "expected a string, found integer")])
            let badEnum = try await server.send(.post, "/v1/keys", json: #"{"name": "x", "role": "owner"}"#)
            #expect(badEnum.problem?.errors?.first?.pointer == "/role")
            let malformed = try await server.send(.post, "/v1/keys", json: #"{"name": "x", "#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.headers[.contentType] == "application/problem+json")
            let empty = try await server.send(.post, "/v1/keys", json: "")
            #expect(empty.status == .unprocessableContent)
            let unknownRoute = try await server.send(.get, "/v1/nothing-here")
            #expect(unknownRoute.status == .notFound)
            #expect(unknownRoute.headers[.contentType] == "application/problem+json")
            let huge = String(repeating: " ", count: APIContext.bodyLimit + 10)
            let tooLarge = try await server.send(.post, "/v1/keys", json: "{\"name\":\"x\",\"role\":\"admin\"}" + huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try server.store.scalar("SELECT count(*) FROM api_keys") == 3, "nothing written by refused requests")
        }
    }
}
