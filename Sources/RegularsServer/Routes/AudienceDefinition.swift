import Foundation
import Regulars
import RegularsStore

/// Definitions in the audience language, as the API reads them.
enum AudienceDefinition {
    /// Reads a definition sent in the body at `pointer`; one that cannot be read is a 422 saying at which column and why.
    static func parse(_ text: String, at pointer: String = "/definition") throws -> AudienceQuery {
        do {
            return try AudienceQuery(parsing: text)
        } catch {
            throw Problem.invalid([FieldProblem(pointer: pointer, detail: error.description)],
                                  detail: "the audience definition cannot be read: \(error.description)")
        }
    }

    /// A saved audience by its name, read as a query.
    static func saved(_ call: APICall, name: String) async throws -> (SavedAudience, AudienceQuery) {
        guard let saved = try await call.store.audience(named: name) else { throw Problem.notFound("no saved audience named '\(name)'") }
        do {
            return (saved, try AudienceQuery(parsing: saved.definition))
        } catch {
            throw Problem.refused("the saved audience '\(name)' no longer reads (\(error.description)); save it again with a new definition")
        }
    }

    /// The whole shop loaded for queries at the call's moment: once per request.
    static func snapshot(_ call: APICall) async throws -> AudienceSnapshot {
        try await AudienceSnapshot.load(call.store, settings: try await call.settings(), now: call.now)
    }

    /// A saved audience's name: what the path and the audit log show.
    static func checkName(_ name: String) throws {
        guard name == name.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else {
            throw Problem.invalid(at: "/name", "a name has no leading or trailing spaces")
        }
    }
}

/// A saved audience and how many customers it has now.
struct AudienceWithCount: Encodable {
    var audience: SavedAudience
    var customers: Int
}

/// How many customers a saved audience or a definition has now.
struct AudienceCountBody: Encodable {
    var name: String
    var definition: String
    var customers: Int
    var asOf: Instant
}

/// `POST /v1/audiences/preview`: a definition as understood, counted, with each part's count.
struct AudiencePreviewBody: Encodable {
    struct Part: Encodable {
        var depth: Int
        var description: String
        var customers: Int
        var notes: [String]
    }

    var definition: String
    var customers: Int
    var asOf: Instant
    var parts: [Part]
}

struct AudienceSaveRequest: Decodable {
    var name: String
    var definition: String
}

struct AudienceDefinitionRequest: Decodable {
    var definition: String
}
