/// A part of the typed model that reads itself from a canonical tree node and writes itself back.
///
/// Decoding reports problems to the context and returns nil for a node it cannot use; encoding produces the
/// canonical tree shape (the one `docker compose config --format json` prints).
protocol ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext)
    var composeNode: ComposeNode { get }
}
