/// The shape of one field of compose-go's typed model, as its mapstructure decoding and JSON marshalling
/// see it: which inputs it accepts, what its zero value prints, and when `omitempty` drops it.
indirect enum TypedShape: Sendable {
    /// Go `string`; numbers are converted to text (compose-go's cast hook).
    case string
    case bool
    /// Any Go integer type.
    case int
    /// Go `float32`.
    case float32
    /// A Go pointer: absent input prints `null` and only `nil` counts as empty.
    case pointer(TypedShape)
    case list(TypedShape)
    /// `map[string]T`, printed with sorted keys.
    case map(TypedShape)
    case object(TypedObject)
    /// A compose-go type with its own decoding (and often its own JSON form).
    case custom(TypedCustom)
    /// Printed as given (top-level `x-` extensions).
    case raw
}

/// One Go struct: its fields in declaration order.
struct TypedObject: Sendable {
    var name: String
    var fields: [TypedField]
    /// Input keys matched case-insensitively (mapstructure does so for fields without a `yaml` tag).
    var caseInsensitiveKeys = false
    /// Whether the Go struct has an inline `Extensions` map (its `x-` keys print in YAML, not in JSON).
    var hasExtensions = true
}

/// Which of compose-go's marshallings to reproduce: they differ in omitted zero structs, `command: null`,
/// extensions, key order and a few custom forms.
public enum TypedFormat: Sendable {
    case json
    case yaml
}

struct TypedField: Sendable {
    /// Key in the input document.
    var key: String
    /// Key in the JSON output.
    var json: String
    var shape: TypedShape
    var omitEmpty: Bool
    /// `omitempty` of the `yaml` tag, where it differs from the `json` one.
    var yamlOmitEmpty: Bool

    init(_ key: String, _ shape: TypedShape, omitEmpty: Bool = true, yamlOmitEmpty: Bool? = nil, json: String? = nil) {
        self.key = key
        self.json = json ?? key
        self.shape = shape
        self.omitEmpty = omitEmpty
        self.yamlOmitEmpty = yamlOmitEmpty ?? omitEmpty
    }
}

enum TypedCustom: Sendable {
    case unitBytes
    case duration
    case shellCommand
    case mappingWithEquals
    case mapping
    case labels
    case options
    case multiOptions
    case hostsList
    case stringList
    case stringOrNumberList
    case ulimit
    case fileMode
    case deviceCount
    case nanoCPUs
    case healthCheckTest
    case sshConfig
    case envFile
}
