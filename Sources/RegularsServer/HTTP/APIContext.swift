import Foundation
import Hummingbird
import RegularsStore

/// The request context: who is calling, once the key has been checked.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller: APIKey?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        caller = nil
    }

    /// Bodies above this are refused with 413 before they are read; a batch of 1,000 orders fits well within it.
    public var maxUploadSize: Int { APIContext.bodyLimit }
    public static let bodyLimit = 4 * 1024 * 1024
}
