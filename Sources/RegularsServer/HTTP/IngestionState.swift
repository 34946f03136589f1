/// State the ingestion routes keep for the server's life.
public final class IngestionState: Sendable {
    public init() {}
}
