extension ComposeServiceVolume: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        location = node.location
        type = reader.closed("type", as: VolumeType.self)
        source = reader.string("source")
        target = reader.string("target")
        readOnly = reader.bool("read_only")
        consistency = reader.string("consistency")
        bind = reader.object("bind", as: Bind.self)
        volume = reader.object("volume", as: Volume.self)
        tmpfs = reader.object("tmpfs", as: Tmpfs.self)
        image = reader.object("image", as: Image.self)
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("type", type)
        writer.set("source", source)
        writer.set("target", target)
        writer.set("read_only", readOnly)
        writer.set("consistency", consistency)
        writer.set("bind", bind)
        writer.set("volume", volume)
        writer.set("tmpfs", tmpfs)
        writer.set("image", image)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeServiceVolume.Bind: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        selinux = reader.string("selinux")
        propagation = reader.string("propagation")
        createHostPath = reader.bool("create_host_path")
        recursive = reader.string("recursive")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("selinux", selinux)
        writer.set("propagation", propagation)
        writer.set("create_host_path", createHostPath)
        writer.set("recursive", recursive)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeServiceVolume.Volume: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        labels = reader.stringMap("labels")
        nocopy = reader.bool("nocopy")
        subpath = reader.string("subpath")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("labels", labels)
        writer.set("nocopy", nocopy)
        writer.set("subpath", subpath)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeServiceVolume.Tmpfs: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        size = reader.byteSize("size")
        mode = reader.int("mode")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("size", size)
        writer.set("mode", mode)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeServiceVolume.Image: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        subpath = reader.string("subpath")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("subpath", subpath)
        writer.setExtensions(extensions)
        return writer.node
    }
}
