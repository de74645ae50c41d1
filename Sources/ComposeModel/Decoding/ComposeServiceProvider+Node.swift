extension ComposeServiceProvider: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        type = reader.string("type")
        if let optionsNode = reader.take("options"),
           let mapping = context.mapping(optionsNode, reader.childPath("options")) {
            for (key, value) in mapping {
                let valuePath = ComposeDecodingContext.child(reader.childPath("options"), key)
                // compose-go's MultiOptions takes one value or a list of values.
                if value.sequence != nil {
                    options[key] = context.strings(value, valuePath)
                } else if let text = value.scalarText {
                    options[key] = [text]
                } else {
                    context.wrongType(value, valuePath, expected: "a string or an array")
                }
            }
        }
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("type", type)
        if !options.isEmpty {
            var mapping = ComposeMapping()
            for key in options.keys.sorted() {
                mapping[key] = ComposeMappingWriter.strings(options[key] ?? [])
            }
            writer.set("options", .mapping(mapping))
        }
        writer.setExtensions(extensions)
        return writer.node
    }
}
