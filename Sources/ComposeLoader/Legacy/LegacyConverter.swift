import ComposeModel

/// Converts a version-1 (fig) document — services written at the top level — to the current format.
///
/// Runs on each parsed document before interpolation. The result has the services under `services:`,
/// the attributes that version 1 named differently renamed (`net`, `log_driver`/`log_opt`, `dockerfile`,
/// `volume_driver`), the version-1 meaning of `net: container:x` and `volumes_from` made explicit, and the
/// named volumes version 1 used implicitly declared. Every value keeps its source location. One warning
/// lists what was converted; attributes version 1 did not know are reported as located errors.
public enum LegacyConverter {
    /// True when the document has the version-1 shape: a non-empty mapping without `version`, `services`
    /// or any other top-level key of the later formats, whose entries (other than `x-…` extensions) are
    /// all mappings that carry at least one version-1 service attribute.
    public static func isLegacy(_ document: ComposeNode) -> Bool {
        guard let root = document.mapping else { return false }
        var candidates = 0
        for (key, value) in root {
            if LegacyAttributes.modernTopLevel.contains(key) { return false }
            if LegacyAttributes.isExtension(key) { continue }
            guard let service = value.mapping,
                  service.keys.contains(where: { LegacyAttributes.service.contains($0) })
            else { return false }
            candidates += 1
        }
        return candidates > 0
    }

    /// The converted document and one warning listing what was converted.
    ///
    /// A document that does not have the version-1 shape is returned unchanged, without diagnostics.
    /// `otherServiceNames` are services defined by the project's other files: version 1 resolved
    /// `net: container:x` and `volumes_from: [x]` against every service of the project.
    /// Throws a `DiagnosticError` with every attribute that cannot be converted.
    public static func convert(
        _ document: ComposeNode,
        file: String,
        otherServiceNames: Set<String> = []
    ) throws -> (ComposeNode, [Diagnostic]) {
        guard isLegacy(document), let root = document.mapping else { return (document, []) }

        var serviceNames = otherServiceNames
        for key in root.keys where !LegacyAttributes.isExtension(key) {
            serviceNames.insert(key)
        }

        var conversion = LegacyServiceConversion(serviceNames: serviceNames)
        var services = ComposeMapping()
        var extensions: [(String, ComposeNode, SourceLocation?)] = []
        for (name, value) in root {
            if LegacyAttributes.isExtension(name) {
                extensions.append((name, value, root.keyLocation(name)))
                continue
            }
            guard let service = value.mapping else { continue }
            let converted = conversion.convert(service: service, named: name)
            services.set(name, ComposeNode(.mapping(converted), at: value.location), keyLocation: root.keyLocation(name))
        }

        if !conversion.errors.isEmpty {
            throw DiagnosticError(conversion.errors)
        }

        let firstLine = SourceLocation(file: document.location?.file ?? file, line: 1, column: 1)
        var result = ComposeMapping()
        result.set("services", ComposeNode(.mapping(services), at: document.location ?? firstLine), keyLocation: firstLine)
        let volumes = conversion.namedVolumeDeclarations()
        if !volumes.isEmpty {
            result.set("volumes", ComposeNode(.mapping(volumes), at: firstLine), keyLocation: firstLine)
        }
        for (key, value, keyLocation) in extensions {
            result.set(key, value, keyLocation: keyLocation)
        }

        let warning = Diagnostic.warning(at: firstLine, conversion.report.message)
        return (ComposeNode(.mapping(result), at: document.location, mergeTag: document.mergeTag), [warning])
    }
}
