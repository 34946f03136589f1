import Foundation
import Hummingbird
import Regulars
import RegularsStore

enum IngestionRoutes {
    static let routes: [APIRoute] = []
    static let schemas: [String: Schema] = [:]
}
