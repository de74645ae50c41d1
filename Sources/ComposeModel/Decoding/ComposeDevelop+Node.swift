extension ComposeDevelop: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        watch = reader.list("watch", of: Trigger.self)
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("watch", watch)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeDevelop.Trigger: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        let watchPath = reader.string("path")
        let action = reader.closed("action", as: ComposeDevelop.Action.self)
        guard let watchPath, let action else {
            if reader.mapping["path"] == nil || reader.mapping["action"] == nil {
                context.fail(at: node.location, path, "a watch rule needs a path and an action")
            }
            return nil
        }
        self.init(path: watchPath, action: action)
        target = reader.string("target")
        exec = reader.object("exec", as: ComposeServiceHook.self)
        include = reader.strings("include")
        ignore = reader.strings("ignore")
        initialSync = reader.bool("initial_sync")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("path", path)
        writer.set("action", action)
        writer.set("target", target)
        writer.set("exec", exec)
        writer.set("include", include)
        writer.set("ignore", ignore)
        writer.set("initial_sync", initialSync)
        writer.setExtensions(extensions)
        return writer.node
    }
}
