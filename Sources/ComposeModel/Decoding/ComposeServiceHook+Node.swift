extension ComposeServiceHook: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init(command: reader.nullableStrings("command"))
        user = reader.string("user")
        privileged = reader.bool("privileged")
        workingDir = reader.string("working_dir")
        environment = reader.nullableStringMap("environment")
        extensions = reader.finish()
    }

    /// `command` has no `omitempty` in compose-go: always written, null when unset.
    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.setNullable("command", command)
        writer.set("user", user)
        writer.set("privileged", privileged)
        writer.set("working_dir", workingDir)
        writer.set("environment", environment)
        writer.setExtensions(extensions)
        return writer.node
    }
}
